"""Request and response models for evaluations and ratings (评价)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import (
    CommandFields,
    HistoryEntry,
    PageFields,
)
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    LawyerAssessmentResult,
)

Points = Decimal


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


# -- requests ----------------------------------------------------------------------------------


class EvaluationCreate(CommandFields):
    kind: EvaluationKind = Field(
        description="integrity_grading (appraisal institution 诚信等级), law_firm_annual "
        "(年度检查考核), lawyer_annual (年度考核)"
    )
    subject_id: UUID = Field(description="the organization or practitioner evaluated")
    period: int = Field(ge=2000, le=2100, description="the year whose record is evaluated")
    evaluators: list[str] = Field(
        min_length=1,
        max_length=2,
        description="the bureau running it, or two districts for a joint evaluation",
    )

    model_config = _examples(
        {
            "kind": "integrity_grading",
            "subject_id": "596a31f1-54ad-5aa9-92e9-cc4d122a2ab1",
            "period": 2023,
            "evaluators": ["大兴区司法局", "丰台区司法局"],
            "reason": "2023年度司法鉴定机构诚信等级评估",
            "effective_on": "2024-03-01",
        }
    )


class ScoredItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item_id: str = Field(min_length=1, max_length=40, examples=["2.1"])
    max_points: Points = Field(gt=0, max_digits=6, decimal_places=2)
    points: Points = Field(ge=0, max_digits=6, decimal_places=2)
    note: str | None = Field(default=None, max_length=500)


class ScoreSheetCreate(CommandFields):
    items: list[ScoredItemIn] = Field(
        min_length=1,
        max_length=300,
        description="each scored item once; the maxima add up to the policy's score scale",
    )

    model_config = _examples(
        {
            "items": [
                {"item_id": "1", "max_points": 60, "points": 40, "note": "执业规范"},
                {"item_id": "2", "max_points": 40, "points": 30, "note": "内部管理"},
            ],
            "reason": "区司法局初评",
            "effective_on": "2024-03-20",
        }
    )


class FinalGradeCreate(CommandFields):
    total: Points | None = Field(
        default=None,
        ge=0,
        max_digits=6,
        decimal_places=2,
        description="the municipal final total; the district's initial total if omitted",
    )
    not_graded: bool = Field(default=False, description="不予评定 (give the grounds as reason)")

    model_config = _examples(
        {"reason": "市司法局终评", "effective_on": "2024-04-01"},
        {"not_graded": True, "reason": "未按期提交自评材料，不予评定"},
    )


class FirmResultCreate(CommandFields):
    result: FirmInspectionResult = Field(
        description="pass 合格, fail 不合格, basic_pass 基本合格 (only where the policy enables it)"
    )

    model_config = _examples(
        {"result": "fail", "reason": "年度检查考核初审", "effective_on": "2024-04-01"}
    )


class RectificationNoticeCreate(CommandFields):
    due_on: date = Field(description="the firm may resubmit until this date")

    model_config = _examples(
        {"due_on": "2024-05-15", "reason": "整改告知：财务管理不规范", "effective_on": "2024-04-10"}
    )


class AssessmentCreate(CommandFields):
    result: LawyerAssessmentResult = Field(
        description="competent 称职, basically_competent 基本称职, incompetent 不称职"
    )

    model_config = _examples({"result": "competent", "reason": "2023年度律师执业年度考核"})


# -- responses ---------------------------------------------------------------------------------


class ScoredItemPublic(BaseModel):
    item_id: str
    max_points: Decimal
    points: Decimal
    note: str | None


class ResultRecordPublic(BaseModel):
    result: str | None = Field(description="null: annulled")
    decided_on: date
    by: str = Field(description="evaluation or appeal")
    appeal_id: UUID | None


class ThresholdsPublic(BaseModel):
    a: Decimal
    b: Decimal
    c: Decimal


class EvaluationPublic(BaseModel):
    id: UUID
    kind: EvaluationKind
    subject_id: UUID
    subject_number: str
    period: int
    evaluators: list[str]
    stage: EvaluationStage
    opened_on: date
    self_assessment: list[ScoredItemPublic]
    self_assessment_total: Decimal | None
    initial_scores: list[ScoredItemPublic]
    initial_total: Decimal | None
    final_total: Decimal | None
    thresholds: ThresholdsPublic | None = Field(description="the cut-offs the grade was judged by")
    policy_version: str | None = Field(description="policy the result was judged under")
    proposed_result: str | None
    rectification_due_on: date | None
    resubmitted_on: date | None
    result: str | None = Field(description="the current grade or result (after any appeal)")
    decided_on: date | None
    publicised_on: date | None
    published: bool
    objection_deadline: date | None
    objection_deadline_provisional: bool
    appealable_on: date | None
    effective_on: date | None
    effective_result: str | None = Field(description="the result in force; null until effective")
    results: list[ResultRecordPublic] = Field(description="every decision, the last one stands")
    version: int


class EvaluationsPublic(PageFields):
    items: list[EvaluationPublic]


class EvaluationHistoryEntry(HistoryEntry):
    evaluation_id: UUID
    kind: EvaluationKind
    period: int


class SubjectEvaluationHistory(BaseModel):
    subject_id: UUID
    events: list[EvaluationHistoryEntry]
