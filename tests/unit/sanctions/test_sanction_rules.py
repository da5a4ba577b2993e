"""Each sanction rule of DOMAIN.md, proved on the SanctionCase aggregate alone (no database).

A refused command leaves the case as it was: no pending event.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
)
from domain.core.errors import (
    LedgerError,
    NothingToChangeError,
    ProposerCannotApproveError,
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
from domain.sanctions.errors import (
    DecisionBeforeReviewError,
    HearingPendingError,
    HearingRightError,
    HeavierThanNoticeError,
    PublicationPeriodError,
    RepeatOffenceEscalatesError,
    SanctionKindNotApplicableError,
    SanctionOutOfRangeError,
    SanctionStageError,
    SanctionTermsInvalidError,
    SuspensionStartInvalidError,
)
from domain.sanctions.rules import (
    CaseOrigin,
    PriorSanction,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
    repeat_offence_escalation,
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


# -- opening and deadlines -----------------------------------------------------------------------


def test_decision_due_within_ninety_days_of_opening() -> None:
    case = new_case()
    assert case.decision_due == date(2024, 5, 30)
    assert case.stage is SanctionStage.OPENED
    stricter = Policy(version="2024.9", effective_from=OPENED, sanction_decision_days=60)
    assert new_case(policy=stricter).decision_due == date(2024, 4, 30)


def test_opened_records_the_policy_version() -> None:
    case = SanctionCase.open(
        meta(),
        case_number=" 京兴司罚〔2024〕1号 ",
        subject_id=uuid.uuid4(),
        subject_kind=SubjectKind.LAWYER,
        origin=CaseOrigin.INSPECTION,
        origin_reference=None,
        allegation="x",
        policy=DEFAULT_POLICY,
    )
    (opened,) = case.collect_events()
    assert opened.policy_version == DEFAULT_POLICY.version
    assert opened.case_number == "京兴司罚〔2024〕1号"
    assert case.id == SanctionCase.create_id("京兴司罚〔2024〕1号")


# -- the stages -----------------------------------------------------------------------------------


def test_sanction_case_stages_in_order() -> None:
    case = new_case()
    error = refused(
        case,
        SanctionStageError,
        lambda: case.serve_pre_decision_notice(meta(), SanctionKind.WARNING),
    )
    assert error.rule == "SanctionCaseStagesInOrder"
    case.investigate(meta(), "查明")
    refused(case, SanctionStageError, lambda: case.investigate(meta(), "again"))
    refused(case, SanctionStageError, lambda: case.serve(meta()))


def test_decision_after_notice_and_legal_review() -> None:
    case = new_case()
    case.investigate(meta(), "查明")
    error = refused(case, DecisionBeforeReviewError, lambda: propose(case))
    assert error.rule == "DecisionAfterNoticeAndLegalReview"
    case.serve_pre_decision_notice(meta(), SanctionKind.WARNING)
    refused(case, DecisionBeforeReviewError, lambda: propose(case))
    case.pass_legal_review(meta(), "同意", DEFAULT_POLICY)
    propose(case)
    assert case.stage is SanctionStage.PROPOSED


def test_requested_hearing_is_held() -> None:
    case = new_case()
    case.investigate(meta(), "查明")
    case.serve_pre_decision_notice(meta(), SanctionKind.PRACTICE_SUSPENSION)
    case.request_hearing(meta())
    error = refused(
        case, HearingPendingError, lambda: case.pass_legal_review(meta(), "同意", DEFAULT_POLICY)
    )
    assert error.rule == "RequestedHearingIsHeld"
    refused(case, DecisionBeforeReviewError, lambda: propose(case))
    case.hold_hearing(meta(), "听证")
    case.pass_legal_review(meta(), "同意", DEFAULT_POLICY)
    assert case.hearing_requested and case.stage is SanctionStage.LEGAL_REVIEW_PASSED


SUSPENSION = SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION, months=3)


def test_heavier_penalty_needs_new_notice() -> None:
    """The notice announced a warning: a proposal of a 3-month suspension is refused until a new
    notice announces it; that notice starts again what follows a notice (the hearing right,
    the legal review), and a lighter penalty than the notice's is always within it."""
    case = reviewed(notice=SanctionKind.WARNING)
    error = refused(case, HeavierThanNoticeError, lambda: propose(case, SUSPENSION))
    assert error.rule == "HeavierPenaltyNeedsNewNotice"
    assert error.context == {
        "stage": "legal_review_passed",
        "intended_kind": "warning",
        "proposed_kind": "practice_suspension",
    }
    propose(case, WARNING)  # within the notice
    # A new notice after the proposal replaces it, and the case goes back to the notice.
    case.serve_pre_decision_notice(meta(date(2024, 4, 10)), SanctionKind.PRACTICE_SUSPENSION)
    assert (case.stage, case.proposal, case.intended_kind) == (
        SanctionStage.NOTICE_SERVED,
        None,
        SanctionKind.PRACTICE_SUSPENSION,
    )
    refused(
        case, DecisionBeforeReviewError, lambda: propose(case, SUSPENSION, on=date(2024, 4, 16))
    )
    case.pass_legal_review(meta(date(2024, 4, 16)), "同意", DEFAULT_POLICY)
    propose(case, SUSPENSION, on=date(2024, 4, 17))
    assert case.proposal.terms == SUSPENSION
    lighter = reviewed(notice=SanctionKind.PRACTICE_SUSPENSION)
    propose(lighter, SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(1000)))


