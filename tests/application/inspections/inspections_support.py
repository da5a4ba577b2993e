"""Shared by the inspection tests through the ledger (SQLite in memory, TODAY = 2024-12-31, PRC
calendar): `Bureau` (a firm, a lawyer, four inspectors, the law-firm annual checklist) and
`refused_without_writing` (a rejected command writes nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.core.errors import (
    LedgerError,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.inspections.checklists import (
    default_checklists,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
)
from domain.ledger import ComplianceLedger
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails

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
