"""The rules of a sanction case, as checks on its recorded state (the aggregate in case.py
inherits them): stages in order, the notice and the hearing right, four eyes, the start of a
suspension, the publication period, what an appeal can change. The rules that depend on the
sanction alone (authority, ranges, escalation) are in rules.py."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
    add_months,
)
from domain.core.errors import (
    ProposerCannotApproveError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    SuspensionPeriod,
    article,
)
from domain.sanctions.errors import (
    DecisionBeforeReviewError,
    HearingPendingError,
    HearingRightError,
    HeavierThanNoticeError,
    PublicationPeriodError,
    SanctionStageError,
    SuspensionStartInvalidError,
)
from domain.sanctions.rules import (
    _BEFORE_DECISION,
    PriorSanction,
    Proposal,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
    suspension_period,
)

# Where a new pre-decision notice may replace the one in force: up to the proposal (a pending
# hearing is held first).
_NOTICE_RENEWABLE = (
    SanctionStage.NOTICE_SERVED,
    SanctionStage.HEARING_HELD,
    SanctionStage.LEGAL_REVIEW_PASSED,
    SanctionStage.PROPOSED,
)


class SanctionCaseRules:
    """The checks a sanction case's commands run before they record anything."""

    # The recorded state the rules read (set by the aggregate's events).
    id: UUID
    case_number: str
    stage: SanctionStage
    intended_kind: SanctionKind | None
    noticed_on: date | None
    hearing_waived: bool
    proposal: Proposal | None
    terms: SanctionTerms | None
    decided_on: date | None
    suspension: SuspensionPeriod | None
    annulled: bool
    decision_due: date
    published_on: date | None
    publication_withdrawn_on: date | None
    subject_kind: SubjectKind
    publication_due: date | None
    publication_due_provisional: bool

    @property
    def open_deadlines(self) -> list[tuple[str, date, bool]]:
        """(what, due, provisional) still to be met: the decision within 90 days of opening
        until one is recorded, then the publication within 7 working days until published.
        Nothing once the case is closed or annulled; an alert, never a block."""
        if self.stage is SanctionStage.CLOSED or self.annulled:
            return []
        if self.terms is None:
            return [("decision", self.decision_due, False)]
        if self.publication_due is not None and self.published_on is None:
            return [("publication", self.publication_due, self.publication_due_provisional)]
        return []

    def check_stage(self, action: str, *allowed: SanctionStage) -> None:
        """SanctionCaseStagesInOrder."""
        if self.stage not in allowed:
            raise SanctionStageError(
                f"cannot {action}: case {self.case_number} is {self.stage.value} "
                f"(allowed when {', '.join(s.value for s in allowed)})",
                stage=self.stage.value,
                allowed=[s.value for s in allowed],
            )

    def check_requested_hearing_held(self) -> None:
        """RequestedHearingIsHeld: a requested hearing comes before the legal review."""
        if self.stage is SanctionStage.HEARING_REQUESTED:
            raise HearingPendingError(
                f"case {self.case_number}: the requested hearing has not been held",
                stage=self.stage.value,
            )

    def check_hearing_right_respected(self, meta: EventMeta, policy: Policy) -> None:
        """HearingRightBeforeSuspensionOrRevocation [行政处罚法 arts. 63-64]: after a notice
        of a suspension or revocation, the legal review follows the hearing, the party's
        recorded waiver, or the end of the days the party has to ask for one."""
        intended = self.intended_kind
        if self.stage is not SanctionStage.NOTICE_SERVED or intended is None:
            return
        if not intended.carries_hearing_right or self.hearing_waived:
            return
        assert self.noticed_on is not None
        ends = self.noticed_on + timedelta(days=policy.hearing_request_days)
        if meta.effective_on > ends:
            return
        raise HearingRightError(
            f"case {self.case_number}: the notice of {self.noticed_on} announced a "
            f"{intended.value}, and the party may ask for a hearing until {ends}; the legal "
            "review follows the hearing, the party's recorded waiver, or that date",
            stage=self.stage.value,
            hearing_request_ends=str(ends),
            policy_version=policy.version,
        )

    def check_within_notice(self, terms: SanctionTerms) -> None:
        """HeavierPenaltyNeedsNewNotice [行政处罚法 arts. 44, 63]: no sanction heavier than the
        one the notice in force announced; a new notice (and, for a suspension or revocation,
        the hearing right) comes first."""
        intended = self.intended_kind
        assert intended is not None  # a proposal follows a notice
        if terms.kind.severity <= intended.severity:
            return
        then = " and give the party the hearing right" if terms.kind.carries_hearing_right else ""
        raise HeavierThanNoticeError(
            f"case {self.case_number}: the pre-decision notice announced {article(intended.value)}; "
            f"{article(terms.kind.value)} is heavier: serve a new notice announcing it{then} before "
            "proposing it",
            stage=self.stage.value,
            intended_kind=intended.value,
            proposed_kind=terms.kind.value,
        )

    def check_notice_and_review_done(self) -> None:
        """DecisionAfterNoticeAndLegalReview."""
        if self.stage in (SanctionStage.LEGAL_REVIEW_PASSED, SanctionStage.PROPOSED):
            return
        if self.stage in _BEFORE_DECISION[:5]:
            raise DecisionBeforeReviewError(
                f"case {self.case_number} is {self.stage.value}: a decision is proposed only "
                "after the pre-decision notice, any requested hearing and the legal review",
                stage=self.stage.value,
            )
        self.check_stage("propose a decision", SanctionStage.LEGAL_REVIEW_PASSED)

    def current_proposal(self) -> Proposal:
        assert self.proposal is not None  # stage PROPOSED
        return self.proposal

    @staticmethod
    def check_not_proposer(meta: EventMeta, proposal: Proposal) -> None:
        """ProposerCannotApprove (four eyes)."""
        if meta.actor.principal_id == proposal.proposer:
            raise ProposerCannotApproveError(
                f"{proposal.proposer} proposed this decision and cannot also approve it",
                proposer=proposal.proposer,
            )

    @staticmethod
    def check_suspension_start(
        meta: EventMeta, terms: SanctionTerms, starts_on: date | None
    ) -> SuspensionPeriod | None:
        """SuspensionStartsWithDecision: a suspension gives its first day, on or after the
        decision; other sanctions have none."""
        if not terms.kind.is_suspension:
            if starts_on is not None:
                raise SuspensionStartInvalidError(
                    f"{article(terms.kind.value)} has no start date; only suspensions do"
                )
            return None
        if starts_on is None:
            raise SuspensionStartInvalidError("a suspension decision says when it starts")
        if starts_on < meta.effective_on:
            raise SuspensionStartInvalidError(
                f"the suspension cannot start ({starts_on}) before the decision "
                f"({meta.effective_on})",
                starts_on=str(starts_on),
                decided_on=str(meta.effective_on),
            )
        assert terms.months is not None  # check_terms_fit_kind
        return suspension_period(starts_on, terms.months)

    @staticmethod
    def publication_deadline(
        decided_on: date, policy: Policy, calendar: WorkingCalendar
    ) -> Deadline:
        return calendar.add_working_days(decided_on, policy.sanction_publication_working_days)

    @staticmethod
    def check_publication_period(published_on: date, ends_on: date | None, policy: Policy) -> date:
        """PublicationPeriodWithinLimits: publication ends after the minimum and by the maximum
        (credit repair 信用修复 [practice])."""
        earliest = add_months(published_on, policy.publication_min_months).due
        latest = add_months(published_on, policy.publication_max_months).due
        if ends_on is None:
            return latest
        if not earliest <= ends_on <= latest:
            raise PublicationPeriodError(
                f"publication from {published_on} ends between {earliest} and {latest} "
                f"(policy {policy.version}); {ends_on} was given",
                earliest=str(earliest),
                latest=str(latest),
                policy_version=policy.version,
            )
        return ends_on

    def check_not_annulled(self) -> None:
        if self.annulled:
            raise SanctionStageError(
                f"the decision of case {self.case_number} was annulled on appeal",
                stage=self.stage.value,
            )

    def check_decision_in_force(self) -> SanctionTerms:
        """Only a decision that exists and was not annulled can be varied or annulled."""
        if self.terms is None:
            raise SanctionStageError(
                f"case {self.case_number} has no decision to appeal", stage=self.stage.value
            )
        self.check_not_annulled()
        return self.terms

    @property
    def prior_sanction(self) -> PriorSanction | None:
        """This case as history for the subject's later cases (None without a decision)."""
        if self.terms is None or self.decided_on is None or self.annulled:
            return None
        return PriorSanction(
            case_id=self.id,
            kind=self.terms.kind,
            decided_on=self.decided_on,
            suspension_until=self.suspension.until if self.suspension else None,
        )
