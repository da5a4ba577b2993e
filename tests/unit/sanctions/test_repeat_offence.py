"""Repeat offences [律师法 art. 51]: a prior warning or suspension within its window escalates the
minimum sanction; the windows come from the policy."""

from __future__ import annotations

import uuid
from datetime import date

from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.sanctions.errors import (
    RepeatOffenceEscalatesError,
)
from domain.sanctions.rules import (
    PriorSanction,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
    repeat_offence_escalation,
)
from tests.unit.sanctions.sanction_rules_support import (
    OPENED,
    WARNING,
    approve,
    propose,
    refused,
    reviewed,
    suspension,
)

# -- repeat offences [律师法 art. 51] --------------------------------------------------------------


def prior_warning(decided_on: date) -> PriorSanction:
    return PriorSanction(case_id=uuid.uuid4(), kind=SanctionKind.WARNING, decided_on=decided_on)


def prior_suspension(until: date) -> PriorSanction:
    return PriorSanction(
        case_id=uuid.uuid4(),
        kind=SanctionKind.PRACTICE_SUSPENSION,
        decided_on=date(2021, 1, 5),
        suspension_until=until,
    )


def test_repeat_offence_escalates_a_warning_within_a_year_to_suspension() -> None:
    history = (prior_warning(date(2023, 6, 1)),)
    case = reviewed()
    error = refused(
        case, RepeatOffenceEscalatesError, lambda: propose(case, WARNING, history=history)
    )
    assert error.rule == "RepeatOffenceEscalates"
    assert error.context["minimum"] == "practice_suspension"
    # Two months is a suspension, but below the escalated three.
    refused(
        case,
        RepeatOffenceEscalatesError,
        lambda: propose(case, suspension(2), history, offence_level=SanctionKind.WARNING),
    )
    escalation = propose(case, suspension(3), history, offence_level=SanctionKind.WARNING)
    (proposed,) = case.collect_events()
    assert proposed.escalated_from is SanctionKind.WARNING
    assert proposed.prior_case_id == history[0].case_id == escalation.prior_case_id
    assert "art. 51" in proposed.escalation_reason
    assert case.proposal.escalated_from is SanctionKind.WARNING


def test_repeat_warning_after_the_window_does_not_escalate() -> None:
    history = (prior_warning(date(2023, 1, 31)),)  # offence on 2024-02-01: a year and a day
    case = reviewed()
    assert propose(case, WARNING, history=history) is None
    (proposed,) = case.collect_events()
    assert proposed.escalated_from is None and proposed.escalation_reason is None


def test_repeat_offence_escalates_a_suspension_within_two_years_of_its_end_to_revocation() -> None:
    history = (prior_suspension(until=date(2022, 3, 1)),)
    case = reviewed()
    refused(case, RepeatOffenceEscalatesError, lambda: propose(case, suspension(6), history))
    propose(
        case, SanctionTerms(kind=SanctionKind.REVOCATION), history, SanctionKind.PRACTICE_SUSPENSION
    )
    approve(case)
    # Revocation is municipal: the escalation turns the district decision into a recommendation.
    assert case.stage is SanctionStage.RECOMMENDED


def test_suspension_level_offence_counts_from_the_end_of_the_suspension() -> None:
    policy = DEFAULT_POLICY
    offence = date(2024, 2, 1)
    # Ended more than two years before the offence: no escalation.
    old = (prior_suspension(until=date(2022, 1, 31)),)
    assert (
        repeat_offence_escalation(
            SubjectKind.LAWYER, SanctionKind.PRACTICE_SUSPENSION, offence, old, policy
        )
        is None
    )
    # Still running when the offence happened: the window starts when it ends.
    running = (prior_suspension(until=date(2024, 6, 1)),)
    assert (
        repeat_offence_escalation(
            SubjectKind.LAWYER, SanctionKind.PRACTICE_SUSPENSION, offence, running, policy
        )
        is None
    )
    # A firm's business suspension escalates the same way.
    firm = (
        PriorSanction(
            case_id=uuid.uuid4(),
            kind=SanctionKind.BUSINESS_SUSPENSION,
            decided_on=date(2022, 1, 1),
            suspension_until=date(2023, 1, 1),
        ),
    )
    escalation = repeat_offence_escalation(
        SubjectKind.LAW_FIRM, SanctionKind.BUSINESS_SUSPENSION, offence, firm, policy
    )
    assert escalation is not None and escalation.minimum is SanctionKind.REVOCATION


def test_repeat_offence_windows_come_from_the_policy() -> None:
    history = (prior_warning(date(2023, 6, 1)),)
    shorter = Policy(version="2024.9", effective_from=OPENED, repeat_warning_window_months=6)
    offence = date(2024, 2, 1)
    assert repeat_offence_escalation(
        SubjectKind.LAWYER, SanctionKind.WARNING, offence, history, DEFAULT_POLICY
    )
    assert (
        repeat_offence_escalation(
            SubjectKind.LAWYER, SanctionKind.WARNING, offence, history, shorter
        )
        is None
    )
