"""Appeals through ComplianceLedger: filing windows checked at filing, decisions applied to the
target in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.appeals.errors import (
    AppealStepError,
    AppealTargetError,
    AppealWindowClosedError,
)
from domain.core.values import (
    Actor,
    EventMeta,
    PractitionerKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionTerms,
)

INSPECTOR = Actor(principal_id="inspector.zhang", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)
CLERK = Actor(principal_id="clerk.wang", role=Role.CLERK)
Meta = Callable[..., EventMeta]


def m(meta: Meta, on: date, actor: Actor = SUPERVISOR) -> EventMeta:
    return meta(effective_on=on, actor=actor)


def served_warning(
    ledger: ComplianceLedger, meta: Meta, served_on: date = date(2024, 4, 1), publish: bool = False
) -> UUID:
    lawyer = ledger.register_practitioner(
        m(meta, date(2020, 1, 2), CLERK),
        PractitionerKind.LAWYER,
        f"AP{uuid.uuid4().hex[:10]}",
        PractitionerDetails(name="申请人（虚构）"),
    ).subject_id
    on = date(2024, 3, 1)
    case = ledger.open_sanction_case(
        m(meta, on, INSPECTOR), f"京兴司罚〔2024〕{uuid.uuid4().hex[:6]}号", lawyer,
        CaseOrigin.COMPLAINT, "违规收费", uuid.uuid4(),
    ).subject_id  # fmt: skip
    ledger.investigate_sanction_case(m(meta, on, INSPECTOR), case, "查明")
    ledger.serve_pre_decision_notice(m(meta, on, INSPECTOR), case, SanctionKind.WARNING)
    ledger.pass_sanction_legal_review(m(meta, on), case, "同意")
    ledger.propose_sanction_decision(
        m(meta, on, INSPECTOR),
        case,
        SanctionTerms(kind=SanctionKind.WARNING),
        on,
        "事实",
        "《律师法》",
    )
    ledger.approve_sanction_decision(m(meta, date(2024, 3, 20)), case, None)
    ledger.serve_sanction_decision(m(meta, served_on), case)
    if publish:
        ledger.publish_sanction(m(meta, served_on), case)
    return case


def file(ledger: ComplianceLedger, meta: Meta, case: UUID, kind: AppealKind, on: date) -> UUID:
    return ledger.file_appeal(
        m(meta, on, CLERK), kind, "sanction", case, "申请人（虚构）", "处罚过重"
    ).subject_id


def test_appeal_filed_within_window(ledger: ComplianceLedger, meta: Meta) -> None:
    case = served_warning(ledger, meta)  # served 2024-04-01: reconsideration within 60 days
    head = ledger.recorder.max_notification_id()
    with pytest.raises(AppealWindowClosedError) as late:
        file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 6, 1))
    assert late.value.rule == "AppealFiledWithinWindow"
    assert late.value.context == {
        "window_opened_on": "2024-04-01",
        "deadline": "2024-05-31",
        "filed_on": "2024-06-01",
    }
    assert "2024-05-31" in late.value.detail and "2024-06-01" in late.value.detail
    assert ledger.recorder.max_notification_id() == head
    appeal = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 5, 31))
    assert ledger.get_appeal(appeal).deadline == date(2024, 5, 31)


def test_litigation_within_six_months_of_the_result(ledger: ComplianceLedger, meta: Meta) -> None:
    case = served_warning(ledger, meta)
    with pytest.raises(AppealWindowClosedError):
        file(ledger, meta, case, AppealKind.LITIGATION, date(2024, 10, 2))
    file(ledger, meta, case, AppealKind.LITIGATION, date(2024, 10, 1))


def test_litigation_within_fifteen_days_after_a_reconsideration_decision(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    case = served_warning(ledger, meta)
    reconsideration = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 4, 10))
    with pytest.raises(AppealStepError):  # litigation follows the pending reconsideration
        file(ledger, meta, case, AppealKind.LITIGATION, date(2024, 4, 20))
    ledger.accept_appeal(m(meta, date(2024, 4, 12)), reconsideration)
    ledger.decide_appeal(m(meta, date(2024, 5, 20)), reconsideration, AppealOutcome.UPHELD)
    # Within six months of the sanction, but more than 15 days after the reconsideration.
    with pytest.raises(AppealWindowClosedError) as late:
        file(ledger, meta, case, AppealKind.LITIGATION, date(2024, 6, 5))
    assert late.value.context["deadline"] == "2024-06-04"
    file(ledger, meta, case, AppealKind.LITIGATION, date(2024, 6, 4))


def test_appeal_only_against_a_result(ledger: ComplianceLedger, meta: Meta) -> None:
    lawyer = ledger.register_practitioner(
        m(meta, date(2020, 1, 2), CLERK), PractitionerKind.LAWYER, "AP-NORESULT",
        PractitionerDetails(name="x"),
    ).subject_id  # fmt: skip
    case = ledger.open_sanction_case(
        m(meta, date(2024, 3, 1), INSPECTOR), "京兴司罚〔2024〕999号", lawyer, CaseOrigin.OTHER,
        "线索", None,
    ).subject_id  # fmt: skip
    with pytest.raises(AppealTargetError):
        file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 3, 5))
    with pytest.raises(AppealTargetError) as wrong_kind:
        file(ledger, meta, served_warning(ledger, meta), AppealKind.OBJECTION, date(2024, 4, 5))
    assert wrong_kind.value.rule == "AppealKindFitsTarget"


def test_annulled_sanction_is_recorded_on_the_case_and_its_publication_withdrawn_at_once(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    case = served_warning(ledger, meta, publish=True)
    appeal = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 4, 15))
    ledger.accept_appeal(m(meta, date(2024, 4, 16)), appeal)
    result = ledger.decide_appeal(m(meta, date(2024, 5, 6)), appeal, AppealOutcome.ANNULLED)

    case_events = ledger.history(case)
    topics = [type(e).TOPIC for e in case_events]  # type: ignore[attr-defined]
    assert topics[-2:] == [
        "ledger.SanctionCase.AnnulledOnAppeal",
        "ledger.SanctionCase.PublicationWithdrawn",
    ]
    decided = ledger.history(appeal)[-1]
    assert decided.withdrawal_due == date(2024, 5, 9)  # type: ignore[attr-defined]
    assert decided.publication_withdrawn is True  # type: ignore[attr-defined]
    # One transaction: the appeal's decision, the annulment and the withdrawal are adjacent
    # in the log, ending at the position the command returned (before its receipt).
    notifications = ledger.recorder.select_notifications(start=None, limit=10_000)
    last_four = [(n.originator_id, n.topic) for n in notifications[-4:]]
    assert {t for _, t in last_four[:3]} == {
        "ledger.SanctionCase.AnnulledOnAppeal",
        "ledger.SanctionCase.PublicationWithdrawn",
        "ledger.Appeal.Decided",
    }
    assert result.position == notifications[-1].id
    # The original decision stays in the case's history.
    assert "ledger.SanctionCase.Decided" in topics


def suspended_lawyer_case(
    ledger: ComplianceLedger, meta: Meta, months: int = 6
) -> tuple[UUID, UUID]:
    lawyer = ledger.register_practitioner(
        m(meta, date(2020, 1, 2), CLERK), PractitionerKind.LAWYER, f"AS{uuid.uuid4().hex[:10]}",
        PractitionerDetails(name="停业者（虚构）"),
    ).subject_id  # fmt: skip
    on = date(2024, 3, 1)
    case = ledger.open_sanction_case(
        m(meta, on, INSPECTOR), f"京兴司罚〔2024〕{uuid.uuid4().hex[:6]}号", lawyer,
        CaseOrigin.COMPLAINT, "违规代理", uuid.uuid4(),
    ).subject_id  # fmt: skip
    ledger.investigate_sanction_case(m(meta, on, INSPECTOR), case, "查明")
    kind = SanctionKind.PRACTICE_SUSPENSION
    ledger.serve_pre_decision_notice(m(meta, on, INSPECTOR), case, kind)
    ledger.waive_sanction_hearing(m(meta, on, INSPECTOR), case)
    ledger.pass_sanction_legal_review(m(meta, on), case, "同意")
    terms = SanctionTerms(kind=kind, months=months)
    ledger.propose_sanction_decision(m(meta, on, INSPECTOR), case, terms, on, "事实", "《律师法》")
    ledger.approve_sanction_decision(m(meta, date(2024, 3, 20)), case, date(2024, 4, 1))
    ledger.serve_sanction_decision(m(meta, date(2024, 3, 25)), case)
    return lawyer, case


def test_an_annulled_suspension_reinstates_the_licence_in_the_same_transaction(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    lawyer, case = suspended_lawyer_case(ledger, meta)
    assert ledger.get_practitioner(lawyer).status_on(date(2024, 5, 1)) == "suspended"
    appeal = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 4, 2))
    ledger.accept_appeal(m(meta, date(2024, 4, 3)), appeal)
    ledger.decide_appeal(m(meta, date(2024, 4, 20)), appeal, AppealOutcome.ANNULLED)
    person = ledger.get_practitioner(lawyer)
    assert person.status_on(date(2024, 5, 1)) == "active"
    assert type(ledger.history(lawyer)[-1]).__qualname__ == "Practitioner.LicenceReinstated"


def test_a_suspension_shortened_on_appeal_shortens_the_licence_suspension(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    lawyer, case = suspended_lawyer_case(ledger, meta, months=6)
    appeal = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 4, 2))
    ledger.accept_appeal(m(meta, date(2024, 4, 3)), appeal)
    new_terms = {"kind": "practice_suspension", "months": 3}
    ledger.decide_appeal(m(meta, date(2024, 4, 20)), appeal, AppealOutcome.VARIED, new_terms)
    person = ledger.get_practitioner(lawyer)
    assert person.suspension is not None
    assert (person.suspension.starts_on, person.suspension.until) == (
        date(2024, 4, 1),
        ledger.get_sanction_case(case).suspension.until,  # type: ignore[union-attr]
    )
    assert person.status_on(date(2024, 8, 1)) == "active"
    assert person.status_on(date(2024, 6, 1)) == "suspended"
