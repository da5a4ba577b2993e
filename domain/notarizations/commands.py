"""Notarization commands on ComplianceLedger: the matter lifecycle, assistance arrangements, the
backlog by age and the missed-issuance detector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.core.calendar import (
    add_calendar_days,
    add_months,
)
from domain.core.errors import InvalidCommandError
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy_commands import PolicyCommands
from domain.core.values import (
    EventMeta,
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
    article,
)
from domain.notarizations.assistance import AssistanceArrangement
from domain.notarizations.errors import (
    HandlingNotaryError,
    NotarizationOfficeError,
)
from domain.notarizations.matter import (
    NotarizationMatter,
    check_not_related,
)
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
    NotaryRelation,
    ReviewOutcome,
)
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner


class NotarizationCommands(PolicyCommands):
    """The notarizations part of issue #4."""

    # -- reads -------------------------------------------------------------------------------

    def get_notarization(self, matter_id: UUID) -> NotarizationMatter:
        return self._get(NotarizationMatter, matter_id, "notarization matter")

    def get_assistance_arrangement(self, arrangement_id: UUID) -> AssistanceArrangement:
        return self._get(AssistanceArrangement, arrangement_id, "assistance arrangement")

    def notarization_age(
        self,
        accepted_on: date,
        paused_working_days: int,
        paused_since: date | None,
        as_of: date,
    ) -> int:
        """Working days from acceptance to `as_of`, paused time (补正) excluded: the working days
        of the pauses ended, and of the one still open up to `as_of`."""
        age = self.calendar.working_days_between(accepted_on, as_of)
        age -= paused_working_days
        if paused_since is not None:
            age -= self.calendar.working_days_between(paused_since, as_of)
        return max(age, 0)

    # -- commands ----------------------------------------------------------------------------

    def _notary_office(self, office_id: UUID) -> Organization:
        office = self._get(Organization, office_id, "notary office")
        if office.kind is not OrganizationKind.NOTARY_OFFICE:
            raise NotarizationOfficeError(
                f"{office.number} is {article(office.kind.value)}, not a notary office",
                kind=office.kind.value,
            )
        return office

    def _notary(self, notary_id: UUID, field_name: str) -> Practitioner:
        notary = self._get(Practitioner, notary_id, "notary")
        if notary.kind is not PractitionerKind.NOTARY:
            raise NotarizationOfficeError(
                f"{notary.number} is {article(notary.kind.value)}, not a notary",
                field=field_name,
                kind=notary.kind.value,
            )
        return notary

    def arrange_assistance(
        self,
        meta: EventMeta,
        helping_office_id: UUID,
        helped_office_id: UUID,
        starts_on: date,
        until: date,
        matter_types: tuple[NotarizationType, ...] = (),
    ) -> CommandResult:
        def decide() -> Decision:
            self._notary_office(helping_office_id)
            self._notary_office(helped_office_id)
            if helping_office_id == helped_office_id:
                raise InvalidCommandError(
                    "an office does not assist itself", field="helped_office_id"
                )
            if until < starts_on:
                raise InvalidCommandError("the arrangement ends after it starts", field="until")
            arrangement = AssistanceArrangement(
                meta=meta,
                helping_office_id=helping_office_id,
                helped_office_id=helped_office_id,
                starts_on=starts_on,
                until=until,
                matter_types=matter_types,
            )
            return arrangement.id, [arrangement]

        args = {
            "helping_office_id": helping_office_id,
            "helped_office_id": helped_office_id,
            "starts_on": starts_on,
            "until": until,
            "matter_types": [t.value for t in matter_types],
        }
        return self._execute("ArrangeAssistance", meta, args, decide)

    def apply_notarization(
        self,
        meta: EventMeta,
        office_id: UUID,
        matter_type: NotarizationType,
        parties: tuple[str, ...],
        handler_id: UUID,
        arrangement_id: UUID | None = None,
        relations: tuple[NotaryRelation, ...] = (),
    ) -> CommandResult:
        def decide() -> Decision:
            office = self._notary_office(office_id)
            office.check_existed_on(meta.effective_on)
            handler = self._notary(handler_id, "handler_id")
            handler.check_existed_on(meta.effective_on)
            check_not_related(handler_id, relations)
            assisting: UUID | None = None
            if handler.status is not LicenceStatus.ACTIVE:
                raise HandlingNotaryError(
                    f"notary {handler.number} is {handler.status.value}",
                    status=handler.status.value,
                )
            if handler.organization_id != office_id:
                assisting = self._check_assistance(
                    handler, office_id, matter_type, arrangement_id, meta.effective_on
                )
            matter = NotarizationMatter(
                meta=meta,
                office_id=office_id,
                matter_type=matter_type,
                parties=parties,
                handler_id=handler_id,
                assisting_office_id=assisting,
                arrangement_id=arrangement_id if assisting else None,
                relations=relations,
            )
            return matter.id, [matter]

        args = {
            "office_id": office_id,
            "matter_type": matter_type.value,
            "parties": list(parties),
            "handler_id": handler_id,
            "arrangement_id": arrangement_id,
            "relations": [r.model_dump(mode="json") for r in relations],
        }
        return self._execute("ApplyNotarization", meta, args, decide)

    def _check_assistance(
        self,
        handler: Practitioner,
        office_id: UUID,
        matter_type: NotarizationType,
        arrangement_id: UUID | None,
        applied_on: date,
    ) -> UUID:
        """HandlerBelongsToOfficeOrAssists: a notary of another office handles the matter
        only under a recorded assistance arrangement in force for the matter's type."""
        if arrangement_id is None:
            raise HandlingNotaryError(
                f"notary {handler.number} does not belong to the office; name the assistance "
                "arrangement under which they handle the matter",
                organization_id=str(handler.organization_id),
            )
        arrangement = self.get_assistance_arrangement(arrangement_id)
        fits = (
            arrangement.helped_office_id == office_id
            and arrangement.helping_office_id == handler.organization_id
            and arrangement.covers(applied_on, matter_type)
        )
        if not fits:
            raise HandlingNotaryError(
                f"assistance arrangement {arrangement_id} does not let notary {handler.number} "
                f"handle {article(matter_type.value)} matter of this office now",
                arrangement_id=str(arrangement_id),
            )
        return arrangement.helping_office_id

    def _on_matter(
        self,
        command: str,
        meta: EventMeta,
        matter_id: UUID,
        act: Callable[[NotarizationMatter], None],
        **args: object,
    ) -> CommandResult:
        def decide() -> Decision:
            matter = self.get_notarization(matter_id)
            act(matter)
            return matter.id, [matter]

        return self._execute(command, meta, {"matter_id": matter_id, **args}, decide)

    def accept_notarization(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            policy = self.policy_on(meta.effective_on)
            due = self.calendar.add_working_days(meta.effective_on, policy.issuance_working_days)
            matter.accept(meta, due, policy.version)

        return self._on_matter("AcceptNotarization", meta, matter_id, act)

    def request_notarization_materials(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        return self._on_matter(
            "RequestNotarizationMaterials", meta, matter_id, lambda m: m.request_materials(meta)
        )

    def receive_notarization_materials(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            # Judged before the pause is measured: there is none unless materials are awaited.
            matter.check_stage("receive materials for", NotarizationStage.AWAITING_MATERIALS)
            assert matter.paused_since is not None and matter.issuance_due is not None
            paused = self.calendar.working_days_between(matter.paused_since, meta.effective_on)
            due = self.calendar.add_working_days(matter.issuance_due, paused)
            matter.receive_materials(meta, paused, due)

        return self._on_matter("ReceiveNotarizationMaterials", meta, matter_id, act)

    def examine_notarization(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        return self._on_matter("ExamineNotarization", meta, matter_id, lambda m: m.examine(meta))

    def approve_notarization(
        self, meta: EventMeta, matter_id: UUID, approver_id: UUID
    ) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            approver = self._notary(approver_id, "approver_id")
            matter.approve(meta, approver_id, approver.organization_id)

        return self._on_matter("ApproveNotarization", meta, matter_id, act, approver_id=approver_id)

    def issue_notarial_certificate(
        self, meta: EventMeta, matter_id: UUID, certificate_number: str
    ) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            policy = self.policy_on(meta.effective_on)
            review_due = add_months(meta.effective_on, policy.review_request_months).due
            late = matter.issuance_due is not None and meta.effective_on > matter.issuance_due
            matter.issue_certificate(meta, certificate_number, review_due, late)

        return self._on_matter(
            "IssueNotarialCertificate",
            meta,
            matter_id,
            act,
            certificate_number=certificate_number,
        )

    def refuse_notarization(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        return self._on_matter("RefuseNotarization", meta, matter_id, lambda m: m.refuse(meta))

    def terminate_notarization(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        return self._on_matter(
            "TerminateNotarization", meta, matter_id, lambda m: m.terminate(meta)
        )

    def withdraw_notarization(self, meta: EventMeta, matter_id: UUID) -> CommandResult:
        return self._on_matter("WithdrawNotarization", meta, matter_id, lambda m: m.withdraw(meta))

    def declare_notary_relation(
        self, meta: EventMeta, matter_id: UUID, notary_id: UUID, party: str
    ) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            self._notary(notary_id, "notary_id")
            matter.declare_relation(meta, NotaryRelation(notary_id=notary_id, party=party))

        return self._on_matter(
            "DeclareNotaryRelation", meta, matter_id, act, notary_id=notary_id, party=party
        )

    def request_notarization_review(
        self, meta: EventMeta, matter_id: UUID, reviewer_id: UUID
    ) -> CommandResult:
        def act(matter: NotarizationMatter) -> None:
            self._notary(reviewer_id, "reviewer_id")
            policy = self.policy_on(meta.effective_on)
            due = add_calendar_days(meta.effective_on, policy.review_decision_days).due
            matter.request_review(meta, reviewer_id, due, policy.version)

        return self._on_matter(
            "RequestNotarizationReview", meta, matter_id, act, reviewer_id=reviewer_id
        )

    def decide_notarization_review(
        self, meta: EventMeta, matter_id: UUID, outcome: ReviewOutcome
    ) -> CommandResult:
        return self._on_matter(
            "DecideNotarizationReview",
            meta,
            matter_id,
            lambda m: m.decide_review(meta, outcome),
            outcome=outcome.value,
        )
