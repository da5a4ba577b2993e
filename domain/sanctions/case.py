"""Sanction cases 行政处罚 / 行业处分: from opening 立案 to closing.

Opened -> Investigated -> PreDecisionNoticeServed 告知 -> [HearingRequested -> HearingHeld]
-> LegalReviewPassed 法制审核 -> DecisionProposed -> Decided (district) | RecommendationSent ->
MunicipalDecisionRecorded (municipal) -> Served 送达 -> Published -> Executed -> Closed.
A case may be closed without a decision (dismissed, 不予处罚) at any stage before one.

Rules judged under policy (authority, ranges, deadlines, repeat-offence windows) are checked in
the public methods and their outcome recorded with the policy version; the event methods only
assign state, so replaying a case never re-judges it. The case is also an appeal target
(reconsideration 行政复议 and litigation 行政诉讼 lie against the decision).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import ValidationError

from domain.core.base import unused_created_event
from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
    add_calendar_days,
    add_months,
)
from domain.core.errors import (
    NothingToChangeError,
    ProposerCannotApproveError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    SuspensionPeriod,
    article,
    business_id,
    normalize_number,
)
from domain.sanctions.errors import (
    DecisionBeforeReviewError,
    HearingPendingError,
    HearingRightError,
    HeavierThanNoticeError,
    PublicationPeriodError,
    SanctionStageError,
    SanctionTermsInvalidError,
    SuspensionStartInvalidError,
)
from domain.sanctions.rules import (
    _BEFORE_DECISION,
    CaseOrigin,
    Escalation,
    PriorSanction,
    Proposal,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
    check_escalation_respected,
    check_terms,
    check_terms_fit_kind,
    repeat_offence_escalation,
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


class SanctionCase(Aggregate):
    TOPIC = "ledger.SanctionCase"
    Created = unused_created_event("SanctionCase")

    appeal_kind = "sanction"

    @staticmethod
    def create_id(case_number: str) -> UUID:
        return business_id("sanction", normalize_number(case_number))

    @classmethod
    def open(
        cls,
        meta: EventMeta,
        case_number: str,
        subject_id: UUID,
        subject_kind: SubjectKind,
        origin: CaseOrigin,
        origin_reference: UUID | None,
        allegation: str,
        policy: Policy,
    ) -> SanctionCase:
        """立案: the decision is due `sanction_decision_days` calendar days after opening
        [行政处罚法 art. 60]."""
        due = add_calendar_days(meta.effective_on, policy.sanction_decision_days)
        return cls(
            meta=meta,
            case_number=normalize_number(case_number),
            subject_id=subject_id,
            subject_kind=subject_kind,
            origin=origin,
            origin_reference=origin_reference,
            allegation=allegation,
            decision_due=due.due,
            policy_version=policy.version,
        )

    @event("Opened", topic="ledger.SanctionCase.Opened")
    def __init__(
        self,
        meta: EventMeta,
        case_number: str,
        subject_id: UUID,
        subject_kind: SubjectKind,
        origin: CaseOrigin,
        origin_reference: UUID | None,
        allegation: str,
        decision_due: date,
        policy_version: str,
    ) -> None:
        self.case_number = case_number
        self.subject_id = subject_id
        self.subject_kind = subject_kind
        self.origin = origin
        self.origin_reference = origin_reference
        self.allegation = allegation
        self.opened_on = meta.effective_on
        self.decision_due = decision_due
        self.stage = SanctionStage.OPENED
        self.intended_kind: SanctionKind | None = None
        self.noticed_on: date | None = None
        self.hearing_requested = False
        self.hearing_waived = False
        self.proposal: Proposal | None = None
        self.decided_by: str | None = None
        self.recommended_on: date | None = None
        self.terms: SanctionTerms | None = None  # the decision in force (after any variation)
        self.decided_on: date | None = None
        self.decided_late = False
        self.municipal_reference: str | None = None
        self.suspension: SuspensionPeriod | None = None
        self.publication_due: date | None = None
        self.publication_due_provisional = False
        self.served_on: date | None = None
        self.appealable_on: date | None = None
        self.published_on: date | None = None
        self.publication_ends_on: date | None = None
        self.publication_withdrawn_on: date | None = None
        self.executed_on: date | None = None
        self.closed_on: date | None = None
        self.outcome: str | None = None
        self.varied = False
        self.annulled = False

    # -- commands: rules first, then the event -----------------------------------------------

    def investigate(self, meta: EventMeta, findings: str) -> None:
        self.check_stage("record the investigation", SanctionStage.OPENED)
        self._investigate(meta, findings)

    def serve_pre_decision_notice(self, meta: EventMeta, intended_kind: SanctionKind) -> None:
        """告知: the party learns the facts, the basis and the intended sanction, and its right
        to state a defence and (for a suspension or revocation) to a hearing. A new notice — of
        a heavier sanction than the first announced, say — may be served until the decision is
        proposed and approved: it replaces the earlier one, and what follows a notice (the
        hearing right, the legal review, the proposal) starts again."""
        self.check_stage(
            "serve the pre-decision notice", SanctionStage.INVESTIGATED, *_NOTICE_RENEWABLE
        )
        self._serve_notice(meta, intended_kind)

    def waive_hearing(self, meta: EventMeta) -> None:
        """放弃听证: the party gives up, on the record, the hearing it may ask for."""
        self.check_stage("record a hearing waiver", SanctionStage.NOTICE_SERVED)
        intended = self.intended_kind
        assert intended is not None  # stage NOTICE_SERVED
        if not intended.carries_hearing_right:
            raise HearingRightError(
                f"the notice announced {article(intended.value)}, which carries no hearing right to waive",
                stage=self.stage.value,
                intended_kind=intended.value,
            )
        self._waive_hearing(meta)

    def request_hearing(self, meta: EventMeta) -> None:
        self.check_stage("request a hearing", SanctionStage.NOTICE_SERVED)
        self._request_hearing(meta)

    def hold_hearing(self, meta: EventMeta, summary: str) -> None:
        self.check_stage("hold the hearing", SanctionStage.HEARING_REQUESTED)
        self._hold_hearing(meta, summary)

    def pass_legal_review(self, meta: EventMeta, opinion: str, policy: Policy) -> None:
        """法制审核; a requested hearing is held first, and a suspension or revocation waits
        for the party's hearing right to be used, waived or run out."""
        self.check_requested_hearing_held()
        self.check_stage(
            "pass the legal review", SanctionStage.NOTICE_SERVED, SanctionStage.HEARING_HELD
        )
        self.check_hearing_right_respected(meta, policy)
        self._pass_legal_review(meta, opinion)

    def propose_decision(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        offence_on: date,
        facts: str,
        legal_basis: str,
        history: Iterable[PriorSanction],
        policy: Policy,
        offence_level: SanctionKind | None = None,
    ) -> Escalation | None:
        """Propose the decision (a new proposal replaces one not yet approved). `history` is
        the subject's other decided sanctions, for repeat-offence escalation."""
        self.check_notice_and_review_done()
        check_terms(self.subject_kind, terms, policy)
        level = offence_level or terms.kind
        prior = [p for p in history if p.case_id != self.id]
        escalation = repeat_offence_escalation(self.subject_kind, level, offence_on, prior, policy)
        check_escalation_respected(terms, escalation)
        self.check_within_notice(terms)
        self._propose(
            meta,
            terms=terms,
            proposer=meta.actor.principal_id,
            offence_on=offence_on,
            offence_level=level,
            facts=facts,
            legal_basis=legal_basis,
            escalated_from=escalation.escalated_from if escalation else None,
            escalation_reason=escalation.reason if escalation else None,
            prior_case_id=escalation.prior_case_id if escalation else None,
            policy_version=policy.version,
        )
        return escalation

    def approve_decision(
        self,
        meta: EventMeta,
        policy: Policy,
        calendar: WorkingCalendar,
        starts_on: date | None = None,
    ) -> None:
        """Four eyes, then the authority matrix: the district decides (Decided) or recommends
        to the municipal bureau (RecommendationSent). `starts_on` is the first day of a
        decided suspension; a recommendation ignores it (the municipal decision sets it)."""
        self.check_stage("approve the decision", SanctionStage.PROPOSED)
        proposal = self.current_proposal()
        self.check_not_proposer(meta, proposal)
        authority = check_terms(self.subject_kind, proposal.terms, policy)
        approver = meta.actor.principal_id
        if authority == "municipal":
            self._recommend(meta, proposal.terms, approver, policy.version)
            return
        suspension = self.check_suspension_start(meta, proposal.terms, starts_on)
        due = self.publication_deadline(meta.effective_on, policy, calendar)
        self._decide(
            meta,
            terms=proposal.terms,
            approver=approver,
            suspension=suspension,
            publication_due=due.due,
            publication_due_provisional=due.provisional,
            decided_late=meta.effective_on > self.decision_due,
            policy_version=policy.version,
        )

    def record_municipal_decision(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        municipal_reference: str,
        policy: Policy,
        calendar: WorkingCalendar,
        starts_on: date | None = None,
    ) -> None:
        """The municipal bureau's decision on the district's recommendation; it may differ."""
        self.check_stage("record the municipal decision", SanctionStage.RECOMMENDED)
        check_terms(self.subject_kind, terms, policy)
        suspension = self.check_suspension_start(meta, terms, starts_on)
        due = self.publication_deadline(meta.effective_on, policy, calendar)
        self._record_municipal_decision(
            meta,
            terms=terms,
            municipal_reference=municipal_reference,
            suspension=suspension,
            publication_due=due.due,
            publication_due_provisional=due.provisional,
            decided_late=meta.effective_on > self.decision_due,
            policy_version=policy.version,
        )

    def serve(self, meta: EventMeta) -> None:
        """送达: the appeal windows open on the day of service."""
        self.check_stage("serve the decision", SanctionStage.DECIDED)
        self._serve(meta)

    def publish(
        self, meta: EventMeta, due: Deadline, policy: Policy, ends_on: date | None = None
    ) -> None:
        """Publish; `due` is the publication deadline (recomputed by the caller if it was
        provisional). Publication ends between the policy's minimum and maximum (credit
        repair); the maximum if not given."""
        self.check_stage("publish the decision", SanctionStage.SERVED)
        ends_on = self.check_publication_period(meta.effective_on, ends_on, policy)
        self._publish(
            meta,
            ends_on=ends_on,
            due=due.due,
            due_provisional=due.provisional,
            late=meta.effective_on > due.due,
            policy_version=policy.version,
        )

    def execute(self, meta: EventMeta) -> None:
        self.check_not_annulled()
        self.check_stage("record the execution", SanctionStage.PUBLISHED)
        self._execute(meta)

    def close(self, meta: EventMeta) -> str:
        """Close: after execution, after annulment on appeal, or without a decision
        (dismissed 不予处罚 / 撤销立案, the reason says why). Returns the outcome."""
        if self.stage is SanctionStage.CLOSED:
            raise SanctionStageError(
                f"case {self.case_number} is already closed", stage=self.stage.value
            )
        if self.annulled:
            outcome = "annulled"
        elif self.stage is SanctionStage.EXECUTED:
            outcome = "executed"
        elif self.stage in _BEFORE_DECISION:
            outcome = "dismissed"
        else:
            raise SanctionStageError(
                f"case {self.case_number} is {self.stage.value}: a decided case closes after "
                "execution",
                stage=self.stage.value,
                allowed=[SanctionStage.EXECUTED.value, *(s.value for s in _BEFORE_DECISION)],
            )
        self._close(meta, outcome)
        return outcome

    # -- appeal target protocol ------------------------------------------------------------

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None:
        """The decision as varied by a reconsideration or a court (kind, amount, months). The
        original decision stays in history."""
        previous = self.check_decision_in_force()
        try:
            terms = SanctionTerms.model_validate({**previous.model_dump(), **new_result})
        except ValidationError as exc:
            raise SanctionTermsInvalidError(
                f"the varied decision is not a valid sanction: {exc.errors()[0]['msg']}",
                field="new_result",
            ) from None
        check_terms_fit_kind(terms)
        if terms == previous:
            raise NothingToChangeError("the varied decision equals the decision", field=None)
        # A suspension keeps its first day with the varied length; a sanction that becomes a
        # suspension only now has no period yet (the appeal decision gives none).
        suspension = None
        if terms.kind.is_suspension and terms.months is not None and self.suspension is not None:
            suspension = suspension_period(self.suspension.starts_on, terms.months)
        self._vary_on_appeal(meta, appeal_id, previous, terms, self.suspension, suspension)

    def annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None:
        """Annulled: records what was annulled (the terms and any suspension period), so the
        appeals work can reinstate a licence."""
        terms = self.check_decision_in_force()
        self._annul_on_appeal(meta, appeal_id, terms, self.suspension)

    def withdraw_publication(self, meta: EventMeta, due: date) -> bool:
        """Withdraw the publication (due within `publication_withdrawal_days` of a variation or
        annulment [art. 48]); nothing to do if it was never published."""
        if self.published_on is None or self.publication_withdrawn_on is not None:
            return False
        self._withdraw_publication(meta, due, meta.effective_on > due)
        return True

    # -- checks ------------------------------------------------------------------------------

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

    # -- events: state changes only, never rules ---------------------------------------------

    @event("Investigated", topic="ledger.SanctionCase.Investigated")
    def _investigate(self, meta: EventMeta, findings: str) -> None:
        self.stage = SanctionStage.INVESTIGATED

    @event("PreDecisionNoticeServed", topic="ledger.SanctionCase.PreDecisionNoticeServed")
    def _serve_notice(self, meta: EventMeta, intended_kind: SanctionKind) -> None:
        # A renewed notice starts again what follows a notice.
        self.intended_kind = intended_kind
        self.noticed_on = meta.effective_on
        self.hearing_requested = False
        self.hearing_waived = False
        self.proposal = None
        self.stage = SanctionStage.NOTICE_SERVED

    @event("HearingWaived", topic="ledger.SanctionCase.HearingWaived")
    def _waive_hearing(self, meta: EventMeta) -> None:
        self.hearing_waived = True

    @event("HearingRequested", topic="ledger.SanctionCase.HearingRequested")
    def _request_hearing(self, meta: EventMeta) -> None:
        self.hearing_requested = True
        self.stage = SanctionStage.HEARING_REQUESTED

    @event("HearingHeld", topic="ledger.SanctionCase.HearingHeld")
    def _hold_hearing(self, meta: EventMeta, summary: str) -> None:
        self.stage = SanctionStage.HEARING_HELD

    @event("LegalReviewPassed", topic="ledger.SanctionCase.LegalReviewPassed")
    def _pass_legal_review(self, meta: EventMeta, opinion: str) -> None:
        self.stage = SanctionStage.LEGAL_REVIEW_PASSED

    @event("DecisionProposed", topic="ledger.SanctionCase.DecisionProposed")
    def _propose(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        proposer: str,
        offence_on: date,
        offence_level: SanctionKind,
        facts: str,
        legal_basis: str,
        escalated_from: SanctionKind | None,
        escalation_reason: str | None,
        prior_case_id: UUID | None,
        policy_version: str,
    ) -> None:
        self.proposal = Proposal(
            terms=terms,
            proposer=proposer,
            proposed_on=meta.effective_on,
            offence_on=offence_on,
            offence_level=offence_level,
            escalated_from=escalated_from,
            escalation_reason=escalation_reason,
        )
        self.stage = SanctionStage.PROPOSED

    @event("RecommendationSent", topic="ledger.SanctionCase.RecommendationSent")
    def _recommend(
        self, meta: EventMeta, terms: SanctionTerms, approver: str, policy_version: str
    ) -> None:
        self.decided_by = "municipal"
        self.recommended_on = meta.effective_on
        self.stage = SanctionStage.RECOMMENDED

    @event("Decided", topic="ledger.SanctionCase.Decided")
    def _decide(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        approver: str,
        suspension: SuspensionPeriod | None,
        publication_due: date,
        publication_due_provisional: bool,
        decided_late: bool,
        policy_version: str,
    ) -> None:
        self.decided_by = "district"
        self._apply_decision(
            meta, terms, suspension, publication_due, publication_due_provisional, decided_late
        )

    @event("MunicipalDecisionRecorded", topic="ledger.SanctionCase.MunicipalDecisionRecorded")
    def _record_municipal_decision(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        municipal_reference: str,
        suspension: SuspensionPeriod | None,
        publication_due: date,
        publication_due_provisional: bool,
        decided_late: bool,
        policy_version: str,
    ) -> None:
        self.municipal_reference = municipal_reference
        self._apply_decision(
            meta, terms, suspension, publication_due, publication_due_provisional, decided_late
        )

    def _apply_decision(
        self,
        meta: EventMeta,
        terms: SanctionTerms,
        suspension: SuspensionPeriod | None,
        publication_due: date,
        publication_due_provisional: bool,
        decided_late: bool,
    ) -> None:
        self.terms = terms
        self.decided_on = meta.effective_on
        self.suspension = suspension
        self.publication_due = publication_due
        self.publication_due_provisional = publication_due_provisional
        self.decided_late = decided_late
        self.stage = SanctionStage.DECIDED

    @event("Served", topic="ledger.SanctionCase.Served")
    def _serve(self, meta: EventMeta) -> None:
        self.served_on = meta.effective_on
        self.appealable_on = meta.effective_on
        self.stage = SanctionStage.SERVED

    @event("Published", topic="ledger.SanctionCase.Published")
    def _publish(
        self,
        meta: EventMeta,
        ends_on: date,
        due: date,
        due_provisional: bool,
        late: bool,
        policy_version: str,
    ) -> None:
        self.published_on = meta.effective_on
        self.publication_ends_on = ends_on
        self.stage = SanctionStage.PUBLISHED

    @event("Executed", topic="ledger.SanctionCase.Executed")
    def _execute(self, meta: EventMeta) -> None:
        self.executed_on = meta.effective_on
        self.stage = SanctionStage.EXECUTED

    @event("Closed", topic="ledger.SanctionCase.Closed")
    def _close(self, meta: EventMeta, outcome: str) -> None:
        self.closed_on = meta.effective_on
        self.outcome = outcome
        self.stage = SanctionStage.CLOSED

    @event("VariedOnAppeal", topic="ledger.SanctionCase.VariedOnAppeal")
    def _vary_on_appeal(
        self,
        meta: EventMeta,
        appeal_id: UUID,
        previous: SanctionTerms,
        terms: SanctionTerms,
        previous_suspension: SuspensionPeriod | None,
        suspension: SuspensionPeriod | None,
    ) -> None:
        self.terms = terms
        self.suspension = suspension
        self.varied = True

    @event("AnnulledOnAppeal", topic="ledger.SanctionCase.AnnulledOnAppeal")
    def _annul_on_appeal(
        self,
        meta: EventMeta,
        appeal_id: UUID,
        annulled: SanctionTerms,
        annulled_suspension: SuspensionPeriod | None,
    ) -> None:
        self.annulled = True

    @event("PublicationWithdrawn", topic="ledger.SanctionCase.PublicationWithdrawn")
    def _withdraw_publication(self, meta: EventMeta, due: date, late: bool) -> None:
        self.publication_withdrawn_on = meta.effective_on
