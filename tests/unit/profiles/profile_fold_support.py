"""Helpers for the profile fold tests: events made by aggregates in memory (no database) in a
Log with made-up positions, a firm, a lawyer and a decided sanction case, and the folded profile."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from domain.core.calendar import WorkingCalendar
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from domain.sanctions.case import SanctionCase
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionTerms,
    SubjectKind,
)
from projections.profiles.fold import fold_profile
from projections.runner.views import PositionedEvent

CLERK = Actor(principal_id="clerk.u", role=Role.CLERK)
CHIEF = Actor(principal_id="chief.u", role=Role.SUPERVISOR)
POLICY = DEFAULT_POLICY


def m(day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason="unit", effective_on=day, command_id=str(uuid.uuid4()))


class Log:
    """The events aggregates record, in the order taken, with made-up log positions."""

    def __init__(self) -> None:
        self.events: list[PositionedEvent] = []

    def take(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                self.events.append((len(self.events) + 1, event))

    def __iter__(self) -> Iterator[PositionedEvent]:
        return iter(self.events)


def firm(log: Log, number: str = "U-F1") -> Organization:
    org = Organization(
        meta=m(date(2020, 1, 2)),
        kind=OrganizationKind.LAW_FIRM,
        number=number,
        details=OrganizationDetails(name="单元律所"),
    )
    log.take(org)
    return org


def lawyer(log: Log, number: str = "U-L1") -> Practitioner:
    person = Practitioner(
        meta=m(date(2020, 1, 3)),
        kind=PractitionerKind.LAWYER,
        number=number,
        details=PractitionerDetails(name="单元律师"),
    )
    log.take(person)
    return person


def profile(log: Log, subject: Aggregate, **as_of: Any) -> dict[str, Any]:
    state, _last = fold_profile(subject.id, log, **as_of)
    assert state is not None
    return state


def sanction(
    log: Log, person: Practitioner, *, decided: date, terms: SanctionTerms | None = None
) -> SanctionCase:
    case = SanctionCase.open(
        m(decided), "京兴司罚〔2024〕U1号", person.id, SubjectKind.LAWYER, CaseOrigin.OTHER, None,
        "违规", POLICY,
    )  # fmt: skip
    case.investigate(m(decided), "查明")
    terms = terms or SanctionTerms(kind=SanctionKind.WARNING)
    case.serve_pre_decision_notice(m(decided), terms.kind)
    if terms.kind.carries_hearing_right:
        case.waive_hearing(m(decided))
    case.pass_legal_review(m(decided), "同意", DEFAULT_POLICY)
    case.propose_decision(m(decided), terms, decided, "事实", "律师法", [], POLICY)
    case.approve_decision(m(decided, CHIEF), POLICY, WorkingCalendar())
    log.take(case)
    return case
