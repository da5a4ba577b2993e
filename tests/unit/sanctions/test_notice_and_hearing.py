"""The pre-decision notice and the hearing on the SanctionCase aggregate: a requested hearing is
held, a heavier penalty needs a new notice, the hearing right before suspension or revocation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.sanctions.errors import (
    DecisionBeforeReviewError,
    HearingPendingError,
    HearingRightError,
    HeavierThanNoticeError,
    SanctionStageError,
)
from domain.sanctions.rules import (
    SanctionKind,
    SanctionStage,
    SanctionTerms,
)
from tests.unit.sanctions.sanction_rules_support import (
    WARNING,
    meta,
    new_case,
    propose,
    refused,
    reviewed,
)


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