def test_a_new_notice_waits_for_a_requested_hearing() -> None:
    case = new_case()
    case.investigate(meta(), "查明")
    case.serve_pre_decision_notice(meta(), SanctionKind.PRACTICE_SUSPENSION)
    case.request_hearing(meta())
    refused(
        case,
        SanctionStageError,
        lambda: case.serve_pre_decision_notice(meta(), SanctionKind.REVOCATION),
    )


def test_hearing_right_before_suspension_or_revocation() -> None:
    """After a notice of a suspension or revocation the legal review waits: for the hearing the
    party asked for, for its recorded waiver, or for the end of the days it has to ask
    (policy: 5 [行政处罚法 art. 64])."""
    noticed = date(2024, 3, 20)
    for kind in (SanctionKind.PRACTICE_SUSPENSION, SanctionKind.REVOCATION):
        case = new_case()
        case.investigate(meta(date(2024, 3, 10)), "查明")
        case.serve_pre_decision_notice(meta(noticed), kind)
        error = refused(
            case,
            HearingRightError,
            lambda c=case: c.pass_legal_review(meta(date(2024, 3, 25)), "同意", DEFAULT_POLICY),
        )
        assert error.rule == "HearingRightBeforeSuspensionOrRevocation"
        assert error.context["hearing_request_ends"] == "2024-03-25"
        case.pass_legal_review(meta(date(2024, 3, 26)), "同意", DEFAULT_POLICY)  # period over

    waived = new_case()
    waived.investigate(meta(date(2024, 3, 10)), "查明")
    waived.serve_pre_decision_notice(meta(noticed), SanctionKind.PRACTICE_SUSPENSION)
    waived.waive_hearing(meta(noticed))
    waived.pass_legal_review(meta(noticed), "同意", DEFAULT_POLICY)
    assert waived.hearing_waived and waived.stage is SanctionStage.LEGAL_REVIEW_PASSED

    longer = Policy(version="2024.h", effective_from=date(2024, 1, 1), hearing_request_days=10)
    held = new_case()
    held.investigate(meta(date(2024, 3, 10)), "查明")
    held.serve_pre_decision_notice(meta(noticed), SanctionKind.REVOCATION)
    refused(
        held, HearingRightError,
        lambda: held.pass_legal_review(meta(date(2024, 3, 28)), "同意", longer),
    )  # fmt: skip
    held.request_hearing(meta(date(2024, 3, 21)))
    held.hold_hearing(meta(date(2024, 3, 27)), "听证笔录")
    held.pass_legal_review(meta(date(2024, 3, 27)), "同意", longer)

    # A warning or a fine carries no hearing right: no wait, and nothing to waive.
    plain = new_case()
    plain.investigate(meta(date(2024, 3, 10)), "查明")
    plain.serve_pre_decision_notice(meta(noticed), SanctionKind.FINE)
    refused(plain, HearingRightError, lambda: plain.waive_hearing(meta(noticed)))
    plain.pass_legal_review(meta(noticed), "同意", DEFAULT_POLICY)


def test_hearing_only_after_the_notice() -> None:
    case = new_case()
    refused(case, SanctionStageError, lambda: case.request_hearing(meta()))
    case.investigate(meta(), "查明")
    refused(case, SanctionStageError, lambda: case.hold_hearing(meta(), "x"))


# -- four eyes and authority ----------------------------------------------------------------------


