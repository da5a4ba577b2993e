"""Sanction commands on ComplianceLedger.

A decided suspension or revocation changes the subject's licence in the same transaction as the
decision; repeat-offence escalation reads the subject's other decided cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.core.calendar import Deadline
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy_commands import PolicyCommands
from domain.core.values import (
    EventMeta,
    article,
    normalize_number,
)
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner
from domain.sanctions.case import SanctionCase
from domain.sanctions.errors import (
    CaseNumberTakenError,
    SanctionSubjectError,
)
from domain.sanctions.rules import (
    CaseOrigin,
    PriorSanction,
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
)


class SanctionCommands(PolicyCommands):
    LINKS = (("ledger.SanctionCase.Opened", "sanction_cases_of", "subject_id"),)

    # -- reads ---------------------------------------------------------------------------------

    def get_sanction_case(self, case_id: UUID) -> SanctionCase:
        return self._get(SanctionCase, case_id, "sanction case")

    def sanction_history(self, subject_id: UUID) -> list[PriorSanction]:
        """The subject's decided sanctions still in force in the record (not annulled)."""
        return [
            prior
            for case in self._linked(SanctionCase, "sanction_cases_of", subject_id)
            if (prior := case.prior_sanction) is not None
        ]

    def publication_deadline(self, case: SanctionCase) -> Deadline | None:
        """The recorded publication deadline; recomputed with today's calendar if it was
        computed past the years the calendar knew then (provisional)."""
        if case.publication_due is None or case.decided_on is None:
            return None
        if not case.publication_due_provisional:
            return Deadline(case.publication_due)
        policy = self.policy_on(case.decided_on)
        return SanctionCase.publication_deadline(case.decided_on, policy, self.calendar)

    # -- opening and the steps before the decision ----------------------------------------------

    def _sanction_subject(
        self, subject_id: UUID
    ) -> tuple[Practitioner | Organization, SubjectKind]:
        """The registered subject and its kind; mediation committees are not sanctioned here."""
        subject: object = None
        if subject_id in self.repository:
            subject = self.repository.get(subject_id)
        if isinstance(subject, Practitioner | Organization):
            try:
                return subject, SubjectKind(subject.kind.value)
            except ValueError:
                raise SanctionSubjectError(
                    f"{article(subject.kind.value)} is not a subject of sanctions",
                    subject_kind=subject.kind.value,
                ) from None
        raise SanctionSubjectError(
            f"no registered practitioner or organization has id {subject_id}",
            subject_id=str(subject_id),
        )

    def open_sanction_case(
        self,
        meta: EventMeta,
        case_number: str,
        subject_id: UUID,
        origin: CaseOrigin,
        allegation: str,
        origin_reference: UUID | None = None,
    ) -> CommandResult:
        def decide() -> Decision:
            case_id = SanctionCase.create_id(case_number)
            if case_id in self.repository:
                raise CaseNumberTakenError(
                    f"case number {normalize_number(case_number)} is already used",
                    existing_id=str(case_id),
                )
            subject, subject_kind = self._sanction_subject(subject_id)
            subject.check_existed_on(meta.effective_on)
            case = SanctionCase.open(
                meta,
                case_number=case_number,
                subject_id=subject_id,
                subject_kind=subject_kind,
                origin=origin,
                origin_reference=origin_reference,
                allegation=allegation,
                policy=self.policy_on(meta.effective_on),
            )
            return case.id, [case]

        args = {
            "case_number": normalize_number(case_number),
            "subject_id": subject_id,
            "origin": origin,
            "origin_reference": origin_reference,
            "allegation": allegation,
        }
        return self._execute("OpenSanctionCase", meta, args, decide)

    def _case_step(
        self,
        command: str,
        meta: EventMeta,
        case_id: UUID,
        args: dict[str, object],
        act: Callable[[SanctionCase], object],
    ) -> CommandResult:
        """A command that changes the case alone: get, act, save."""

        def decide() -> Decision:
            case = self.get_sanction_case(case_id)
            act(case)
            return case.id, [case]

        return self._execute(command, meta, {"id": case_id, **args}, decide)

    def investigate_sanction_case(
        self, meta: EventMeta, case_id: UUID, findings: str
    ) -> CommandResult:
        return self._case_step(
            "InvestigateSanctionCase",
            meta,
            case_id,
            {"findings": findings},
            lambda case: case.investigate(meta, findings),
        )

    def serve_pre_decision_notice(
        self, meta: EventMeta, case_id: UUID, intended_kind: SanctionKind
    ) -> CommandResult:
        return self._case_step(
            "ServePreDecisionNotice",
            meta,
            case_id,
            {"intended_kind": intended_kind},
            lambda case: case.serve_pre_decision_notice(meta, intended_kind),
        )

    def request_sanction_hearing(self, meta: EventMeta, case_id: UUID) -> CommandResult:
        return self._case_step(
            "RequestSanctionHearing", meta, case_id, {}, lambda case: case.request_hearing(meta)
        )

    def hold_sanction_hearing(self, meta: EventMeta, case_id: UUID, summary: str) -> CommandResult:
        return self._case_step(
            "HoldSanctionHearing",
            meta,
            case_id,
            {"summary": summary},
            lambda case: case.hold_hearing(meta, summary),
        )

    def pass_sanction_legal_review(
        self, meta: EventMeta, case_id: UUID, opinion: str
    ) -> CommandResult:
        return self._case_step(
            "PassSanctionLegalReview",
            meta,
            case_id,
            {"opinion": opinion},
            lambda case: case.pass_legal_review(meta, opinion, self.policy_on(meta.effective_on)),
        )

    def waive_sanction_hearing(self, meta: EventMeta, case_id: UUID) -> CommandResult:
        return self._case_step(
            "WaiveSanctionHearing", meta, case_id, {}, lambda case: case.waive_hearing(meta)
        )

    # -- proposal, approval, municipal decision -------------------------------------------------

    def propose_sanction_decision(
        self,
        meta: EventMeta,
        case_id: UUID,
        terms: SanctionTerms,
        offence_on: date,
        facts: str,
        legal_basis: str,
        offence_level: SanctionKind | None = None,
    ) -> CommandResult:
        def decide() -> Decision:
            case = self.get_sanction_case(case_id)
            case.propose_decision(
                meta,
                terms=terms,
                offence_on=offence_on,
                facts=facts,
                legal_basis=legal_basis,
                history=self.sanction_history(case.subject_id),
                policy=self.policy_on(meta.effective_on),
                offence_level=offence_level,
            )
            return case.id, [case]

        args = {
            "id": case_id,
            "terms": terms,
            "offence_on": offence_on,
            "facts": facts,
            "legal_basis": legal_basis,
            "offence_level": offence_level,
        }
        return self._execute("ProposeSanctionDecision", meta, args, decide)

    def _apply_to_licence(self, meta: EventMeta, case: SanctionCase) -> list[Aggregate]:
        """The subject's licence follows a decided suspension or revocation."""
        if case.stage is not SanctionStage.DECIDED or case.terms is None:
            return []
        if case.suspension is None and case.terms.kind is not SanctionKind.REVOCATION:
            return []
        subject, _kind = self._sanction_subject(case.subject_id)
        if case.suspension is not None:
            subject.suspend(meta, case.suspension.starts_on, case.suspension.until)
        else:
            subject.revoke(meta)
        return [subject]

    def approve_sanction_decision(
        self, meta: EventMeta, case_id: UUID, starts_on: date | None = None
    ) -> CommandResult:
        def decide() -> Decision:
            case = self.get_sanction_case(case_id)
            case.approve_decision(
                meta, self.policy_on(meta.effective_on), self.calendar, starts_on=starts_on
            )
            return case.id, [case, *self._apply_to_licence(meta, case)]

        args = {"id": case_id, "starts_on": starts_on}
        return self._execute("ApproveSanctionDecision", meta, args, decide)

    def record_municipal_decision(
        self,
        meta: EventMeta,
        case_id: UUID,
        terms: SanctionTerms,
        municipal_reference: str,
        starts_on: date | None = None,
    ) -> CommandResult:
        def decide() -> Decision:
            case = self.get_sanction_case(case_id)
            case.record_municipal_decision(
                meta,
                terms=terms,
                municipal_reference=municipal_reference,
                policy=self.policy_on(meta.effective_on),
                calendar=self.calendar,
                starts_on=starts_on,
            )
            return case.id, [case, *self._apply_to_licence(meta, case)]

        args = {
            "id": case_id,
            "terms": terms,
            "municipal_reference": municipal_reference,
            "starts_on": starts_on,
        }
        return self._execute("RecordMunicipalDecision", meta, args, decide)

    # -- after the decision ----------------------------------------------------------------------

    def serve_sanction_decision(self, meta: EventMeta, case_id: UUID) -> CommandResult:
        return self._case_step(
            "ServeSanctionDecision", meta, case_id, {}, lambda case: case.serve(meta)
        )

    def publish_sanction(
        self, meta: EventMeta, case_id: UUID, ends_on: date | None = None
    ) -> CommandResult:
        def decide() -> Decision:
            case = self.get_sanction_case(case_id)
            due = self.publication_deadline(case) or Deadline(meta.effective_on)
            case.publish(meta, due, self.policy_on(meta.effective_on), ends_on=ends_on)
            return case.id, [case]

        return self._execute("PublishSanction", meta, {"id": case_id, "ends_on": ends_on}, decide)

    def execute_sanction(self, meta: EventMeta, case_id: UUID) -> CommandResult:
        return self._case_step(
            "ExecuteSanction", meta, case_id, {}, lambda case: case.execute(meta)
        )

    def close_sanction_case(self, meta: EventMeta, case_id: UUID) -> CommandResult:
        return self._case_step(
            "CloseSanctionCase", meta, case_id, {}, lambda case: case.close(meta)
        )
