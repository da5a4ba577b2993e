"""One lawyer's sanction story on SQLite and PostgreSQL.

A warning; within the year a repeat warning-level offence, escalated to a three-month practice
suspension that suspends the licence in the same transaction; within two years of the suspension
ending a suspension-level offence, escalated to revocation, recommended by the district and
revoked by the municipal decision. Replayed from the store, every case reads as recorded.
"""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

import pytest

from api.services import Services
from domain.core.errors import ProposerCannotApproveError
from domain.core.values import (
    Actor,
    EventMeta,
    LicenceStatus,
    PractitionerKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.errors import RepeatOffenceEscalatesError
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
)
from tests.conftest import read

INSPECTOR = Actor(principal_id="inspector.zhang", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)
CLERK = Actor(principal_id="clerk.wang", role=Role.CLERK)


def meta(on: date, actor: Actor = INSPECTOR) -> EventMeta:
    return EventMeta(
        actor=actor, reason="scenario", effective_on=on, command_id=f"s-{uuid.uuid4()}"
    )


def through_review(ledger: ComplianceLedger, subject: UUID, number: str, on: date) -> UUID:
    case = ledger.open_sanction_case(
        meta(on), number, subject, CaseOrigin.COMPLAINT, "投诉", uuid.uuid4()
    ).subject_id
    ledger.investigate_sanction_case(meta(on), case, "查明")
    # The notice announces the heaviest sanction the escalation may reach, and the party
    # waives the hearing.
    ledger.serve_pre_decision_notice(meta(on), case, SanctionKind.REVOCATION)
    ledger.waive_sanction_hearing(meta(on), case)
    ledger.pass_sanction_legal_review(meta(on, SUPERVISOR), case, "同意")
    return case


def test_a_lawyers_repeat_offences_escalate_to_revocation(any_services: Services) -> None:
    ledger = any_services.ledger
    lawyer = ledger.register_practitioner(
        meta(date(2020, 1, 2), CLERK),
        PractitionerKind.LAWYER,
        "11101202010000001",
        PractitionerDetails(name="赵律师"),
    ).subject_id
    warning = SanctionTerms(kind=SanctionKind.WARNING)

    # 1. A warning, decided 2021-03-10.
    first = through_review(ledger, lawyer, "京兴司罚〔2021〕1号", date(2021, 3, 1))
    ledger.propose_sanction_decision(
        meta(date(2021, 3, 8)), first, warning, date(2021, 2, 1), "事实", "第四十八条"
    )
    with pytest.raises(ProposerCannotApproveError):
        ledger.approve_sanction_decision(meta(date(2021, 3, 10)), first)
    ledger.approve_sanction_decision(meta(date(2021, 3, 10), SUPERVISOR), first)

    # 2. A warning-level offence within the year: at least three months' suspension.
    second = through_review(ledger, lawyer, "京兴司罚〔2021〕7号", date(2021, 9, 1))
    with pytest.raises(RepeatOffenceEscalatesError):
        ledger.propose_sanction_decision(
            meta(date(2021, 9, 8)), second, warning, date(2021, 8, 1), "再犯", "第五十一条"
        )
    ledger.propose_sanction_decision(
        meta(date(2021, 9, 8)),
        second,
        SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION, months=3),
        date(2021, 8, 1),
        "再犯",
        "第五十一条",
        offence_level=SanctionKind.WARNING,
    )
    ledger.approve_sanction_decision(
        meta(date(2021, 9, 10), SUPERVISOR), second, starts_on=date(2021, 9, 15)
    )
    suspended = ledger.get_practitioner(lawyer)
    assert suspended.status_on(date(2021, 10, 1)) is LicenceStatus.SUSPENDED
    assert suspended.suspension is not None and suspended.suspension.until == date(2021, 12, 14)
    ledger.serve_sanction_decision(meta(date(2021, 9, 11)), second)
    ledger.publish_sanction(meta(date(2021, 9, 13)), second)
    ledger.execute_sanction(meta(date(2021, 12, 15)), second)
    ledger.close_sanction_case(meta(date(2021, 12, 16), SUPERVISOR), second)

    # 3. A suspension-level offence within two years of the suspension ending: revocation,
    #    which the municipal bureau decides.
    third = through_review(ledger, lawyer, "京兴司罚〔2023〕3号", date(2023, 2, 1))
    with pytest.raises(RepeatOffenceEscalatesError):
        ledger.propose_sanction_decision(
            meta(date(2023, 2, 8)),
            third,
            SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION, months=6),
            date(2023, 1, 10),
            "再犯",
            "第五十一条",
        )
    ledger.propose_sanction_decision(
        meta(date(2023, 2, 8)),
        third,
        SanctionTerms(kind=SanctionKind.REVOCATION),
        date(2023, 1, 10),
        "再犯",
        "第五十一条",
        offence_level=SanctionKind.PRACTICE_SUSPENSION,
    )
    ledger.approve_sanction_decision(meta(date(2023, 2, 10), SUPERVISOR), third)
    assert ledger.get_practitioner(lawyer).status_on(date(2023, 2, 10)) is LicenceStatus.ACTIVE
    ledger.record_municipal_decision(
        meta(date(2023, 3, 1), SUPERVISOR),
        third,
        SanctionTerms(kind=SanctionKind.REVOCATION),
        "京司罚决〔2023〕2号",
    )
    assert ledger.get_practitioner(lawyer).status is LicenceStatus.REVOKED

    # Replayed from the store: every case reads as recorded, in opening order.
    cases = read(ledger).sanctions.list(subject_id=lawyer, limit=500).items
    assert [c.id for c in cases] == [first, second, third]
    assert [c.stage for c in cases] == [
        SanctionStage.DECIDED,
        SanctionStage.CLOSED,
        SanctionStage.DECIDED,
    ]
    proposal = cases[2].proposal
    assert proposal is not None and proposal.escalated_from is SanctionKind.PRACTICE_SUSPENSION
    assert cases[2].decided_by == "municipal"
    topics = [type(e).__name__ for e in ledger.history(third)]
    assert topics[-3:] == ["DecisionProposed", "RecommendationSent", "MunicipalDecisionRecorded"]
    # The first case was never published: overdue as an alert, nothing blocked. The third
    # was decided yesterday and is not due yet.
    overdue = read(ledger).sanctions.overdue(date(2023, 3, 2)).items
    assert [(o.case.id, o.what) for o in overdue] == [(first, "publication")]
