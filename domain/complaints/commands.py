"""Complaint commands on ComplianceLedger: the lifecycle, 诉转案 and the metrics."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintUrgency,
    SatisfactionRating,
)
from domain.complaints.errors import ComplaintConversionError
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
from domain.registry.commands import RegistryCommands
from domain.sanctions.case import SanctionCase
from domain.sanctions.errors import CaseNumberTakenError
from domain.sanctions.rules import (
    CaseOrigin,
    SubjectKind,
)


class ComplaintCommands(RegistryCommands, PolicyCommands):
    """The complaints part of issue #4."""

    # -- reads ---------------------------------------------------------------------------------

    def get_complaint(self, complaint_id: UUID) -> Complaint:
        return self._get(Complaint, complaint_id, "complaint")

    # -- commands ------------------------------------------------------------------------------

    def receive_complaint(
        self,
        meta: EventMeta,
        channel: ComplaintChannel,
        complainant: Complainant,
        summary: str,
        subject_id: UUID | None = None,
        urgency: ComplaintUrgency = ComplaintUrgency.GENERAL,
    ) -> CommandResult:
        def decide() -> Decision:
            if subject_id is not None:
                self.get_subject(subject_id).check_existed_on(meta.effective_on)
            complaint = Complaint.receive(
                meta,
                channel=channel,
                urgency=urgency,
                complainant=complainant,
                summary=summary,
                subject_id=subject_id,
                policy=self.policy_on(meta.effective_on),
                calendar=self.calendar,
            )
            return complaint.id, [complaint]

        args = {
            "channel": channel,
            "urgency": urgency,
            "complainant": complainant,
            "summary": summary,
            "subject_id": subject_id,
        }
        return self._execute("ReceiveComplaint", meta, args, decide)

    def _complaint_step(
        self,
        command: str,
        meta: EventMeta,
        complaint_id: UUID,
        args: dict[str, object],
        act: Callable[[Complaint], object],
    ) -> CommandResult:
        def decide() -> Decision:
            complaint = self.get_complaint(complaint_id)
            act(complaint)
            return complaint.id, [complaint]

        return self._execute(command, meta, {"id": complaint_id, **args}, decide)

    def accept_complaint(self, meta: EventMeta, complaint_id: UUID) -> CommandResult:
        return self._complaint_step(
            "AcceptComplaint", meta, complaint_id, {}, lambda c: c.accept(meta)
        )

    def refuse_complaint(self, meta: EventMeta, complaint_id: UUID, grounds: str) -> CommandResult:
        return self._complaint_step(
            "RefuseComplaint",
            meta,
            complaint_id,
            {"grounds": grounds},
            lambda c: c.refuse(meta, grounds),
        )

    def transfer_complaint(self, meta: EventMeta, complaint_id: UUID, to: str) -> CommandResult:
        return self._complaint_step(
            "TransferComplaint", meta, complaint_id, {"to": to}, lambda c: c.transfer(meta, to)
        )

    def investigate_complaint(self, meta: EventMeta, complaint_id: UUID) -> CommandResult:
        return self._complaint_step(
            "InvestigateComplaint", meta, complaint_id, {}, lambda c: c.investigate(meta)
        )

    def conclude_complaint(
        self,
        meta: EventMeta,
        complaint_id: UUID,
        conclusion: ComplaintConclusion,
        findings: str,
    ) -> CommandResult:
        return self._complaint_step(
            "ConcludeComplaint",
            meta,
            complaint_id,
            {"conclusion": conclusion, "findings": findings},
            lambda c: c.conclude(meta, conclusion, findings),
        )

    def reply_to_complaint(self, meta: EventMeta, complaint_id: UUID, text: str) -> CommandResult:
        return self._complaint_step(
            "ReplyToComplaint", meta, complaint_id, {"text": text}, lambda c: c.reply_to(meta, text)
        )

    def rate_complaint(
        self, meta: EventMeta, complaint_id: UUID, rating: SatisfactionRating
    ) -> CommandResult:
        return self._complaint_step(
            "RateComplaint", meta, complaint_id, {"rating": rating}, lambda c: c.rate(meta, rating)
        )

    def convert_complaint_to_case(
        self, meta: EventMeta, complaint_id: UUID, case_number: str, allegation: str
    ) -> CommandResult:
        """诉转案: opens a sanction case (origin complaint) and records the conversion on the
        complaint, in one transaction. The case, not the complaint, is the result's subject."""

        def decide() -> Decision:
            complaint = self.get_complaint(complaint_id)
            subject_id = complaint.check_convertible()
            case_id = SanctionCase.create_id(case_number)
            if case_id in self.repository:
                raise CaseNumberTakenError(
                    f"case number {normalize_number(case_number)} is already used",
                    existing_id=str(case_id),
                )
            subject = self.get_subject(subject_id)
            try:
                subject_kind = SubjectKind(subject.kind.value)
            except ValueError:
                raise ComplaintConversionError(
                    f"{article(subject.kind.value)} is not a subject of sanctions",
                    subject_kind=subject.kind.value,
                ) from None
            subject.check_existed_on(meta.effective_on)
            complaint.convert_to_case(meta, case_id)
            case = SanctionCase.open(
                meta,
                case_number=case_number,
                subject_id=subject_id,
                subject_kind=subject_kind,
                origin=CaseOrigin.COMPLAINT,
                origin_reference=complaint.id,
                allegation=allegation,
                policy=self.policy_on(meta.effective_on),
            )
            return case.id, [complaint, case]

        args = {
            "id": complaint_id,
            "case_number": normalize_number(case_number),
            "allegation": allegation,
        }
        return self._execute("ConvertComplaintToCase", meta, args, decide)
