"""Inspectors on the aggregate alone: at least two act together, conflicted inspectors step aside
回避, a party may request recusal, and only active, assigned inspectors act."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.core.errors import (
    NothingToChangeError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    InspectorAssignmentError,
    InspectorConflictError,
    InspectorNotActiveError,
)
from domain.inspections.values import (
    InspectionResult,
    InspectionStatus,
)
from tests.unit.inspections.inspection_rules_support import (
    DUE,
    FIRM,
    Walk,
    findings,
    inspector,
    meta,
    planned,
    refused,
)

# -- inspectors ----------------------------------------------------------------------------------


def test_at_least_two_inspectors() -> None:
    """行政处罚法 art. 42: at least two inspectors act together."""
    inspection = planned()
    a, b = inspector("A1"), inspector("B1")
    error = refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a], [FIRM], DEFAULT_POLICY),
    )
    assert error.context == {"required": 2, "present": 1}
    # The same inspector twice is still one inspector.
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, a], [FIRM], DEFAULT_POLICY),
    )
    inspection.assign_inspectors(meta(), [a, b], [FIRM], DEFAULT_POLICY)
    # Findings are recorded by at least two assigned inspectors acting together.
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.record_findings(meta(), findings(), [a.id], DEFAULT_POLICY),
    )


def test_at_least_two_inspectors_after_a_recusal_until_another_is_assigned() -> None:
    walk = Walk()
    inspection = walk.inspection
    inspection.recuse(meta(), walk.a.id, requested_by_party=False)
    assert inspection.inspectors_needed(2) == 1
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.record_findings(meta(), findings(), [walk.b.id], DEFAULT_POLICY),
    )
    inspection.assign_inspectors(meta(), [walk.c], [FIRM], DEFAULT_POLICY)
    inspection.record_findings(meta(), findings(), [walk.b.id, walk.c.id], DEFAULT_POLICY)
    assert inspection.status is InspectionStatus.CONDUCTED


def test_at_least_two_inspectors_before_the_result() -> None:
    walk = Walk().found()
    walk.inspection.recuse(meta(date(2024, 3, 6)), walk.b.id, requested_by_party=True)
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 8)), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


def test_more_inspectors_when_the_policy_asks_for_more() -> None:
    three = DEFAULT_POLICY.model_copy(update={"inspectors_per_inspection": 3})
    inspection = planned()
    a, b = inspector("A1"), inspector("B1")
    with pytest.raises(AtLeastTwoInspectorsError):
        inspection.assign_inspectors(meta(), [a, b], [FIRM], three)


def test_conflicted_inspector_steps_aside_when_in_the_supervising_unit() -> None:
    inspection = planned(supervising_unit="律师工作科")
    a, same_unit = inspector("A1"), inspector("S1", unit="律师工作科")
    error = refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, same_unit], [FIRM], DEFAULT_POLICY),
    )
    assert error.context["inspector_id"] == str(same_unit.id)
    assert "律师工作科" in error.context["reasons"][0]


def test_conflicted_inspector_steps_aside_after_declaring_a_conflict() -> None:
    inspection = planned()
    a, declared = inspector("A1"), inspector("D1")
    declared.declare_conflict(meta(), FIRM, "配偶在该所执业")
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, declared], [FIRM], DEFAULT_POLICY),
    )
    # A conflict with another subject does not matter here.
    other = inspector("O1")
    other.declare_conflict(meta(), uuid4(), "亲属")
    inspection.assign_inspectors(meta(), [a, other], [FIRM], DEFAULT_POLICY)


def test_conflicted_inspector_steps_aside_when_previously_employed_by_the_subject() -> None:
    inspection = planned()
    a, former = inspector("A1"), inspector("E1")
    former.record_previous_employment(meta(), FIRM)
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, former], [FIRM], DEFAULT_POLICY),
    )
    # A lawyer's inspection counts the firm the lawyer belongs to (passed as a related id).
    lawyer_inspection = planned()
    with pytest.raises(InspectorConflictError):
        lawyer_inspection.assign_inspectors(meta(), [a, former], [uuid4(), FIRM], DEFAULT_POLICY)


def test_conflicts_are_recorded_once() -> None:
    staff = inspector("A1")
    staff.declare_conflict(meta(), FIRM, "亲属")
    with pytest.raises(NothingToChangeError):
        staff.declare_conflict(meta(), FIRM, "亲属")
    staff.record_previous_employment(meta(), FIRM)
    with pytest.raises(NothingToChangeError):
        staff.record_previous_employment(meta(), FIRM)
    assert [type(e).__name__ for e in staff.collect_events()] == [
        "ConflictDeclared",
        "PreviousEmploymentRecorded",
    ]


def test_party_may_request_recusal() -> None:
    walk = Walk()
    walk.inspection.recuse(meta(reason="当事人申请回避"), walk.a.id, requested_by_party=True)
    assert walk.inspection.recused == {walk.a.id: True}
    assert walk.a.id not in walk.inspection.inspector_ids
    event = walk.inspection.collect_events()[-1]
    assert type(event).__name__ == "InspectorRecused"
    assert event.requested_by_party is True  # type: ignore[attr-defined]
    assert event.meta.reason == "当事人申请回避"  # type: ignore[attr-defined]


def test_a_recused_inspector_is_not_assigned_again() -> None:
    walk = Walk()
    walk.inspection.recuse(meta(), walk.a.id, requested_by_party=True)
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        walk.inspection,
        lambda: walk.inspection.assign_inspectors(meta(), [walk.a], [FIRM], DEFAULT_POLICY),
    )


def test_only_a_assigned_inspector_is_recused() -> None:
    walk = Walk()
    refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.recuse(meta(), walk.c.id, requested_by_party=False),
    )


def test_assign_only_active_inspectors() -> None:
    inspection = planned()
    a, retired = inspector("A1"), inspector("R1")
    retired.deactivate(meta())
    refused(
        InspectorNotActiveError,
        "AssignOnlyActiveInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, retired], [FIRM], DEFAULT_POLICY),
    )


def test_an_inspector_is_assigned_once() -> None:
    walk = Walk()
    refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.assign_inspectors(meta(), [walk.a], [FIRM], DEFAULT_POLICY),
    )


def test_only_assigned_inspectors_act() -> None:
    walk = Walk()
    error = refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.record_findings(
            meta(), findings(), [walk.a.id, walk.c.id], DEFAULT_POLICY
        ),
    )
    assert error.context == {"inspector_ids": [str(walk.c.id)]}
