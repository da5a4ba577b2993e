"""Notarization matters 公证事项 and assistance arrangements between notary offices.

Applied 申请 -> Accepted 受理 <-> AwaitingMaterials 补正 (clock paused) -> Examined 审查 -> Approved
审批 -> CertificateIssued 出证. Exits: Refused 不予办理 (from Accepted/Examined), Terminated 终止 and
Withdrawn (only before issuance). After issuance: ReviewRequested 复查 -> Maintained | Corrected |
Revoked.

Rules are judged in the public methods; the events only assign what was decided (the due dates
and policy version are computed by the caller and recorded).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.calendar import Deadline
from domain.core.values import (
    EventMeta,
    business_id,
)
from domain.notarizations.errors import (
    ApproverIsNotHandlerError,
    ApproverOfficeError,
    NoIssuanceWithoutApprovalError,
    NotarizationEndedError,
    NotarizationStageError,
    NotaryRelatedToPartyError,
    ReviewerIsOriginalNotaryError,
    ReviewWindowClosedError,
)
from domain.notarizations.values import (
    PRE_ISSUANCE,
    NotarizationStage,
    NotarizationType,
    NotaryRelation,
    ReviewOutcome,
)

_OUTCOME_STAGE = {
    ReviewOutcome.MAINTAIN: NotarizationStage.MAINTAINED,
    ReviewOutcome.CORRECT: NotarizationStage.CORRECTED,
    ReviewOutcome.REVOKE: NotarizationStage.REVOKED,
}


class NotarizationMatter(Aggregate):
    TOPIC = "ledger.NotarizationMatter"
    Created = unused_created_event("NotarizationMatter")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        # One command creates one notarization: its command_id is the natural key.
        return business_id("notarization", meta.command_id)

    @event("Applied", topic="ledger.NotarizationMatter.Applied")
    def __init__(
        self,
        meta: EventMeta,
        office_id: UUID,
        matter_type: NotarizationType,
        parties: tuple[str, ...],
        handler_id: UUID,
        assisting_office_id: UUID | None,
        arrangement_id: UUID | None,
        relations: tuple[NotaryRelation, ...],
    ) -> None:
        self.office_id = office_id
        self.matter_type = matter_type
        self.parties = parties
        self.handler_id = handler_id
        self.assisting_office_id = assisting_office_id
        self.arrangement_id = arrangement_id
        self.relations = relations
        self.stage = NotarizationStage.APPLIED
        self.applied_on = meta.effective_on
        self.accepted_on: date | None = None
        self.paused_since: date | None = None
        self.paused_working_days = 0
        self.issuance_due: date | None = None
        self.issuance_due_provisional = False
        self.policy_version: str | None = None
        self.approver_id: UUID | None = None
        self.approved_on: date | None = None
        self.certificate_number: str | None = None
        self.issued_on: date | None = None
        self.issued_late = False
        self.review_request_due: date | None = None
        self.reviewer_id: UUID | None = None
        self.review_requested_on: date | None = None
        self.review_decision_due: date | None = None
        self.review_outcome: ReviewOutcome | None = None
        self.review_decided_late = False
        self.ended_on: date | None = None

    @property
    def offices(self) -> tuple[UUID, ...]:
        """The offices the matter counts for: its own, and an assisting one."""
        if self.assisting_office_id is None:
            return (self.office_id,)
        return (self.office_id, self.assisting_office_id)

    # -- checks ------------------------------------------------------------------------------

    def check_stage(self, action: str, *allowed: NotarizationStage) -> None:
        """NotarizationStepOutOfOrder."""
        if self.stage not in allowed:
            raise NotarizationStageError(
                f"cannot {action} a notarization that is {self.stage.value}",
                stage=self.stage.value,
                allowed=[s.value for s in allowed],
            )

    def check_not_related(self, notary_id: UUID, role: str = "handle") -> None:
        """NotaryRelatedToPartyCannotHandle [公证法 art. 23]."""
        check_not_related(notary_id, self.relations, role)

    def check_approval_on_record(self) -> None:
        """NoIssuanceWithoutApproval."""
        if self.approver_id is None or self.stage is not NotarizationStage.APPROVED:
            raise NoIssuanceWithoutApprovalError(
                f"a certificate needs an approval on the record; the matter is {self.stage.value}",
                stage=self.stage.value,
            )

    def check_approver_is_not_handler(self, approver_id: UUID) -> None:
        """ApproverIsNotHandler."""
        if approver_id == self.handler_id:
            raise ApproverIsNotHandlerError(
                "the handling notary does not approve their own matter",
                notary_id=str(approver_id),
            )

    def check_approver_office(self, approver_office_id: UUID | None) -> None:
        """ApproverBelongsToHandlingOffice: the approver is a notary of the office that handles
        the matter, or of the office assisting it under the recorded arrangement."""
        if approver_office_id in self.offices:
            return
        assisted = (
            " or of the assisting office named under its arrangement"
            if self.assisting_office_id is not None
            else " (no assistance arrangement covers this matter)"
        )
        raise ApproverOfficeError(
            "the approver must be a notary of the office handling the matter" + assisted,
            approver_office_id=str(approver_office_id) if approver_office_id else None,
            offices=[str(o) for o in self.offices],
        )

    def check_before_issuance(self, action: str) -> None:
        """EndOnlyBeforeIssuance: termination and withdrawal only before the certificate."""
        if self.stage in PRE_ISSUANCE:
            return
        if self.issued_on is not None:
            raise NotarizationEndedError(
                f"cannot {action} a matter whose certificate was issued on {self.issued_on}",
                stage=self.stage.value,
            )
        raise NotarizationStageError(
            f"cannot {action} a notarization that is {self.stage.value}", stage=self.stage.value
        )

    # -- commands ----------------------------------------------------------------------------

    def accept(self, meta: EventMeta, due: Deadline, policy_version: str) -> None:
        self.check_stage("accept", NotarizationStage.APPLIED)
        self.check_not_related(self.handler_id)
        self._accept(meta, due.due, due.provisional, policy_version)

    def request_materials(self, meta: EventMeta) -> None:
        self.check_stage("request materials for", NotarizationStage.ACCEPTED)
        self._request_materials(meta)

    def receive_materials(self, meta: EventMeta, paused_working_days: int, due: Deadline) -> None:
        """`paused_working_days`: working days of this pause; `due`: the issuance date moved on
        by them (computed by the caller with the calendar)."""
        self.check_stage("receive materials for", NotarizationStage.AWAITING_MATERIALS)
        self._receive_materials(meta, paused_working_days, due.due, due.provisional)

    def examine(self, meta: EventMeta) -> None:
        self.check_stage("examine", NotarizationStage.ACCEPTED)
        self.check_not_related(self.handler_id)
        self._examine(meta)

    def approve(self, meta: EventMeta, approver_id: UUID, approver_office_id: UUID | None) -> None:
        """`approver_office_id`: the notary office the approver belongs to now."""
        self.check_stage("approve", NotarizationStage.EXAMINED)
        self.check_approver_is_not_handler(approver_id)
        self.check_approver_office(approver_office_id)
        self.check_not_related(approver_id, "approve")
        self._approve(meta, approver_id)

    def issue_certificate(
        self, meta: EventMeta, certificate_number: str, review_request_due: date, late: bool
    ) -> None:
        if self.stage in PRE_ISSUANCE:
            self.check_approval_on_record()
        self.check_stage("issue a certificate for", NotarizationStage.APPROVED)
        self.check_not_related(self.handler_id)
        self._issue(meta, certificate_number, review_request_due, late)

    def refuse(self, meta: EventMeta) -> None:
        self.check_stage("refuse", NotarizationStage.ACCEPTED, NotarizationStage.EXAMINED)
        self._refuse(meta)

    def terminate(self, meta: EventMeta) -> None:
        self.check_before_issuance("terminate")
        self._terminate(meta)

    def withdraw(self, meta: EventMeta) -> None:
        self.check_before_issuance("withdraw")
        self._withdraw(meta)

    def declare_relation(self, meta: EventMeta, relation: NotaryRelation) -> None:
        self._declare_relation(meta, relation)

    def request_review(
        self, meta: EventMeta, reviewer_id: UUID, decision_due: date, policy_version: str
    ) -> None:
        self.check_stage("request a review of", NotarizationStage.CERTIFICATE_ISSUED)
        if reviewer_id == self.handler_id:
            raise ReviewerIsOriginalNotaryError(
                "the review is done by a notary other than the one who handled the matter",
                notary_id=str(reviewer_id),
            )
        assert self.review_request_due is not None
        if meta.effective_on > self.review_request_due:
            raise ReviewWindowClosedError(
                f"a review is requested by {self.review_request_due} (1 year after receipt)",
                due=str(self.review_request_due),
                requested_on=str(meta.effective_on),
            )
        self._request_review(meta, reviewer_id, decision_due, policy_version)

    def decide_review(self, meta: EventMeta, outcome: ReviewOutcome) -> None:
        self.check_stage("decide a review of", NotarizationStage.REVIEW_REQUESTED)
        assert self.review_decision_due is not None
        self._decide_review(meta, outcome, meta.effective_on > self.review_decision_due)

    # -- events ------------------------------------------------------------------------------

    @event("Accepted", topic="ledger.NotarizationMatter.Accepted")
    def _accept(self, meta: EventMeta, due: date, provisional: bool, policy_version: str) -> None:
        self.stage = NotarizationStage.ACCEPTED
        self.accepted_on = meta.effective_on
        self.issuance_due = due
        self.issuance_due_provisional = provisional
        self.policy_version = policy_version

    @event("MaterialsRequested", topic="ledger.NotarizationMatter.MaterialsRequested")
    def _request_materials(self, meta: EventMeta) -> None:
        self.stage = NotarizationStage.AWAITING_MATERIALS
        self.paused_since = meta.effective_on

    @event("MaterialsReceived", topic="ledger.NotarizationMatter.MaterialsReceived")
    def _receive_materials(
        self, meta: EventMeta, paused_working_days: int, due: date, provisional: bool
    ) -> None:
        self.stage = NotarizationStage.ACCEPTED
        self.paused_since = None
        self.paused_working_days += paused_working_days
        self.issuance_due = due
        self.issuance_due_provisional = provisional

    @event("Examined", topic="ledger.NotarizationMatter.Examined")
    def _examine(self, meta: EventMeta) -> None:
        self.stage = NotarizationStage.EXAMINED

    @event("Approved", topic="ledger.NotarizationMatter.Approved")
    def _approve(self, meta: EventMeta, approver_id: UUID) -> None:
        self.stage = NotarizationStage.APPROVED
        self.approver_id = approver_id
        self.approved_on = meta.effective_on

    @event("CertificateIssued", topic="ledger.NotarizationMatter.CertificateIssued")
    def _issue(
        self, meta: EventMeta, certificate_number: str, review_request_due: date, late: bool
    ) -> None:
        self.stage = NotarizationStage.CERTIFICATE_ISSUED
        self.certificate_number = certificate_number
        self.issued_on = meta.effective_on
        self.review_request_due = review_request_due
        self.issued_late = late

    @event("Refused", topic="ledger.NotarizationMatter.Refused")
    def _refuse(self, meta: EventMeta) -> None:
        self.stage = NotarizationStage.REFUSED
        self.ended_on = meta.effective_on

    @event("Terminated", topic="ledger.NotarizationMatter.Terminated")
    def _terminate(self, meta: EventMeta) -> None:
        self.stage = NotarizationStage.TERMINATED
        self.ended_on = meta.effective_on

    @event("Withdrawn", topic="ledger.NotarizationMatter.Withdrawn")
    def _withdraw(self, meta: EventMeta) -> None:
        self.stage = NotarizationStage.WITHDRAWN
        self.ended_on = meta.effective_on

    @event("RelationDeclared", topic="ledger.NotarizationMatter.RelationDeclared")
    def _declare_relation(self, meta: EventMeta, relation: NotaryRelation) -> None:
        self.relations = (*self.relations, relation)

    @event("ReviewRequested", topic="ledger.NotarizationMatter.ReviewRequested")
    def _request_review(
        self, meta: EventMeta, reviewer_id: UUID, decision_due: date, policy_version: str
    ) -> None:
        self.stage = NotarizationStage.REVIEW_REQUESTED
        self.reviewer_id = reviewer_id
        self.review_requested_on = meta.effective_on
        self.review_decision_due = decision_due

    @event("ReviewDecided", topic="ledger.NotarizationMatter.ReviewDecided")
    def _decide_review(self, meta: EventMeta, outcome: ReviewOutcome, late: bool) -> None:
        self.stage = _OUTCOME_STAGE[outcome]
        self.review_outcome = outcome
        self.review_decided_late = late


def check_not_related(
    notary_id: UUID, relations: tuple[NotaryRelation, ...], role: str = "handle"
) -> None:
    """NotaryRelatedToPartyCannotHandle [公证法 art. 23]."""
    for relation in relations:
        if relation.notary_id == notary_id:
            raise NotaryRelatedToPartyError(
                f"notary {notary_id} declared a relation to party {relation.party} and cannot "
                f"{role} the matter",
                notary_id=str(notary_id),
                party=relation.party,
            )
