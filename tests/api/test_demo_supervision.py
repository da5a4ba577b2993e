"""The demo district's supervision data: a year of annual inspections, the appraisal
institutions' integrity grades (one joint, one varied on objection) and sanction cases (one
repeat offence escalated to a suspension); loading it twice writes nothing the second time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from api.demo import load_demo
from api.services import Services, open_services
from domain.appeals import AppealOutcome
from domain.evaluations import EvaluationKind, IntegrityGrade
from domain.inspections import InspectionKind
from domain.sanctions import SanctionKind
from domain.values import OrganizationKind


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str, int]]:
    path: Path = tmp_path_factory.mktemp("demo")
    services = open_services(f"sqlite:///{path}/d.db")
    try:
        summary = load_demo(services.ledger)
        yield services, summary, services.db.event_count()
    finally:
        services.close()


def test_every_law_firm_has_its_2024_annual_inspection(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    annual = [i for i in ledger.list_inspections() if i.kind is InspectionKind.ANNUAL]
    assert len(annual) == 96
    firms = {i.subject_id for i in annual}
    assert len(firms) == 96
    assert all(i.subject_kind is OrganizationKind.LAW_FIRM for i in annual)
    assert all(ledger.get_organization(firm).kind is OrganizationKind.LAW_FIRM for firm in firms)
    # At least two assigned inspectors found every checklist item of each one.
    assert all(len(i.inspector_ids) >= 2 and set(i.findings) == set(i.item_ids) for i in annual)
    assert any(i.failed_items for i in annual) and any(i.sanction_case_id for i in annual)
    overdue = ledger.overdue_inspections()
    assert len(overdue.publications) == 2 and len(overdue.rectifications) == 1


def test_integrity_grades_one_joint_one_varied_from_c_to_b(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    grades = ledger.find_evaluations(kind=EvaluationKind.INTEGRITY_GRADING, period=2023)
    services.runner.catch_up("registry")
    rows = services.db.query(
        f"SELECT id FROM {services.registry.table} "
        "WHERE entity = 'organization' AND kind = 'appraisal_institution'"
    )
    institutions = {UUID(str(r["id"])) for r in rows}
    assert len(institutions) == 8
    assert {e.subject_id for e in grades} == institutions and len(grades) == 8

    joint = [e for e in grades if len(e.evaluators) == 2]
    assert len(joint) == 1 and joint[0].evaluators == ("大兴区司法局", "丰台区司法局")

    varied = [e for e in grades if any(r.by == "appeal" for r in e.results)]
    assert len(varied) == 1
    evaluation = varied[0]
    assert [r.result for r in evaluation.results] == [IntegrityGrade.C, IntegrityGrade.B]
    assert evaluation.effective_result is IntegrityGrade.B
    assert "VariedOnAppeal" in [type(e).__name__ for e in ledger.history(evaluation.id)]
    (appeal,) = ledger.appeals_of(evaluation.id)
    assert appeal.outcome is AppealOutcome.VARIED


def test_repeat_offence_escalates_to_a_suspension_of_the_licence(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    cases = ledger.sanction_cases()
    assert all(c.stage.value == "closed" and c.outcome == "executed" for c in cases)
    escalated = [c for c in cases if c.proposal is not None and c.proposal.escalated_from]
    assert len(escalated) == 1
    case = escalated[0]
    assert case.proposal is not None
    assert case.proposal.escalated_from is SanctionKind.WARNING
    assert case.proposal.escalation_reason
    assert case.terms is not None and case.terms.kind is SanctionKind.PRACTICE_SUSPENSION
    assert case.terms.months == 3
    # Four eyes: proposed by one principal, approved by another.
    decided = next(e for e in ledger.history(case.id) if type(e).__name__ == "Decided")
    assert decided.approver != case.proposal.proposer  # type: ignore[attr-defined]
    # The earlier warning of the same lawyer is what made it a repeat offence.
    earlier = [c for c in ledger.sanction_cases(case.subject_id) if c.id != case.id]
    assert [c.terms.kind for c in earlier if c.terms] == [SanctionKind.WARNING]
    lawyer_events = [type(e).__name__ for e in ledger.history(case.subject_id)]
    assert "LicenceSuspended" in lawyer_events
    assert any(c.decided_by == "municipal" for c in cases)


def test_loading_again_writes_nothing(loaded: tuple[Services, str, int]) -> None:
    services, summary, count = loaded
    assert "96 annual inspections" in summary
    again = load_demo(services.ledger)
    assert "0 commands written this run" in again
    assert services.db.event_count() == count
