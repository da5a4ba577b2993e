"""The steps of a sanction case, each a command that runs its rules (case_rules.py) and
records its event (case.py): investigate, the pre-decision notice and the hearing right, the
legal review, proposal and four-eyes approval or the municipal recommendation, service,
publication, execution, closing, and what an appeal changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
)
from domain.core.errors import (
    NothingToChangeError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    article,
)
from domain.sanctions.case_rules import _NOTICE_RENEWABLE, SanctionCaseRules
from domain.sanctions.errors import (
    HearingRightError,
    SanctionStageError,
    SanctionTermsInvalidError,
)
from domain.sanctions.rules import (
    _BEFORE_DECISION,
    Escalation,
    PriorSanction,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    check_escalation_respected,
    check_terms,
    check_terms_fit_kind,
    repeat_offence_escalation,
    suspension_period,
)


class SanctionProcedure(SanctionCaseRules):
    """A sanction case's commands: rules first, then the event."""

    # The events the commands record (decorated on the aggregate, state only).
    _investigate: Callable[..., None]
    _serve_notice: Callable[..., None]
    _waive_hearing: Callable[..., None]
    _request_hearing: Callable[..., None]
    _hold_hearing: Callable[..., None]
    _pass_legal_review: Callable[..., None]
    _propose: Callable[..., None]
    _recommend: Callable[..., None]
    _decide: Callable[..., None]
    _record_municipal_decision: Callable[..., None]
    _serve: Callable[..., None]
    _publish: Callable[..., None]
    _execute: Callable[..., None]
    _close: Callable[..., None]
    _vary_on_appeal: Callable[..., None]
    _annul_on_appeal: Callable[..., None]
    _withdraw_publication: Callable[..., None]

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
