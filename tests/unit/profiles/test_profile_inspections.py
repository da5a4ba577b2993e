"""The profile's inspections section (events made in memory, no database): rectification due,
then overdue until verified, and a cancelled spot check not counted."""

from __future__ import annotations

from datetime import date

from domain.core.calendar import Deadline
from domain.core.values import OrganizationKind
from domain.inspections.checklists import (
    Checklist,
    default_checklists,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
)
from domain.inspections.values import InspectionResult as R
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)
from domain.registry.organizations import Organization
from projections.profiles.render import render
from tests.unit.profiles.profile_fold_support import (
    POLICY,
    Log,
    firm,
    m,
    profile,
)


def _inspected(log: Log, org: Organization) -> Inspection:
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    checklist = Checklist(meta=m(date(2020, 1, 2)), kind=template.kind, code="u")
    checklist.publish(m(date(2020, 1, 2)), template.title, template.items)
    staff = [
        Inspector(meta=m(date(2020, 1, 2)), number=f"U-I{n}", details=InspectorDetails(
            name=f"检查员{n}", unit="执法科"))
        for n in range(2)
    ]  # fmt: skip
    inspection = Inspection.plan(
        m(date(2024, 3, 1)), InspectionKind.ROUTINE, org.id, org.kind, checklist, None, POLICY
    )
    inspection.assign_inspectors(m(date(2024, 3, 1)), staff, [org.id], POLICY)
    findings = [
        Finding(item_id=i.item_id, outcome=FindingOutcome.FAIL, evidence=("笔录-1",))
        if i.item_id in ("BU-02", "FF-01")
        else Finding(item_id=i.item_id, outcome=FindingOutcome.PASS)
        for i in template.items
    ]
    inspection.record_findings(m(date(2024, 3, 5)), findings, [s.id for s in staff], POLICY)
    inspection.record_result(
        m(date(2024, 3, 8)), R.NON_COMPLIANT, "两项不合格", Deadline(date(2024, 4, 3)), POLICY
    )
    inspection.order_rectification(m(date(2024, 3, 11)), date(2024, 4, 30), "限期整改")
    log.take(inspection)
    return inspection


def test_rectification_is_due_then_overdue_until_verified(log: Log) -> None:
    org = firm(log)
    inspection = _inspected(log, org)
    state = profile(log, org)
    on_time = render(state, date(2024, 4, 30), POLICY)["inspections"]
    assert on_time["last"]["result"] == "non_compliant"
    assert [f["item_id"] for f in on_time["open_findings"]] == ["BU-02", "FF-01"]
    assert [r["due_on"] for r in on_time["rectifications_due"]] == ["2024-04-30"]
    assert on_time["rectifications_overdue"] == []
    late = render(state, date(2024, 5, 1), POLICY)
    assert [r["due_on"] for r in late["inspections"]["rectifications_overdue"]] == ["2024-04-30"]
    assert late["risk"]["tier"] == "high"
    assert "RectificationOverdue" in [r["rule"] for r in late["risk"]["reasons"]]
    inspection.verify_rectification(m(date(2024, 5, 6)), True)
    log.take(inspection)
    done = render(profile(log, org), date(2024, 5, 7), POLICY)["inspections"]
    assert done["open_findings"] == done["rectifications_overdue"] == []


def test_a_cancelled_spot_check_is_not_counted(log: Log) -> None:
    """A spot check planned by a draw that was then voided never took place."""
    org = firm(log)
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    checklist = Checklist(meta=m(date(2020, 1, 2)), kind=template.kind, code="c")
    checklist.publish(m(date(2020, 1, 2)), template.title, template.items)
    spot = Inspection.plan(
        m(date(2024, 6, 3)), InspectionKind.SPOT_CHECK, org.id, org.kind, checklist, None, POLICY
    )
    log.take(spot)
    assert render(profile(log, org), date(2024, 6, 4), POLICY)["inspections"]["count"] == 1
    spot.cancel(m(date(2024, 6, 5)), "抽取结果作废")
    log.take(spot)
    assert render(profile(log, org), date(2024, 6, 6), POLICY)["inspections"]["count"] == 0
