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

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.calendar import (
    add_calendar_days,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    SuspensionPeriod,
    business_id,
    normalize_number,
)
from domain.sanctions.procedure import SanctionProcedure
from domain.sanctions.rules import (
    CaseOrigin,
    Proposal,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
)


class SanctionCase(SanctionProcedure, Aggregate):
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

    # -- appeal target protocol ------------------------------------------------------------

    # -- checks ------------------------------------------------------------------------------

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
