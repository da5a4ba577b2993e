"""Complaint commands on ComplianceLedger: the lifecycle, 诉转案 and the metrics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintStage,
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

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else (HUNDRED * part / whole).quantize(CENT)


def year_earlier(day: date) -> date:
    """The same date a year before (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class ComplaintMetrics:
    """响应率 / 解决率 / 满意率 of the complaints received in [start, end], as recorded now."""

    start: date
    end: date
    received: int
    responded: int  # a decision on acceptance recorded (accepted, not accepted, transferred)
    resolved: int  # concluded and replied
    rated: int
    satisfied: int  # satisfied + basically satisfied
    previous_received: int  # the same period a year earlier

    @property
    def response_rate(self) -> Decimal | None:
        return _percent(self.responded, self.received)

    @property
    def resolution_rate(self) -> Decimal | None:
        return _percent(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _percent(self.satisfied, self.rated)

    @property
    def year_on_year_change(self) -> Decimal | None:
        """Percent change in count against the same period a year earlier (-60.00 = down 60%);
        None when there were none then."""
        if self.previous_received == 0:
            return None
        change = HUNDRED * (self.received - self.previous_received) / self.previous_received
        return change.quantize(CENT)


AWAITING_REPLY = (ComplaintStage.ACCEPTED, ComplaintStage.INVESTIGATING, ComplaintStage.CONCLUDED)


@dataclass(frozen=True)
class OverdueComplaint:
    """A complaint past a deadline with the step still missing: `deadline` is "acceptance"
    (no decision on acceptance) or "feedback" (accepted, no reply yet)."""

    complaint: Complaint
    deadline: str
    due: date
    working_days_overdue: int


class ComplaintCommands(RegistryCommands, PolicyCommands):
    """The complaints part of issue #4."""

    # -- reads ---------------------------------------------------------------------------------

    def get_complaint(self, complaint_id: UUID) -> Complaint:
        return self._get(Complaint, complaint_id, "complaint")

    def complaints(self, subject_id: UUID | None = None) -> list[Complaint]:
        """Every complaint (against one subject), in the order they were received."""
        found = self._all(Complaint, Complaint.Received.TOPIC)  # type: ignore[attr-defined]
        return [c for c in found if subject_id is None or c.subject_id == subject_id]

    def overdue_complaints(self, as_of: date) -> list[OverdueComplaint]:
        """Complaints received by `as_of` whose acceptance decision or reply is late on that
        day, oldest deadline first."""
        found = []
        for c in self.complaints():
            if c.received_on > as_of:
                continue
            if c.stage is ComplaintStage.RECEIVED and as_of > c.acceptance_due:
                found.append(("acceptance", c.acceptance_due, c))
            elif c.stage in AWAITING_REPLY and as_of > c.feedback_due:
                found.append(("feedback", c.feedback_due, c))
        return [
            OverdueComplaint(c, deadline, due, self.calendar.working_days_between(due, as_of))
            for deadline, due, c in sorted(found, key=lambda f: (f[1], str(f[2].id)))
        ]

    def complaint_metrics(self, start: date, end: date) -> ComplaintMetrics:
        everything = self.complaints()
        now = [c for c in everything if start <= c.received_on <= end]
        before_start, before_end = year_earlier(start), year_earlier(end)
        previous = [c for c in everything if before_start <= c.received_on <= before_end]
        rated = [c for c in now if c.rating is not None]
        return ComplaintMetrics(
            start=start,
            end=end,
            received=len(now),
            responded=sum(c.responded for c in now),
            resolved=sum(c.resolved for c in now),
            rated=len(rated),
            satisfied=sum(c.rating is not SatisfactionRating.DISSATISFIED for c in rated),
            previous_received=len(previous),
        )

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