def test_proposer_cannot_approve() -> None:
    case = reviewed()
    propose(case)
    error = refused(
        case,
        ProposerCannotApproveError,
        lambda: case.approve_decision(meta(date(2024, 4, 10)), DEFAULT_POLICY, CALENDAR),
    )
    assert error.rule == "ProposerCannotApprove"
    approve(case)
    assert case.stage is SanctionStage.DECIDED and case.decided_by == "district"


def test_district_decides_warnings_fines_and_suspensions_within_range() -> None:
    for subject, terms, starts in (
        (SubjectKind.LAWYER, WARNING, None),
        (SubjectKind.LAWYER, fine(50_000), None),
        (SubjectKind.LAWYER, suspension(12), date(2024, 5, 1)),
        (SubjectKind.LAW_FIRM, suspension(6, SanctionKind.BUSINESS_SUSPENSION), date(2024, 5, 1)),
        (SubjectKind.LAW_FIRM, fine(500_000), None),
    ):
        case = reviewed(subject)
        propose(case, terms)
        approve(case, starts_on=starts)
        events = case.collect_events()
        assert type(events[-1]).__name__ == "Decided", terms
        assert events[-1].policy_version == DEFAULT_POLICY.version
        assert case.terms == terms and case.decided_on == date(2024, 4, 10)


def test_municipal_authority_decides_revocation_and_notary_and_appraiser_penalties() -> None:
    for subject, terms in (
        (SubjectKind.LAWYER, SanctionTerms(kind=SanctionKind.REVOCATION)),
        (SubjectKind.NOTARY, WARNING),
        (SubjectKind.APPRAISAL_INSTITUTION, fine(10_000)),
    ):
        case = reviewed(subject)
        propose(case, terms)
        approve(case)
        recommended = case.collect_events()[-1]
        assert type(recommended).__name__ == "RecommendationSent"
        assert recommended.terms == terms and recommended.approver == "supervisor.li"
        assert case.stage is SanctionStage.RECOMMENDED and case.terms is None
        assert case.prior_sanction is None  # not decided yet


def test_municipal_decision_is_its_own_event_and_may_differ() -> None:
    case = reviewed(SubjectKind.NOTARY)
    propose(case, fine(10_000))
    approve(case)
    refused(case, SanctionStageError, lambda: case.serve(meta(date(2024, 5, 1))))
    case.record_municipal_decision(
        meta(date(2024, 5, 6), SUPERVISOR),
        terms=suspension(3),
        municipal_reference="京司罚决〔2024〕9号",
        policy=DEFAULT_POLICY,
        calendar=CALENDAR,
        starts_on=date(2024, 5, 10),
    )
    (decision,) = case.collect_events()
    assert type(decision).__name__ == "MunicipalDecisionRecorded"
    assert case.stage is SanctionStage.DECIDED and case.decided_by == "municipal"
    assert case.terms == suspension(3) and case.municipal_reference == "京司罚决〔2024〕9号"
    assert case.suspension.starts_on == date(2024, 5, 10)
    assert case.suspension.until == date(2024, 8, 9)


def test_municipal_decision_only_after_a_recommendation() -> None:
    case = reviewed()
    propose(case)
    error = refused(
        case,
        SanctionStageError,
        lambda: case.record_municipal_decision(meta(), WARNING, "ref", DEFAULT_POLICY, CALENDAR),
    )
    assert "recommended" in str(error.context["allowed"])


# -- what may be imposed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (SanctionTerms(kind=SanctionKind.FINE), "amount"),
        (SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION), "months"),
        (SanctionTerms(kind=SanctionKind.WARNING, months=3), "months"),
        (SanctionTerms(kind=SanctionKind.REVOCATION, amount=Decimal(1)), "amount"),
        (SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(1), months=1), "months"),
    ],
)
def test_sanction_terms_fit_kind(terms: SanctionTerms, field: str) -> None:
    case = reviewed()
    error = refused(case, SanctionTermsInvalidError, lambda: propose(case, terms))
    assert error.rule == "SanctionTermsFitKind" and error.field == field  # type: ignore[attr-defined]


def test_sanction_kind_fits_subject() -> None:
    lawyer = reviewed()
    error = refused(
        lawyer,
        SanctionKindNotApplicableError,
        lambda: propose(lawyer, suspension(2, SanctionKind.BUSINESS_SUSPENSION)),
    )
    assert error.rule == "SanctionKindFitsSubject"
    firm = reviewed(SubjectKind.LAW_FIRM)
    refused(firm, SanctionKindNotApplicableError, lambda: propose(firm, suspension(2)))


