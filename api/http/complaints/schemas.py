"""Request and response models for complaints 投诉 / 接诉即办."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import CommandFields, PageFields
from domain.complaints.complaint import (
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintStage,
    ComplaintUrgency,
    SatisfactionRating,
)


def _example(**fields: object) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [fields]})


class ComplainantFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, description="personal data")
    phone: str | None = Field(default=None, max_length=40, description="personal data")
    id_number: str | None = Field(default=None, max_length=40, description="personal data")


class ComplainantPublic(BaseModel):
    """Null unless the caller is a supervisor or an admin."""

    name: str | None
    phone: str | None
    id_number: str | None


class ComplaintCreate(CommandFields):
    channel: ComplaintChannel
    urgency: ComplaintUrgency = ComplaintUrgency.GENERAL
    complainant: ComplainantFields
    summary: str = Field(min_length=1, max_length=5000, description="what the complaint is about")
    subject_id: UUID | None = Field(
        default=None, description="the registered organization or practitioner complained of"
    )

    model_config = _example(
        channel="hotline_12345",
        urgency="general",
        complainant={"name": "王某", "phone": "13800000000", "id_number": None},
        summary="律师收费后未提供服务",
        subject_id="5ca019e2-b8f8-5b25-9704-b23b75ee8a57",
        reason="12345工单转办",
        effective_on="2024-03-01",
    )


class ComplaintRefusal(CommandFields):
    grounds: str = Field(min_length=1, max_length=2000, description="why it is not accepted")

    model_config = _example(grounds="不属于本局管辖", reason="不予受理")


class ComplaintTransfer(CommandFields):
    to: str = Field(min_length=1, max_length=200, description="the authority it goes to")

    model_config = _example(to="北京市公证协会", reason="转办")


class ComplaintConclusionCreate(CommandFields):
    conclusion: ComplaintConclusion
    findings: str = Field(min_length=1, max_length=10000)

    model_config = _example(conclusion="partly", findings="收费未开具发票属实", reason="调查终结")


class ComplaintReply(CommandFields):
    text: str = Field(min_length=1, max_length=10000, description="the reply to the complainant")

    model_config = _example(text="经核查，部分属实，已责令整改", reason="答复")


class ComplaintRating(CommandFields):
    rating: SatisfactionRating

    model_config = _example(rating="satisfied", reason="回访")


class ComplaintConversion(CommandFields):
    case_number: str = Field(
        min_length=1, max_length=64, description="the new sanction case number 京兴司罚〔年〕N号"
    )
    allegation: str = Field(min_length=1, max_length=5000, description="the alleged violation")

    model_config = _example(
        case_number="京兴司罚〔2024〕12号", allegation="涉嫌违规收费", reason="诉转案"
    )


class ComplaintPublic(BaseModel):
    id: UUID
    channel: ComplaintChannel
    urgency: ComplaintUrgency
    complainant: ComplainantPublic
    summary: str
    subject_id: UUID | None
    stage: ComplaintStage
    received_on: date
    acceptance_due: date
    acceptance_due_provisional: bool
    feedback_due: date
    feedback_due_provisional: bool
    policy_version: str
    decided_on: date | None
    decided_late: bool
    decision_grounds: str | None
    transferred_to: str | None
    conclusion: ComplaintConclusion | None
    concluded_on: date | None
    replied_on: date | None
    replied_late: bool
    rating: SatisfactionRating | None
    rated_on: date | None
    case_id: UUID | None
    converted_on: date | None
    version: int


class ComplaintsPublic(PageFields):
    items: list[ComplaintPublic]


class OverdueComplaintPublic(BaseModel):
    complaint: ComplaintPublic
    deadline: str = Field(description="acceptance (no decision yet) or feedback (no reply yet)")
    due: date
    working_days_overdue: int


class OverdueComplaintsPublic(PageFields):
    as_of: date
    items: list[OverdueComplaintPublic]


class ComplaintMetricsPublic(BaseModel):
    position: int = Field(description="log position the figures reflect")
    start: date
    end: date
    received: int
    responded: int
    resolved: int
    rated: int
    satisfied: int = Field(description="satisfied or basically satisfied")
    previous_received: int = Field(description="received in the same period a year earlier")
    response_rate: Decimal | None = Field(description="响应率, percent; null when none received")
    resolution_rate: Decimal | None = Field(description="解决率, percent")
    satisfaction_rate: Decimal | None = Field(description="满意率, percent of rated")
    year_on_year_change: Decimal | None = Field(
        description="percent change in count vs a year earlier (-60.00 = down 60%)"
    )
