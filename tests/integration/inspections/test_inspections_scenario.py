"""One inspection story, run the same way on SQLite and on PostgreSQL: a checklist, a plan, a
conflicted inspector refused, a recusal at a party's request and a replacement, findings, a
non-compliant result, rectification, an overdue alert, late publication, verification, closing,
and a later checklist version that leaves the inspection as it was."""

from __future__ import annotations

from datetime import date

import pytest

from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import default_checklists
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    InspectorConflictError,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
)
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import OrganizationDetails
from tests.conftest import read

SUPERVISOR = Actor(principal_id="supervisor.scenario", role=Role.SUPERVISOR)
INSPECTOR = Actor(principal_id="inspector.scenario", role=Role.INSPECTOR)


def m(command_id: str, day: date, actor: Actor = SUPERVISOR, reason: str = "scenario") -> EventMeta:
    return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=command_id)


def test_inspection_story_on_each_backend(any_services: Services) -> None:
    ledger = any_services.ledger
    office = ledger.register_organization(
        m("office", date(2024, 1, 2)),
        OrganizationKind.NOTARY_OFFICE,
        "NOTARY-SC-1",
        OrganizationDetails(name="北京市某公证处（虚构）"),
    ).subject_id
    staff = [
        ledger.register_inspector(
            m(f"insp-{n}", date(2024, 1, 2)),
            f"京司执SC{n}",
            InspectorDetails(name=f"检查员{n}", unit="公证工作科" if n == 0 else "执法监督科"),
        ).subject_id
        for n in range(4)
    ]
    same_unit, a, b, c = staff
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.NOTARY_OFFICE)
    checklist = ledger.publish_checklist(
        m("checklist-v1", date(2024, 1, 5)),
        template.kind,
        template.code,
        template.title,
        template.items,
    ).subject_id

    inspection = ledger.plan_inspection(
        m("plan", date(2024, 9, 2)),
        InspectionKind.SPOT_CHECK,
        office,
        checklist,
        supervising_unit="公证工作科",
        source_ref="draw-2024-09",
    ).subject_id
    with pytest.raises(InspectorConflictError):
        ledger.assign_inspectors(m("assign-bad", date(2024, 9, 2)), inspection, [same_unit, a])
    ledger.assign_inspectors(m("assign", date(2024, 9, 2)), inspection, [a, b])
    ledger.recuse_inspector(
        m("recuse", date(2024, 9, 3), reason="当事人申请回避"), inspection, a, True
    )
    with pytest.raises(AtLeastTwoInspectorsError):
        ledger.record_findings(
            m("find-alone", date(2024, 9, 3), INSPECTOR),
            inspection,
            [Finding(item_id="BU-01", outcome=FindingOutcome.PASS)],
            [b],
        )
    ledger.assign_inspectors(m("replace", date(2024, 9, 3)), inspection, [c])

    findings = [
        Finding(
            item_id=item.item_id,
            outcome=FindingOutcome.FAIL if item.item_id == "BU-02" else FindingOutcome.PASS,
            evidence=("审批记录截图-07",) if item.item_id == "BU-02" else (),
            note="两件公证书出证前无审批记录" if item.item_id == "BU-02" else None,
        )
        for item in template.items
    ]
    ledger.record_findings(m("find", date(2024, 9, 10), INSPECTOR), inspection, findings, [b, c])
    ledger.record_inspection_result(
        m("result", date(2024, 9, 20), INSPECTOR),
        inspection,
        InspectionResult.NON_COMPLIANT,
        "存在未经审批出证情形",
    )
    ledger.order_rectification(
        m("rectify", date(2024, 9, 23), INSPECTOR), inspection, date(2024, 10, 31), "完善出证审批"
    )
    # A later checklist version changes nothing recorded.
    ledger.publish_checklist(
        m("checklist-v2", date(2024, 10, 1)),
        template.kind,
        template.code,
        template.title + "（修订）",
        template.items[:2],
    )

    report = read(ledger).inspections.overdue(date(2024, 11, 1))
    assert [(o.what, o.inspection.id, o.due_on) for o in report.items] == [
        ("publication", inspection, date(2024, 10, 23)),
        ("rectification", inspection, date(2024, 10, 31)),
    ]

    ledger.publish_inspection(m("publish", date(2024, 11, 1)), inspection)
    ledger.verify_rectification(m("verify", date(2024, 11, 4), INSPECTOR), inspection, True)
    ledger.close_inspection(m("close", date(2024, 11, 5)), inspection)

    # A retry of an accepted command answers the original result and writes nothing.
    head = ledger.recorder.max_notification_id()
    again = ledger.close_inspection(m("close", date(2024, 11, 5)), inspection)
    assert again.replayed and ledger.recorder.max_notification_id() == head

    # Read back from the store: a fresh repository fold, not the objects above.
    record = ledger.get_inspection(inspection)
    assert record.status.value == "closed"
    assert record.published_late is True
    assert record.checklist_version == 1
    assert record.item_ids == tuple(i.item_id for i in template.items)
    assert record.inspector_ids == (b, c) and record.recused == {a: True}
    assert record.findings["BU-02"].evidence == ("审批记录截图-07",)
    assert [v.version for v in ledger.get_checklist(checklist).versions] == [1, 2]
    assert read(ledger).inspections.overdue(date(2024, 12, 31)).items == []
    events = [type(e).__name__ for e in ledger.history(inspection)]
    assert events == [
        "Planned",
        "InspectorsAssigned",
        "InspectorRecused",
        "InspectorsAssigned",
        "FindingsRecorded",
        "ResultRecorded",
        "RectificationOrdered",
        "Published",
        "RectificationVerified",
        "Closed",
    ]
