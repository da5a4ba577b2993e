"""Complaints 投诉 / 接诉即办.

Received -> Accepted | NotAccepted | Transferred; Accepted -> Investigating -> Concluded
(substantiated / partly / unsubstantiated) -> Replied -> Rated (satisfied / basically /
dissatisfied). An accepted complaint against a registered subject may be converted once into a
sanction case 诉转案; the complaint still runs to its reply.

Deadlines (acceptance decided within 10 working days; 12345 feedback 2 hours emergency, 7 days
general, 15 days complex [practice]) are computed when the complaint is received, under the policy
in force then, and recorded with its version. Missing one is an alert, never a block.

The complainant is a natural person: name, phone and identity number are personal data.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.complaints.errors import (
    ComplaintConversionError,
    ComplaintStageError,
    ComplaintStepDateError,
)
from domain.core.base import unused_created_event
from domain.core.calendar import WorkingCalendar
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    business_id,
    stable_topic,
)


@stable_topic("ledger.value.ComplaintChannel")
class ComplaintChannel(StrEnum):
    HOTLINE_12345 = "hotline_12345"
    LETTER = "letter"
    VISIT = "visit"
    ONLINE = "online"
    REFERRAL = "referral"


@stable_topic("ledger.value.ComplaintUrgency")
class ComplaintUrgency(StrEnum):
    EMERGENCY = "emergency"  # feedback within 2 hours
    GENERAL = "general"  # 7 working days
    COMPLEX = "complex"  # 15 working days


@stable_topic("ledger.value.ComplaintStage")
class ComplaintStage(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    TRANSFERRED = "transferred"
    INVESTIGATING = "investigating"
    CONCLUDED = "concluded"
    REPLIED = "replied"
    RATED = "rated"


# Accepted and not yet replied to: the feedback deadline runs.
AWAITING_REPLY = (ComplaintStage.ACCEPTED, ComplaintStage.INVESTIGATING, ComplaintStage.CONCLUDED)


@stable_topic("ledger.value.ComplaintConclusion")
class ComplaintConclusion(StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    UNSUBSTANTIATED = "unsubstantiated"


@stable_topic("ledger.value.SatisfactionRating")
class SatisfactionRating(StrEnum):
    SATISFIED = "satisfied"
    BASICALLY = "basically"
    DISSATISFIED = "dissatisfied"


@stable_topic("ledger.value.Complainant")
class Complainant(BaseModel):
    """The person who complains: personal data, shown to supervisors and admins only."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    PERSONAL_FIELDS: ClassVar[tuple[str, ...]] = ("name", "phone", "id_number")

    name: str = Field(min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    id_number: str | None = Field(default=None, max_length=40)


ACCEPTANCE_DECISIONS = (
    ComplaintStage.ACCEPTED,
    ComplaintStage.NOT_ACCEPTED,
    ComplaintStage.TRANSFERRED,
)


def feedback_deadline(
    received_on: date, urgency: ComplaintUrgency, policy: Policy, calendar: WorkingCalendar
) -> tuple[date, bool]:
    """The reply deadline: an emergency is answered the same day (within
    `complaint_feedback_emergency_hours`); general and complex ones in working days."""
    if urgency is ComplaintUrgency.EMERGENCY:
        return received_on, False
    days = (
        policy.complaint_feedback_general_working_days
        if urgency is ComplaintUrgency.GENERAL
        else policy.complaint_feedback_complex_working_days
    )
    deadline = calendar.add_working_days(received_on, days)
    return deadline.due, deadline.provisional


class Complaint(Aggregate):
    TOPIC = "ledger.Complaint"
    Created = unused_created_event("Complaint")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        """One command receives one complaint: its command_id is the natural key."""
        return business_id("complaint", meta.command_id)

    @classmethod
    def receive(
        cls,
        meta: EventMeta,
        channel: ComplaintChannel,
        urgency: ComplaintUrgency,
        complainant: Complainant,
        summary: str,
        subject_id: UUID | None,
        policy: Policy,
        calendar: WorkingCalendar,
    ) -> Complaint:
        acceptance = calendar.add_working_days(
            meta.effective_on, policy.complaint_acceptance_working_days
        )
        feedback_due, feedback_provisional = feedback_deadline(
            meta.effective_on, urgency, policy, calendar
        )
        return cls(
            meta=meta,
            channel=channel,
            urgency=urgency,
            complainant=complainant,
            summary=summary,
            subject_id=subject_id,
            acceptance_due=acceptance.due,
            acceptance_due_provisional=acceptance.provisional,
            feedback_due=feedback_due,
            feedback_due_provisional=feedback_provisional,
            policy_version=policy.version,
        )

    @event("Received", topic="ledger.Complaint.Received")
    def __init__(
        self,
        meta: EventMeta,
        channel: ComplaintChannel,
        urgency: ComplaintUrgency,
        complainant: Complainant,
        summary: str,
        subject_id: UUID | None,
        acceptance_due: date,
        acceptance_due_provisional: bool,
        feedback_due: date,
        feedback_due_provisional: bool,
        policy_version: str,
    ) -> None:
        self.channel = channel
        self.urgency = urgency
        self.complainant = complainant
        self.summary = summary
        self.subject_id = subject_id
        self.received_on = meta.effective_on
        self.acceptance_due = acceptance_due
        self.acceptance_due_provisional = acceptance_due_provisional
        self.feedback_due = feedback_due
        self.feedback_due_provisional = feedback_due_provisional
        self.policy_version = policy_version
        self.stage = ComplaintStage.RECEIVED
        self.last_step_on = meta.effective_on
        self.decided_on: date | None = None
        self.decision_grounds: str | None = None
        self.transferred_to: str | None = None
        self.conclusion: ComplaintConclusion | None = None
        self.concluded_on: date | None = None
        self.replied_on: date | None = None
        self.reply: str | None = None
        self.rating: SatisfactionRating | None = None
        self.rated_on: date | None = None
        self.case_id: UUID | None = None
        self.converted_on: date | None = None

    # -- derived ---------------------------------------------------------------------------------

    @property
    def responded(self) -> bool:
        """响应: a decision on acceptance is recorded."""
        return self.decided_on is not None

    @property
    def resolved(self) -> bool:
        """解决: concluded and replied."""
        return self.replied_on is not None

    @property
    def awaited_step(self) -> tuple[str, date] | None:
        """The step the complaint waits for and its deadline: ("acceptance", due) until a decision
        on acceptance, ("feedback", due) once accepted until the reply; None after that. A
        complaint is overdue on any day after that deadline."""
        if self.stage is ComplaintStage.RECEIVED:
            return ("acceptance", self.acceptance_due)
        if self.stage in AWAITING_REPLY:
            return ("feedback", self.feedback_due)
        return None

    @property
    def decided_late(self) -> bool:
        return self.decided_on is not None and self.decided_on > self.acceptance_due

    @property
    def replied_late(self) -> bool:
        return self.replied_on is not None and self.replied_on > self.feedback_due

    # -- checks ----------------------------------------------------------------------------------

    def check_stage(self, step: str, *allowed: ComplaintStage) -> None:
        """ComplaintLifecycleOrder."""
        if self.stage not in allowed:
            raise ComplaintStageError(
                f"a complaint that is {self.stage.value} cannot be {step}; it must be "
                + " or ".join(s.value for s in allowed),
                stage=self.stage.value,
                step=step,
            )

    def check_step_date(self, day: date) -> None:
        """ComplaintStepsInDateOrder."""
        if day < self.last_step_on:
            raise ComplaintStepDateError(
                f"this step is dated {day}, before the previous step ({self.last_step_on})",
                effective_on=str(day),
                previous=str(self.last_step_on),
            )

    def check_convertible(self) -> UUID:
        """ConversionFollowsAcceptance: 诉转案 once, from an accepted complaint (before or after
        its conclusion, unless found unsubstantiated) about a registered subject."""
        if self.case_id is not None:
            raise ComplaintConversionError(
                "the complaint was already converted to a case", case_id=str(self.case_id)
            )
        if self.stage not in (
            ComplaintStage.ACCEPTED,
            ComplaintStage.INVESTIGATING,
            ComplaintStage.CONCLUDED,
            ComplaintStage.REPLIED,
            ComplaintStage.RATED,
        ):
            raise ComplaintConversionError(
                f"a complaint that is {self.stage.value} is not converted to a case",
                stage=self.stage.value,
            )
        if self.conclusion is ComplaintConclusion.UNSUBSTANTIATED:
            raise ComplaintConversionError(
                "an unsubstantiated complaint is not converted to a case",
                conclusion=self.conclusion.value,
            )
        if self.subject_id is None:
            raise ComplaintConversionError(
                "the complaint names no registered subject to open a case against"
            )
        return self.subject_id

    # -- lifecycle -------------------------------------------------------------------------------

    def accept(self, meta: EventMeta) -> None:
        self.check_stage("accepted", ComplaintStage.RECEIVED)
        self.check_step_date(meta.effective_on)
        self._accept(meta)

    @event("Accepted", topic="ledger.Complaint.Accepted")
    def _accept(self, meta: EventMeta) -> None:
        self.stage = ComplaintStage.ACCEPTED
        self.decided_on = self.last_step_on = meta.effective_on

    def refuse(self, meta: EventMeta, grounds: str) -> None:
        self.check_stage("not accepted", ComplaintStage.RECEIVED)
        self.check_step_date(meta.effective_on)
        self._refuse(meta, grounds)

    @event("NotAccepted", topic="ledger.Complaint.NotAccepted")
    def _refuse(self, meta: EventMeta, grounds: str) -> None:
        self.stage = ComplaintStage.NOT_ACCEPTED
        self.decided_on = self.last_step_on = meta.effective_on
        self.decision_grounds = grounds

    def transfer(self, meta: EventMeta, to: str) -> None:
        self.check_stage("transferred", ComplaintStage.RECEIVED)
        self.check_step_date(meta.effective_on)
        self._transfer(meta, to)

    @event("Transferred", topic="ledger.Complaint.Transferred")
    def _transfer(self, meta: EventMeta, to: str) -> None:
        self.stage = ComplaintStage.TRANSFERRED
        self.decided_on = self.last_step_on = meta.effective_on
        self.transferred_to = to

    def investigate(self, meta: EventMeta) -> None:
        self.check_stage("investigated", ComplaintStage.ACCEPTED)
        self.check_step_date(meta.effective_on)
        self._investigate(meta)

    @event("InvestigationStarted", topic="ledger.Complaint.InvestigationStarted")
    def _investigate(self, meta: EventMeta) -> None:
        self.stage = ComplaintStage.INVESTIGATING
        self.last_step_on = meta.effective_on

    def conclude(self, meta: EventMeta, conclusion: ComplaintConclusion, findings: str) -> None:
        self.check_stage("concluded", ComplaintStage.INVESTIGATING)
        self.check_step_date(meta.effective_on)
        self._conclude(meta, conclusion, findings)

    @event("Concluded", topic="ledger.Complaint.Concluded")
    def _conclude(self, meta: EventMeta, conclusion: ComplaintConclusion, findings: str) -> None:
        self.stage = ComplaintStage.CONCLUDED
        self.conclusion = conclusion
        self.concluded_on = self.last_step_on = meta.effective_on

    def reply_to(self, meta: EventMeta, text: str) -> None:
        self.check_stage("replied", ComplaintStage.CONCLUDED)
        self.check_step_date(meta.effective_on)
        self._reply(meta, text)

    @event("Replied", topic="ledger.Complaint.Replied")
    def _reply(self, meta: EventMeta, text: str) -> None:
        self.stage = ComplaintStage.REPLIED
        self.reply = text
        self.replied_on = self.last_step_on = meta.effective_on

    def rate(self, meta: EventMeta, rating: SatisfactionRating) -> None:
        self.check_stage("rated", ComplaintStage.REPLIED)
        self.check_step_date(meta.effective_on)
        self._rate(meta, rating)

    @event("Rated", topic="ledger.Complaint.Rated")
    def _rate(self, meta: EventMeta, rating: SatisfactionRating) -> None:
        self.stage = ComplaintStage.RATED
        self.rating = rating
        self.rated_on = self.last_step_on = meta.effective_on

    def convert_to_case(self, meta: EventMeta, case_id: UUID) -> None:
        self.check_convertible()
        self.check_step_date(meta.effective_on)
        self._convert(meta, case_id)

    @event("ConvertedToCase", topic="ledger.Complaint.ConvertedToCase")
    def _convert(self, meta: EventMeta, case_id: UUID) -> None:
        self.case_id = case_id
        self.converted_on = meta.effective_on