@pytest.mark.parametrize(
    ("subject", "terms"),
    [
        (SubjectKind.LAWYER, suspension(13)),
        (SubjectKind.LAWYER, fine(50_001)),
        (SubjectKind.LAW_FIRM, suspension(7, SanctionKind.BUSINESS_SUSPENSION)),
        (SubjectKind.LAW_FIRM, fine(500_001)),
    ],
)
def test_sanction_within_statutory_range(subject: SubjectKind, terms: SanctionTerms) -> None:
    case = reviewed(subject)
    error = refused(case, SanctionOutOfRangeError, lambda: propose(case, terms))
    assert error.rule == "SanctionWithinStatutoryRange"


def test_statutory_range_comes_from_the_policy() -> None:
    shorter = Policy(version="2024.9", effective_from=OPENED, firm_suspension_min_months=2)
    case = reviewed(SubjectKind.LAW_FIRM)
    with pytest.raises(SanctionOutOfRangeError) as caught:
        case.propose_decision(
            meta(),
            terms=suspension(1, SanctionKind.BUSINESS_SUSPENSION),
            offence_on=OPENED,
            facts="f",
            legal_basis="b",
            history=(),
            policy=shorter,
        )
    assert caught.value.context["policy_version"] == "2024.9"


def test_suspension_starts_with_decision() -> None:
    case = reviewed()
    propose(case, suspension(3))
    missing = refused(case, SuspensionStartInvalidError, lambda: approve(case))
    assert missing.rule == "SuspensionStartsWithDecision"
    refused(case, SuspensionStartInvalidError, lambda: approve(case, starts_on=date(2024, 4, 9)))
    approve(case, starts_on=date(2024, 4, 10))
    assert (case.suspension.starts_on, case.suspension.until) == (
        date(2024, 4, 10),
        date(2024, 7, 9),
    )
    warned = reviewed()
    propose(warned)
    refused(warned, SuspensionStartInvalidError, lambda: approve(warned, starts_on=OPENED))


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


# -- after the decision ---------------------------------------------------------------------------


def decided(terms: SanctionTerms = WARNING, on: date = date(2024, 9, 27)) -> Any:
    case = reviewed()
    propose(case, terms, on=on)
    approve(case, on=on)
    case.collect_events()
    return case


def test_publication_within_seven_working_days_of_the_decision() -> None:
    case = decided(on=date(2024, 9, 27))
    # 2024-09-29 (Sun) is a make-up working day; 1-7 October are the National Day holiday;
    # 2024-10-12 (Sat) is a make-up working day: the seventh working day.
    assert case.publication_due == date(2024, 10, 12)
    assert not case.publication_due_provisional


def test_publication_deadline_past_the_known_years_is_provisional() -> None:
    only_2024 = WorkingCalendar({y: s for y, s in CALENDAR.years.items() if y == 2024})
    deadline = SanctionCase.publication_deadline(date(2024, 12, 27), DEFAULT_POLICY, only_2024)
    assert deadline.provisional


def test_appeal_window_opens_when_the_decision_is_served() -> None:
    case = decided()
    assert case.appealable_on is None
    case.serve(meta(date(2024, 9, 30)))
    assert case.appealable_on == date(2024, 9, 30) and case.appeal_kind == "sanction"


def test_publication_period_within_limits() -> None:
    case = decided()
    case.serve(meta(date(2024, 9, 30)))
    due = Deadline(date(2024, 10, 12))
    for ends_on in (date(2024, 12, 31), date(2027, 10, 9)):
        error = refused(
            case,
            PublicationPeriodError,
            lambda e=ends_on: case.publish(meta(date(2024, 10, 8)), due, DEFAULT_POLICY, e),
        )
        assert error.rule == "PublicationPeriodWithinLimits"
    case.publish(meta(date(2024, 10, 8)), due, DEFAULT_POLICY)
    assert case.publication_ends_on == date(2027, 10, 8)  # the maximum, three years
    (published,) = case.collect_events()
    assert published.late is False and published.policy_version == DEFAULT_POLICY.version


