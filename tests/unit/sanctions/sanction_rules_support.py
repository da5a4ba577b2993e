"""What the sanction rule tests share: actors, dates, SanctionCase builders up to each stage;
`refused` proves a refused command leaves the case as it was: no pending event."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.core.errors import (
    LedgerError,
)
from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.sanctions.case import SanctionCase
from domain.sanctions.rules import (
    CaseOrigin,
    PriorSanction,
    SanctionKind,
    SanctionTerms,
    SubjectKind,
)
from store.calendar import prc_calendar

INSPECTOR = Actor(principal_id="inspector.zhang", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)
OPENED = date(2024, 3, 1)
CALENDAR = prc_calendar()

WARNING = SanctionTerms(kind=SanctionKind.WARNING)


def meta(on: date = OPENED, actor: Actor = INSPECTOR) -> EventMeta:
    return EventMeta(actor=actor, reason="unit test", effective_on=on, command_id="c-1")


def new_case(
    subject_kind: SubjectKind = SubjectKind.LAWYER, policy: Policy = DEFAULT_POLICY
) -> Any:
    case = SanctionCase.open(
        meta(),
        case_number="京兴司罚〔2024〕1号",
        subject_id=uuid.uuid4(),
        subject_kind=subject_kind,
        origin=CaseOrigin.COMPLAINT,
        origin_reference=uuid.uuid4(),
        allegation="违规收费",
        policy=policy,
    )
    case.collect_events()
    return case


def reviewed(
    subject_kind: SubjectKind = SubjectKind.LAWYER,
    hearing: bool = False,
    notice: SanctionKind = SanctionKind.REVOCATION,
) -> Any:
    """Through the legal review. The notice announces the heaviest sanction unless told, so
    any proposal stays within it (HeavierPenaltyNeedsNewNotice has tests of its own); the
    review comes after the days the party has to ask for a hearing."""
    case = new_case(subject_kind)
    case.investigate(meta(date(2024, 3, 10)), "查明违规收费")
    case.serve_pre_decision_notice(meta(date(2024, 3, 20)), notice)
    if hearing:
        case.request_hearing(meta(date(2024, 3, 22)))
        case.hold_hearing(meta(date(2024, 3, 29)), "听证笔录")
    case.pass_legal_review(meta(date(2024, 4, 2)), "同意", DEFAULT_POLICY)
    case.collect_events()
    return case


def propose(
    case: Any,
    terms: SanctionTerms = WARNING,
    history: tuple[PriorSanction, ...] = (),
    offence_level: SanctionKind | None = None,
    offence_on: date = date(2024, 2, 1),
    on: date = date(2024, 4, 8),
) -> Any:
    return case.propose_decision(
        meta(on),
        terms=terms,
        offence_on=offence_on,
        facts="事实",
        legal_basis="《律师法》第四十八条",
        history=history,
        policy=DEFAULT_POLICY,
        offence_level=offence_level,
    )


def approve(case: Any, on: date = date(2024, 4, 10), starts_on: date | None = None) -> None:
    case.approve_decision(meta(on, SUPERVISOR), DEFAULT_POLICY, CALENDAR, starts_on=starts_on)


def refused(case: Any, error: type[LedgerError], command: Any) -> LedgerError:
    case.collect_events()  # what went before was accepted
    version = case.version
    with pytest.raises(error) as caught:
        command()
    assert case.version == version and not case.collect_events()
    return caught.value


def fine(amount: int) -> SanctionTerms:
    return SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(amount))


def suspension(months: int, kind: SanctionKind = SanctionKind.PRACTICE_SUSPENSION) -> Any:
    return SanctionTerms(kind=kind, months=months)


def decided(terms: SanctionTerms = WARNING, on: date = date(2024, 9, 27)) -> Any:
    case = reviewed()
    propose(case, terms, on=on)
    approve(case, on=on)
    case.collect_events()
    return case
