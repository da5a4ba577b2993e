"""Inspection stages on the aggregate alone (DOMAIN.md "Inspections"): the states in order, a
result after the findings, steps in date order, and replaying the events without re-judging."""

from __future__ import annotations

from datetime import date

from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    OrganizationKind,
)
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    FindingsIncompleteError,
    InspectionStageError,
    InspectionStepDateError,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from tests.unit.inspections.inspection_rules_support import (
    DUE,
    FIRM,
    Walk,
    checklist,
    findings,
    inspector,
    meta,
    planned,
    refused,
)

# -- stages --------------------------------------------------------------------------------------


def test_inspection_walks_the_states_in_order() -> None:
    walk = Walk()
    inspection = walk.inspection
    assert inspection.status is InspectionStatus.INSPECTORS_ASSIGNED
    walk.concluded()
    assert inspection.status is InspectionStatus.RESULT_RECORDED
    assert inspection.concluded_on == date(2024, 3, 8)
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "公示收费标准")
    assert inspection.status is InspectionStatus.RECTIFICATION_ORDERED
    inspection.verify_rectification(meta(date(2024, 4, 8)), passed=True)
    assert inspection.status is InspectionStatus.RECTIFICATION_VERIFIED
    inspection.publish(meta(date(2024, 4, 9)), DUE)
    assert inspection.status is InspectionStatus.PUBLISHED
    inspection.close(meta(date(2024, 4, 10)))
    assert inspection.status is InspectionStatus.CLOSED
    assert [type(e).__name__ for e in inspection.collect_events()] == [
        "InspectorsAssigned",
        "FindingsRecorded",
        "ResultRecorded",
        "RectificationOrdered",
        "RectificationVerified",
        "Published",
        "Closed",
    ]


def test_inspection_stages_in_order() -> None:
    fresh = planned()
    assert fresh.status is InspectionStatus.PLANNED
    a, b = inspector("A1"), inspector("B1")
    refused(  # nobody is assigned yet
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        fresh,
        lambda: fresh.record_findings(meta(), findings(), [a.id, b.id], DEFAULT_POLICY),
    )
    walk = Walk()
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        walk.inspection,
        lambda: walk.inspection.publish(meta(), DUE),
    )
    walk.concluded()
    for late_step in (
        lambda: walk.inspection.record_findings(
            meta(date(2024, 3, 9)), findings(), walk.pair, DEFAULT_POLICY
        ),
        lambda: walk.inspection.assign_inspectors(
            meta(date(2024, 3, 9)), [walk.c], [FIRM], DEFAULT_POLICY
        ),
        lambda: walk.inspection.recuse(meta(date(2024, 3, 9)), walk.a.id, requested_by_party=True),
        lambda: walk.inspection.verify_rectification(meta(date(2024, 3, 9)), passed=True),
    ):
        refused(InspectionStageError, "InspectionStagesInOrder", walk.inspection, late_step)


def test_a_result_waits_for_findings() -> None:
    walk = Walk()
    refused(
        FindingsIncompleteError,
        "EveryChecklistItemFound",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


def test_inspection_steps_in_date_order() -> None:
    walk = Walk().found()
    refused(
        InspectionStepDateError,
        "InspectionStepsInDateOrder",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 4)), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


# -- history -------------------------------------------------------------------------------------


def test_replaying_the_events_rebuilds_the_same_inspection_without_rejudging() -> None:
    """Events only assign state: replay under a stricter policy gives the same record."""
    walk = Walk()
    fresh = Inspection.plan(
        meta(),
        InspectionKind.ANNUAL,
        FIRM,
        OrganizationKind.LAW_FIRM,
        checklist(),
        None,
        DEFAULT_POLICY,
    )
    fresh.assign_inspectors(meta(), [walk.a, walk.b], [FIRM], DEFAULT_POLICY)
    fresh.record_findings(meta(), findings(("FF-01",)), walk.pair, DEFAULT_POLICY)
    fresh.record_result(meta(), InspectionResult.NON_COMPLIANT, "x", DUE, DEFAULT_POLICY)
    events = fresh.collect_events()
    replayed: Inspection | None = None
    for stored in events:
        replayed = stored.mutate(replayed)  # type: ignore[attr-defined]
    assert replayed is not None
    assert vars(replayed) == vars(fresh)