def test_late_publication_is_recorded_not_refused() -> None:
    case = decided()
    case.serve(meta(date(2024, 9, 30)))
    case.publish(meta(date(2024, 10, 20)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    published = case.collect_events()[-1]
    assert published.late is True and published.due == date(2024, 10, 12)


def test_decision_after_its_due_date_is_recorded_as_late() -> None:
    case = decided(on=date(2024, 9, 27))  # opened 2024-03-01: due 2024-05-30
    assert case.decided_late is True


def test_closing_after_execution_or_without_a_decision() -> None:
    dismissed = reviewed()
    assert dismissed.close(meta(date(2024, 4, 5))) == "dismissed"
    refused(dismissed, SanctionStageError, lambda: dismissed.close(meta()))
    case = decided()
    refused(case, SanctionStageError, lambda: case.close(meta(date(2024, 10, 1))))
    case.serve(meta(date(2024, 9, 30)))
    refused(case, SanctionStageError, lambda: case.execute(meta(date(2024, 10, 1))))
    case.publish(meta(date(2024, 10, 8)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    case.execute(meta(date(2024, 10, 9)))
    assert case.close(meta(date(2024, 10, 10))) == "executed"
    assert case.stage is SanctionStage.CLOSED


# -- the appeal target protocol -------------------------------------------------------------------


def test_vary_on_appeal_changes_the_decision_and_keeps_the_original() -> None:
    case = reviewed()
    propose(case, suspension(6), on=date(2024, 4, 8))
    approve(case, starts_on=date(2024, 5, 1))
    appeal_id = uuid.uuid4()
    case.vary_on_appeal(meta(date(2024, 7, 1)), appeal_id, months=3)
    events = case.collect_events()
    varied = events[-1]
    assert type(varied).__name__ == "VariedOnAppeal" and varied.appeal_id == appeal_id
    assert varied.previous == suspension(6) and varied.terms == suspension(3)
    assert case.terms == suspension(3) and case.varied
    assert case.suspension.until == date(2024, 7, 31)
    assert varied.previous_suspension.until == date(2024, 10, 31)
    refused(case, NothingToChangeError, lambda: case.vary_on_appeal(meta(), appeal_id, months=3))
    refused(
        case,
        SanctionTermsInvalidError,
        lambda: case.vary_on_appeal(meta(), appeal_id, kind="fine"),
    )


def test_annul_on_appeal_records_what_was_annulled() -> None:
    case = reviewed()
    propose(case, suspension(6))
    approve(case, starts_on=date(2024, 5, 1))
    case.collect_events()
    case.annul_on_appeal(meta(date(2024, 7, 1)), uuid.uuid4())
    (annulled,) = case.collect_events()
    assert annulled.annulled == suspension(6)
    assert annulled.annulled_suspension.starts_on == date(2024, 5, 1)
    assert case.annulled and case.prior_sanction is None
    refused(case, SanctionStageError, lambda: case.annul_on_appeal(meta(), uuid.uuid4()))
    refused(case, SanctionStageError, lambda: case.vary_on_appeal(meta(), uuid.uuid4(), months=1))


def test_only_a_decision_can_be_appealed() -> None:
    case = reviewed()
    refused(case, SanctionStageError, lambda: case.annul_on_appeal(meta(), uuid.uuid4()))


def test_withdraw_publication_only_once_and_only_if_published() -> None:
    case = decided()
    assert case.withdraw_publication(meta(date(2024, 10, 1)), date(2024, 10, 4)) is False
    assert not case.collect_events()
    case.serve(meta(date(2024, 9, 30)))
    case.publish(meta(date(2024, 10, 8)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    case.collect_events()
    assert case.withdraw_publication(meta(date(2024, 11, 5)), date(2024, 11, 4)) is True
    (withdrawn,) = case.collect_events()
    assert withdrawn.due == date(2024, 11, 4) and withdrawn.late is True
    assert case.withdraw_publication(meta(date(2024, 11, 6)), date(2024, 11, 4)) is False


def test_every_sanction_event_has_an_explicit_stable_topic() -> None:
    from eventsourcing.utils import get_topic, resolve_topic

    from tests.unit.core.test_topics import (
        declared_topic,
        event_classes,
    )

    assert get_topic(SanctionCase) == "ledger.SanctionCase"
    events = event_classes(SanctionCase)
    names = {e.__qualname__.rsplit(".", 1)[-1] for e in events}
    assert {"Opened", "Decided", "MunicipalDecisionRecorded", "VariedOnAppeal"} <= names
    for cls in events:
        topic = declared_topic(cls)
        assert topic == f"ledger.SanctionCase.{cls.__qualname__.rsplit('.', 1)[-1]}", cls
        assert resolve_topic(topic) in (cls, *cls.__bases__)
