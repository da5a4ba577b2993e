"""Request and response models for checklists, inspections and inspectors' conflicts."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import CommandFields, PageFields
from domain.core.values import (
    OrganizationKind,
    PractitionerKind,
)
from domain.inspections.checklists import (
    CODE_PATTERN,
    ITEM_ID_PATTERN,
    ChecklistCategory,
)
from domain.inspections.values import (
    FindingOutcome,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)

_EXAMPLE_FIRM = "5ca019e2-b8f8-5b25-9704-b23b75ee8a57"
_EXAMPLE_INSPECTORS = [
    "0b6c2a4e-6b1f-5d7e-9a3c-2f1e0d9c8b7a",
    "1c7d3b5f-7c2a-5e8f-8b4d-3a2f1e0d9c8b",
]

# -- checklists --------------------------------------------------------------------------------


class ChecklistItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item_id: str = Field(pattern=ITEM_ID_PATTERN, description="stable id, e.g. PB-01")
    category: ChecklistCategory
    text: str = Field(min_length=1, max_length=500)
    weight: int | None = Field(default=None, ge=0, le=100)


class ChecklistCreate(CommandFields):
    kind: OrganizationKind | PractitionerKind = Field(description="the kind of subject it is for")
    code: str = Field(pattern=CODE_PATTERN, description="with kind, names the checklist")
    title: str = Field(min_length=1, max_length=200)
    items: list[ChecklistItemIn] = Field(min_length=1, max_length=300)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "law_firm",
                    "code": "annual",
                    "title": "律师事务所年度检查考核事项清单",
                    "items": [
                        {
                            "item_id": "PB-01",
                            "category": "party_building",
                            "text": "党建工作开展情况",
                        },
                        {"item_id": "BU-01", "category": "business", "text": "业务开展情况"},
                        {"item_id": "CO-01", "category": "conduct", "text": "执业行为规范情况"},
                        {
                            "item_id": "IM-01",
                            "category": "internal_management",
                            "text": "内部管理制度执行情况",
                        },
                        {"item_id": "FF-01", "category": "fee_filing", "text": "收费标准备案情况"},
                    ],
                    "reason": "2025年度检查考核清单",
                }
            ]
        },
    )


class ChecklistItemPublic(BaseModel):
    item_id: str
    category: ChecklistCategory
    text: str
    weight: int | None


class ChecklistVersionPublic(BaseModel):
    version: int
    title: str
    published_on: date
    items: list[ChecklistItemPublic]


class ChecklistPublic(BaseModel):
    id: UUID
    kind: OrganizationKind | PractitionerKind
    code: str
    latest_version: int
    versions: list[ChecklistVersionPublic] = Field(description="every published version")
    version: int = Field(description="the record's version (events recorded)")


class ChecklistsPublic(PageFields):
    items: list[ChecklistPublic]


# -- inspectors' conflicts of interest ---------------------------------------------------------


class ConflictCreate(CommandFields):
    subject_id: UUID = Field(description="the organization or practitioner concerned")
    conflict: str = Field(min_length=1, max_length=500, description="the relationship declared")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject_id": _EXAMPLE_FIRM,
                    "conflict": "配偶在该所执业",
                    "reason": "本人申报回避事由",
                }
            ]
        },
    )


class PreviousEmploymentCreate(CommandFields):
    organization_id: UUID

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"organization_id": _EXAMPLE_FIRM, "reason": "入职前曾在该所执业"}]
        },
    )


# -- inspections: commands ---------------------------------------------------------------------


class InspectionCreate(CommandFields):
    kind: InspectionKind
    subject_id: UUID = Field(description="the organization or practitioner inspected")
    checklist_id: UUID
    checklist_version: int | None = Field(default=None, ge=1, description="latest if omitted")
    supervising_unit: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="the bureau unit that supervises the subject; its inspectors step aside",
    )
    source_ref: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="the complaint (required for complaint-triggered) or draw behind it",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "annual",
                    "subject_id": _EXAMPLE_FIRM,
                    "checklist_id": "7d0f6b9e-3a51-5c2d-8e4f-0a1b2c3d4e5f",
                    "supervising_unit": "律师工作科",
                    "reason": "2024年度律师事务所年度检查考核",
                    "effective_on": "2024-03-01",
                }
            ]
        },
    )


class InspectorAssignment(CommandFields):
    inspector_ids: list[UUID] = Field(min_length=1, max_length=10)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"inspector_ids": _EXAMPLE_INSPECTORS, "reason": "指派执法检查人员"}]
        },
    )


class RecusalCreate(CommandFields):
    inspector_id: UUID
    requested_by_party: bool = Field(
        default=False, description="true when the inspected party asked for the recusal"
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "inspector_id": _EXAMPLE_INSPECTORS[0],
                    "requested_by_party": True,
                    "reason": "当事人申请回避：曾在该所任职",
                }
            ]
        },
    )


class FindingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item_id: str = Field(pattern=ITEM_ID_PATTERN)
    outcome: FindingOutcome
    note: str | None = Field(default=None, max_length=2000)
    evidence: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="evidence references; a failed item cites one",
    )


class FindingsCreate(CommandFields):
    inspector_ids: list[UUID] = Field(
        min_length=1, max_length=10, description="the assigned inspectors who acted together"
    )
    findings: list[FindingIn] = Field(min_length=1, max_length=300)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "inspector_ids": _EXAMPLE_INSPECTORS,
                    "findings": [
                        {"item_id": "PB-01", "outcome": "pass"},
                        {
                            "item_id": "FF-01",
                            "outcome": "fail",
                            "note": "收费标准未公示",
                            "evidence": ["现场检查笔录 2024-017"],
                        },
                    ],
                    "reason": "现场检查",
                }
            ]
        },
    )


class ResultCreate(CommandFields):
    result: InspectionResult
    summary: str = Field(min_length=1, max_length=4000)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "result": "non_compliant",
                    "summary": "收费标准未公示，责令限期整改",
                    "reason": "检查结论",
                }
            ]
        },
    )


class RectificationCreate(CommandFields):
    due_on: date = Field(description="the rectification is due by this date (after the order)")
    requirements: str = Field(min_length=1, max_length=4000)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "due_on": "2024-12-31",
                    "requirements": "在执业场所公示收费标准并报备",
                    "reason": "责令整改通知书",
                    "effective_on": "2024-11-01",
                }
            ]
        },
    )


class RectificationVerification(CommandFields):
    passed: bool

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"passed": True, "reason": "整改复查合格"}]},
    )


class SanctionReferral(CommandFields):
    case_id: UUID | None = Field(default=None, description="the sanction case, if already opened")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "逾期未整改，移送立案"}]},
    )


# -- inspections: views ------------------------------------------------------------------------


class FindingPublic(BaseModel):
    outcome: FindingOutcome
    note: str | None
    evidence: list[str]


class InspectionItemPublic(BaseModel):
    item_id: str
    category: ChecklistCategory
    text: str
    finding: FindingPublic | None


class RecusalPublic(BaseModel):
    inspector_id: UUID
    requested_by_party: bool


class RectificationPublic(BaseModel):
    ordered_on: date
    due_on: date
    requirements: str
    verified_on: date | None
    passed: bool | None = Field(description="null until verified")


class ReferralPublic(BaseModel):
    referred_on: date
    case_id: UUID | None


class InspectionSummary(BaseModel):
    id: UUID
    kind: InspectionKind
    subject_id: UUID
    subject_kind: str
    status: InspectionStatus
    result: InspectionResult | None
    planned_on: date
    concluded_on: date | None
    publication_due: date | None
    published_on: date | None
    version: int


class InspectionPublic(InspectionSummary):
    follow_up: InspectionStatus | None = Field(
        description="rectification / referral stage; it continues after publication"
    )
    supervising_unit: str | None
    source_ref: str | None
    checklist_id: UUID
    checklist_version: int = Field(description="the version recorded at planning")
    items: list[InspectionItemPublic]
    inspector_ids: list[UUID]
    inspectors_needed: int = Field(description="how many more must be assigned before acting")
    recused: list[RecusalPublic]
    summary: str | None
    publication_provisional: bool
    published_late: bool
    rectification: RectificationPublic | None
    referral: ReferralPublic | None
    closed_on: date | None
    annulled: bool
    appealable_on: date | None


class InspectionsPublic(PageFields):
    items: list[InspectionSummary]


class InspectionMetricsPublic(BaseModel):
    position: int = Field(description="log position the figures reflect")
    start: date
    end: date
    done: int = Field(description="inspections concluded in the period (cancelled ones not)")
    by_kind: dict[str, int]
    by_result: dict[str, int] = Field(description="results as they stand; annulled ones not")
    published: int = Field(description="results published in the period")


class OverdueWhat(StrEnum):
    PUBLICATION = "publication"
    RECTIFICATION = "rectification"


class OverduePublic(BaseModel):
    inspection_id: UUID
    subject_id: UUID
    kind: InspectionKind
    what: OverdueWhat = Field(
        description="the result's publication, or a rectification's verification"
    )
    due_on: date
    provisional: bool
    days_overdue: int


class OverdueInspectionsPublic(PageFields):
    as_of: date
    items: list[OverduePublic] = Field(description="the oldest deadline first")
