"""Shared by the inspection rule tests of this folder: a law firm, inspectors, the law-firm
checklist, a planned inspection, findings, `Walk` (an inspection moved along as far as a test
needs) and `refused` (a refused command records nothing and changes nothing)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.core.calendar import Deadline
from domain.core.errors import (
    LedgerError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import (
    Checklist,
    ChecklistCategory,
    ChecklistItem,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
)
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)

SUPERVISOR = Actor(principal_id="supervisor.unit", role=Role.SUPERVISOR)
FIRM = uuid4()
DUE = Deadline(date(2024, 4, 30))
P, F, NA = FindingOutcome.PASS, FindingOutcome.FAIL, FindingOutcome.NOT_APPLICABLE


def meta(day: date = date(2024, 3, 1), reason: str = "unit test") -> EventMeta:
    return EventMeta(actor=SUPERVISOR, reason=reason, effective_on=day, command_id=f"c-{uuid4()}")


def inspector(number: str, unit: str = "执法监督科") -> Inspector:
    made = Inspector(meta=meta(), number=number, details=InspectorDetails(name="王", unit=unit))
    made.collect_events()
    return made


def checklist() -> Checklist:
    made = Checklist(meta=meta(), kind=OrganizationKind.LAW_FIRM, code="annual")
    made.publish(
        meta(),
        "年度检查考核",
        [
            ChecklistItem(item_id="PB-01", category=ChecklistCategory.PARTY_BUILDING, text="党建"),
            ChecklistItem(item_id="BU-01", category=ChecklistCategory.BUSINESS, text="业务"),
            ChecklistItem(item_id="CO-01", category=ChecklistCategory.CONDUCT, text="行为"),
            ChecklistItem(
                item_id="IM-01", category=ChecklistCategory.INTERNAL_MANAGEMENT, text="管理"
            ),
            ChecklistItem(item_id="FF-01", category=ChecklistCategory.FEE_FILING, text="收费"),
        ],
    )
    return made


def planned(
    kind: InspectionKind = InspectionKind.ANNUAL, supervising_unit: str | None = "律师工作科"
) -> Inspection:
    made = Inspection.plan(
        meta(),
        kind,
        FIRM,
        OrganizationKind.LAW_FIRM,
        checklist(),
        None,
        DEFAULT_POLICY,
        supervising_unit=supervising_unit,
        source_ref="12345-2024-001" if kind is InspectionKind.COMPLAINT else None,
    )
    made.collect_events()
    return made


def findings(fail: tuple[str, ...] = ()) -> list[Finding]:
    return [
        Finding(item_id=i, outcome=F, evidence=("笔录-1",))
        if i in fail
        else Finding(item_id=i, outcome=P)
        for i in ("PB-01", "BU-01", "CO-01", "IM-01", "FF-01")
    ]


class Walk:
    """An inspection with two assigned inspectors, moved along as far as a test needs."""

    def __init__(self) -> None:
        self.a, self.b, self.c = inspector("A1"), inspector("B1"), inspector("C1")
        self.inspection = planned()
        self.inspection.assign_inspectors(meta(), [self.a, self.b], [FIRM], DEFAULT_POLICY)

    @property
    def pair(self) -> list[UUID]:
        return [self.a.id, self.b.id]

    def found(self, fail: tuple[str, ...] = ()) -> Walk:
        self.inspection.record_findings(
            meta(date(2024, 3, 5)), findings(fail), self.pair, DEFAULT_POLICY
        )
        return self

    def concluded(
        self,
        result: InspectionResult = InspectionResult.NON_COMPLIANT,
        fail: tuple[str, ...] = ("FF-01",),
    ) -> Walk:
        self.found(fail)
        self.inspection.record_result(meta(date(2024, 3, 8)), result, "结论", DUE, DEFAULT_POLICY)
        return self


def refused(
    error: type[LedgerError], rule: str, inspection: Inspection, command: Callable[[], object]
) -> LedgerError:
    """The command raises `error` naming `rule`, records no event and changes no state."""
    inspection.collect_events()
    before = copy.deepcopy(vars(inspection))
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert inspection.collect_events() == []
    assert vars(inspection) == before
    return caught.value
