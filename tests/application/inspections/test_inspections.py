"""Inspections through the ledger (SQLite in memory, TODAY = 2024-12-31, PRC calendar): the
working-day publication deadline, policy versions, conflicts from the registry, the overdue list,
listing, idempotency and rejected commands writing nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.core.calendar import (
    Deadline,
    YearSchedule,
)
from domain.core.errors import (
    EntityNotFoundError,
    LedgerError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.inspections.checklists import (
    Checklist,
    default_checklists,
)
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    InspectorConflictError,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import RecordClosedError
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from store.calendar import prc_calendar
from store.config import parse_database_url
from tests.conftest import sqlite_memory_url

Meta = Callable[..., EventMeta]
SUPERVISOR = Actor(principal_id="supervisor.test", role=Role.SUPERVISOR)
ITEMS = ("PB-01", "PB-02", "BU-01", "BU-02", "CO-01", "CO-02", "IM-01", "IM-02", "FF-01", "FF-02")


def stored(ledger: ComplianceLedger) -> list[tuple[int, str]]:
    notifications = ledger.recorder.select_notifications(start=None, limit=100_000)
    return [(n.id, n.topic) for n in notifications]


def refused_without_writing(
    ledger: ComplianceLedger, error: type[LedgerError], rule: str, command: Callable[[], object]
) -> LedgerError:
    before = stored(ledger)
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert stored(ledger) == before
    return caught.value


class Bureau:
    """A firm, a lawyer in it, four inspectors and the default law-firm annual checklist."""

    def __init__(self, ledger: ComplianceLedger, meta: Meta) -> None:
        self.ledger, self.meta = ledger, meta
        at = date(2024, 1, 2)
        self.firm = ledger.register_organization(
            meta(effective_on=at),
            OrganizationKind.LAW_FIRM,
            "31110000AP0001",
            OrganizationDetails(name="北京市大兴区示例律师事务所"),
        ).subject_id
        self.lawyer = ledger.register_practitioner(
            meta(effective_on=at),
            PractitionerKind.LAWYER,
            "11101AP0001",
            PractitionerDetails(name="李示例"),
        ).subject_id
        ledger.join_organization(meta(effective_on=at), self.lawyer, self.firm)
        self.inspectors = [
            ledger.register_inspector(
                meta(effective_on=at),
                f"京司执AP{n}",
                InspectorDetails(name=f"检查员{n}", unit="执法监督科" if n < 3 else "律师工作科"),
            ).subject_id
            for n in range(4)
        ]
        template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
        self.checklist = ledger.publish_checklist(
            self.sv(at), template.kind, template.code, template.title, template.items
        ).subject_id

    def sv(self, day: date, reason: str = "test") -> EventMeta:
        return self.meta(actor=SUPERVISOR, effective_on=day, reason=reason)

    def plan(self, day: date = date(2024, 3, 1), subject: UUID | None = None) -> UUID:
        return self.ledger.plan_inspection(
            self.sv(day),
            InspectionKind.ANNUAL if subject is None else InspectionKind.ROUTINE,
            subject or self.firm,
            self.checklist,
            supervising_unit="律师工作科",
        ).subject_id

    def conclude(
        self,
        day: date,
        result: InspectionResult = InspectionResult.NON_COMPLIANT,
        inspection: UUID | None = None,
    ) -> UUID:
        inspection = inspection or self.plan(day)
        pair = self.inspectors[:2]
        self.ledger.assign_inspectors(self.sv(day), inspection, pair)
        fail = ("FF-01",) if result is not InspectionResult.COMPLIANT else ()
        findings = [
            Finding(item_id=i, outcome=FindingOutcome.FAIL, evidence=("笔录-1",))
            if i in fail
            else Finding(item_id=i, outcome=FindingOutcome.PASS)
            for i in ITEMS
        ]
        self.ledger.record_findings(self.sv(day), inspection, findings, pair)
        self.ledger.record_inspection_result(self.sv(day), inspection, result, "检查结论")
        return inspection


@pytest.fixture
def bureau(ledger: ComplianceLedger, meta: Meta) -> Bureau:
    return Bureau(ledger, meta)


def test_an_inspection_walks_from_plan_to_close(ledger: ComplianceLedger, bureau: Bureau) -> None:
    inspection_id = bureau.conclude(date(2024, 3, 1))
    ledger.order_rectification(
        bureau.sv(date(2024, 3, 4)), inspection_id, date(2024, 4, 4), "公示收费标准"
    )
    ledger.publish_inspection(bureau.sv(date(2024, 3, 15)), inspection_id)
    ledger.verify_rectification(bureau.sv(date(2024, 4, 3)), inspection_id, passed=True)
    ledger.close_inspection(bureau.sv(date(2024, 4, 5)), inspection_id)
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.status is InspectionStatus.CLOSED
    assert inspection.published_late is False
    topics = [type(e).TOPIC for e in ledger.history(inspection_id)]  # type: ignore[attr-defined]
    assert topics == [
        "ledger.Inspection.Planned",
        "ledger.Inspection.InspectorsAssigned",
        "ledger.Inspection.FindingsRecorded",
        "ledger.Inspection.ResultRecorded",
        "ledger.Inspection.RectificationOrdered",
        "ledger.Inspection.Published",
        "ledger.Inspection.RectificationVerified",
        "ledger.Inspection.Closed",
    ]


def test_results_published_within_20_working_days_on_the_prc_calendar(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    """Concluded Friday 2024-09-20: the National Day week is off and Sunday 09-29 and Saturday
    10-12 are make-up working days, so the 20th working day is 2024-10-23 (weekday arithmetic
    would say 10-18)."""
    inspection = ledger.get_inspection(bureau.conclude(date(2024, 9, 20)))
    assert inspection.publication_due == date(2024, 10, 23)
    assert inspection.publication_provisional is False
    assert inspection.concluded_on == date(2024, 9, 20)


def test_publication_deadline_past_the_known_years_is_provisional_and_recomputed(
    meta: Meta,
) -> None:
    late_clock = ComplianceLedger(
        env=parse_database_url(sqlite_memory_url()).env,
        clock=lambda: date(2026, 12, 31),
        calendar=prc_calendar(),
    )
    try:
        bureau = Bureau(late_clock, meta)
        inspection_id = bureau.conclude(date(2026, 12, 15))
        inspection = late_clock.get_inspection(inspection_id)
        assert inspection.publication_provisional is True  # 2027 is not known yet
        assert inspection.publication_due is not None
        assert late_clock.inspection_publication_deadline(inspection) == Deadline(
            inspection.publication_due, provisional=True
        )
        # The 2027 schedule arrives: New Year's Day and a fictional extra day off on 01-12.
        late_clock.calendar = late_clock.calendar.with_year(
            YearSchedule(2027, frozenset({date(2027, 1, 1), date(2027, 1, 12)}))
        )
        recomputed = late_clock.inspection_publication_deadline(inspection)
        assert recomputed is not None and recomputed.provisional is False
        assert inspection.publication_due is not None
        assert recomputed.due > inspection.publication_due
    finally:
        late_clock.close()


def test_the_result_is_judged_under_the_policy_in_force_on_its_date(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    before = ledger.get_inspection(bureau.conclude(date(2024, 9, 20)))
    ledger.publish_policy(
        bureau.sv(date(2024, 10, 1)),
        DEFAULT_POLICY.model_copy(
            update={
                "version": "2024.10",
                "effective_from": date(2024, 10, 1),
                "inspection_publication_working_days": 10,
            }
        ),
    )
    after_id = bureau.conclude(date(2024, 11, 1))
    after = ledger.get_inspection(after_id)
    assert after.publication_working_days == 10
    recorded = ledger.history(after_id)[3]
    assert recorded.policy_version == "2024.10"  # type: ignore[attr-defined]
    # The earlier inspection keeps the deadline it was given.
    assert ledger.get_inspection(before.id).publication_due == date(2024, 10, 23)


def test_at_least_two_inspectors(ledger: ComplianceLedger, bureau: Bureau) -> None:
    inspection = bureau.plan()
    refused_without_writing(
        ledger,
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        lambda: ledger.assign_inspectors(
            bureau.sv(date(2024, 3, 1)), inspection, bureau.inspectors[:1]
        ),
    )


def test_conflicted_inspector_steps_aside_by_unit_declaration_or_previous_employment(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    a, b, c, same_unit = bureau.inspectors
    inspection = bureau.plan()
    day = date(2024, 3, 1)
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), inspection, [a, same_unit]),
    )
    ledger.declare_inspector_conflict(bureau.sv(day), b, bureau.firm, "配偶在该所执业")
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), inspection, [a, b]),
    )
    # Previous employment by the firm also keeps an inspector off its lawyers.
    ledger.record_inspector_previous_employment(bureau.sv(day), c, bureau.firm)
    lawyer_inspection = ledger.plan_inspection(
        bureau.sv(day),
        InspectionKind.ROUTINE,
        bureau.lawyer,
        ledger.publish_checklist(
            bureau.sv(day),
            PractitionerKind.LAWYER,
            "routine",
            "律师执业检查",
            default_checklists()[0].items[:3],
        ).subject_id,
    ).subject_id
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), lawyer_inspection, [a, c]),
    )
    assert ledger.get_inspector(c).previous_employers == {bureau.firm}


def test_party_may_request_recusal_and_a_replacement_is_assigned(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    a, b, c, _ = bureau.inspectors
    inspection_id = bureau.plan()
    day = date(2024, 3, 1)
    ledger.assign_inspectors(bureau.sv(day), inspection_id, [a, b])
    ledger.recuse_inspector(
        bureau.sv(day, "当事人申请回避"), inspection_id, a, requested_by_party=True
    )
    refused_without_writing(
        ledger,
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        lambda: ledger.record_findings(
            bureau.sv(day),
            inspection_id,
            [Finding(item_id="PB-01", outcome=FindingOutcome.PASS)],
            [b],
        ),
    )
    ledger.assign_inspectors(bureau.sv(day), inspection_id, [c])
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.inspector_ids == (b, c)
    assert inspection.recused == {a: True}


def test_a_deregistered_subject_is_not_inspected(
    ledger: ComplianceLedger, bureau: Bureau, meta: Meta
) -> None:
    ledger.leave_organization(meta(effective_on=date(2024, 2, 1)), bureau.lawyer)
    ledger.deregister_organization(meta(effective_on=date(2024, 2, 2)), bureau.firm)
    refused_without_writing(
        ledger,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: bureau.plan(),
    )


def test_unknown_subject_checklist_or_inspector_is_not_found(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    with pytest.raises(EntityNotFoundError):
        ledger.plan_inspection(
            bureau.sv(date(2024, 3, 1)), InspectionKind.ROUTINE, bureau.checklist, bureau.checklist
        )
    with pytest.raises(EntityNotFoundError):
        ledger.plan_inspection(
            bureau.sv(date(2024, 3, 1)), InspectionKind.ROUTINE, bureau.firm, bureau.firm
        )
    inspection = bureau.plan()
    with pytest.raises(EntityNotFoundError):
        ledger.assign_inspectors(
            bureau.sv(date(2024, 3, 1)), inspection, [bureau.firm, bureau.lawyer]
        )


def test_publishing_a_new_checklist_version_never_changes_a_recorded_inspection(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    inspection_id = bureau.plan()
    template = default_checklists()[0]
    ledger.publish_checklist(
        bureau.sv(date(2024, 6, 1)),
        template.kind,
        template.code,
        template.title + "（2024修订）",
        template.items[:-1],
    )
    checklist = ledger.get_checklist(bureau.checklist)
    assert [v.version for v in checklist.versions] == [1, 2]
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.checklist_version == 1
    assert inspection.item_ids == ITEMS
    assert ledger.checklist_version_of(inspection).item_ids == ITEMS
    # Findings still follow version 1, including the item version 2 dropped.
    bureau.conclude(date(2024, 6, 2), inspection=inspection_id)
    assert "FF-02" in ledger.get_inspection(inspection_id).findings
    assert ledger.list_checklists(OrganizationKind.LAW_FIRM)[0].id == Checklist.create_id(
        OrganizationKind.LAW_FIRM, "annual"
    )


def test_overdue_publications_and_rectifications_as_of_a_date(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    unpublished = bureau.conclude(date(2024, 9, 20))  # due 2024-10-23
    published = bureau.conclude(date(2024, 9, 20))
    ledger.publish_inspection(bureau.sv(date(2024, 10, 8)), published)
    rectifying = bureau.conclude(date(2024, 9, 2))
    ledger.order_rectification(bureau.sv(date(2024, 9, 3)), rectifying, date(2024, 10, 31), "整改")
    ledger.publish_inspection(bureau.sv(date(2024, 9, 4)), rectifying)

    on_time = ledger.overdue_inspections(date(2024, 10, 23))
    assert on_time.publications == [] and on_time.rectifications == []

    report = ledger.overdue_inspections(date(2024, 11, 4))
    assert [(o.inspection_id, o.due_on, o.days_overdue) for o in report.publications] == [
        (unpublished, date(2024, 10, 23), 12)
    ]
    assert [(o.inspection_id, o.due_on, o.days_overdue) for o in report.rectifications] == [
        (rectifying, date(2024, 10, 31), 4)
    ]
    assert report.rectifications[0].what == "rectification"

    # Overdue is an alert, not a block: the late publication is accepted and marked late.
    ledger.publish_inspection(bureau.sv(date(2024, 11, 4)), unpublished)
    assert ledger.get_inspection(unpublished).published_late is True
    ledger.verify_rectification(bureau.sv(date(2024, 11, 5)), rectifying, passed=True)
    cleared = ledger.overdue_inspections(date(2024, 11, 6))
    assert cleared.publications == [] and cleared.rectifications == []
    assert ledger.overdue_inspections().as_of == date(2024, 12, 31)


def test_list_inspections_by_subject_and_status(ledger: ComplianceLedger, bureau: Bureau) -> None:
    planned = bureau.plan()
    concluded = bureau.conclude(date(2024, 3, 2))
    assert {i.id for i in ledger.list_inspections(subject_id=bureau.firm)} == {planned, concluded}
    assert [i.id for i in ledger.list_inspections(status=InspectionStatus.PLANNED)] == [planned]
    assert [i.id for i in ledger.list_inspections(status=InspectionStatus.RESULT_RECORDED)] == [
        concluded
    ]
    assert ledger.list_inspections(subject_id=bureau.lawyer) == []


def test_planning_is_idempotent_by_command_id(ledger: ComplianceLedger, bureau: Bureau) -> None:
    meta = bureau.sv(date(2024, 3, 1))
    first = ledger.plan_inspection(meta, InspectionKind.ANNUAL, bureau.firm, bureau.checklist)
    again = ledger.plan_inspection(meta, InspectionKind.ANNUAL, bureau.firm, bureau.checklist)
    assert again.replayed and again.subject_id == first.subject_id
    assert first.subject_id == Inspection.create_id(meta)
    assert len(ledger.list_inspections()) == 1
