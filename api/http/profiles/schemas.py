"""Compliance profile responses. A profile carries no complainant data: a complaint is its id,
channel, dates, stage and conclusion."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.registry.schemas import Suspension


class RegistrationPublic(BaseModel):
    registered_on: date
    status: str = Field(description="licence status in force on the profile date")
    recorded_status: str = Field(description="as last recorded (a suspension may have ended)")
    status_since: date
    suspension: Suspension | None = Field(
        description="the suspension in force on the profile date, or the next one recorded"
    )
    suspensions: list[Suspension]


class AffiliationPublic(BaseModel):
    organization_id: UUID | None = Field(default=None, description="a person's organization")
    joined_on: date | None = None
    members: int | None = Field(default=None, description="an organization's member count")


class GradePublic(BaseModel):
    evaluation_id: UUID
    kind: str = Field(description="integrity_grading | law_firm_annual | lawyer_annual")
    period: int
    result: str = Field(description="after appeals")
    stage: str
    decided_on: date
    in_effect_from: date = Field(
        description="a result varied on appeal stands from the date of the one it replaced"
    )
    effective_on: date | None = Field(description="when the evaluation took effect")
    original_result: str
    varied_on_appeal: bool
    appeal_ids: list[UUID]


class InspectionSummary(BaseModel):
    inspection_id: UUID
    kind: str
    planned_on: date
    concluded_on: date | None
    result: str | None = Field(description="after appeals")
    original_result: str | None
    published_on: date | None
    closed_on: date | None


class OpenFinding(BaseModel):
    inspection_id: UUID
    item_id: str


class Rectification(BaseModel):
    inspection_id: UUID
    ordered_on: date
    due_on: date
    verified_not_done: bool = Field(description="a verification found it not done yet")


class InspectionsPublic(BaseModel):
    count: int
    last: InspectionSummary | None = Field(description="the latest inspection result")
    open_findings: list[OpenFinding]
    rectifications_due: list[Rectification]
    rectifications_overdue: list[Rectification]


class OpenComplaint(BaseModel):
    complaint_id: UUID
    channel: str
    urgency: str
    received_on: date
    stage: str


class SubstantiatedComplaint(BaseModel):
    complaint_id: UUID
    conclusion: str = Field(description="substantiated | partly")
    concluded_on: date


class ComplaintsSummary(BaseModel):
    received: int
    open: list[OpenComplaint]
    substantiated_last_12_months: list[SubstantiatedComplaint]


class TermsPublic(BaseModel):
    kind: str
    amount: Decimal | None = None
    months: int | None = None


class SanctionSummary(BaseModel):
    case_id: UUID
    case_number: str
    stage: str
    opened_on: date
    terms: TermsPublic | None = Field(description="the decision in force (after appeals)")
    original_terms: TermsPublic | None = Field(description="as first decided, if varied")
    decided_by: str | None
    decided_on: date | None
    suspension: Suspension | None
    publication_ends_on: date | None
    annulled: bool
    outcome: str | None
    in_force: bool


class SanctionsSummary(BaseModel):
    in_force: list[SanctionSummary]
    history: list[SanctionSummary]


class AppealSummary(BaseModel):
    appeal_id: UUID
    kind: str
    target_kind: str
    target_id: UUID
    filed_on: date
    status: str
    outcome: str | None
    decided_on: date | None


class AppealsSummary(BaseModel):
    pending: list[AppealSummary]
    decided: list[AppealSummary]


class RiskReasonPublic(BaseModel):
    rule: str
    tier: str
    detail: str


class RiskPublic(BaseModel):
    tier: Literal["low", "medium", "high"]
    reasons: list[RiskReasonPublic]
    policy_version: str = Field(description="the policy in force on the profile date")
    assessed_on: date


class AsOfPublic(BaseModel):
    day: date = Field(description="the day the profile is true for")
    effective: date | None = Field(description="as_of_effective asked")
    recorded: datetime | None = Field(description="as_of_recorded asked")
    source: Literal["view", "fold"] = Field(
        description="view: the stored profiles view; fold: folded on demand from the subject's "
        "events"
    )


class ProfilePublic(BaseModel):
    id: UUID
    entity: Literal["organization", "practitioner"]
    kind: str
    number: str
    name: str
    as_of: AsOfPublic
    position: int = Field(
        description="the log position the profile reflects (view: the view's position; fold: "
        "the subject index's, or the last event recorded by as_of_recorded)"
    )
    last_event_position: int = Field(description="the latest event that changed this profile")
    registration: RegistrationPublic
    affiliation: AffiliationPublic
    grades: list[GradePublic]
    inspections: InspectionsPublic
    complaints: ComplaintsSummary
    sanctions: SanctionsSummary
    appeals: AppealsSummary
    risk: RiskPublic
