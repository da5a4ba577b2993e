"""The value types of evaluations: kinds, grades and results, stages, score sheets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.core.policy import (
    GradeThresholds,
)
from domain.core.values import (
    OrganizationKind,
    PractitionerKind,
    stable_topic,
)


@stable_topic("ledger.value.EvaluationKind")
class EvaluationKind(StrEnum):
    INTEGRITY_GRADING = "integrity_grading"  # 司法鉴定机构诚信等级评估
    LAW_FIRM_ANNUAL = "law_firm_annual"  # 律师事务所年度检查考核
    LAWYER_ANNUAL = "lawyer_annual"  # 律师年度考核

    @property
    def subject_kind(self) -> OrganizationKind | PractitionerKind:
        return _SUBJECT_KIND[self]


_SUBJECT_KIND: dict[EvaluationKind, OrganizationKind | PractitionerKind] = {
    EvaluationKind.INTEGRITY_GRADING: OrganizationKind.APPRAISAL_INSTITUTION,
    EvaluationKind.LAW_FIRM_ANNUAL: OrganizationKind.LAW_FIRM,
    EvaluationKind.LAWYER_ANNUAL: PractitionerKind.LAWYER,
}


@stable_topic("ledger.value.IntegrityGrade")
class IntegrityGrade(StrEnum):  # 诚信等级
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    NOT_GRADED = "not_graded"  # 不予评定


@stable_topic("ledger.value.FirmInspectionResult")
class FirmInspectionResult(StrEnum):  # 年度检查考核结果
    PASS = "pass"  # 合格
    BASIC_PASS = "basic_pass"  # 基本合格, only where the policy enables it
    FAIL = "fail"  # 不合格


@stable_topic("ledger.value.LawyerAssessmentResult")
class LawyerAssessmentResult(StrEnum):  # 年度考核结果
    COMPETENT = "competent"  # 称职
    BASICALLY_COMPETENT = "basically_competent"  # 基本称职
    INCOMPETENT = "incompetent"  # 不称职


Outcome = IntegrityGrade | FirmInspectionResult | LawyerAssessmentResult


OUTCOME_TYPE: dict[EvaluationKind, type[Outcome]] = {
    EvaluationKind.INTEGRITY_GRADING: IntegrityGrade,
    EvaluationKind.LAW_FIRM_ANNUAL: FirmInspectionResult,
    EvaluationKind.LAWYER_ANNUAL: LawyerAssessmentResult,
}


@stable_topic("ledger.value.EvaluationStage")
class EvaluationStage(StrEnum):
    OPENED = "opened"
    SELF_ASSESSED = "self_assessed"
    INITIAL_SCORED = "initial_scored"
    RESULT_PROPOSED = "result_proposed"
    RECTIFICATION_NOTIFIED = "rectification_notified"
    RESUBMITTED = "resubmitted"
    FINAL = "final"  # final grade, final result or assessment recorded
    PUBLICISED = "publicised"
    EFFECTIVE = "effective"
    ANNULLED = "annulled"  # annulled on appeal: to be judged again


HAS_RESULT = (EvaluationStage.FINAL, EvaluationStage.PUBLICISED, EvaluationStage.EFFECTIVE)


@stable_topic("ledger.value.ScoredItem")
class ScoredItem(BaseModel):
    """One line of an integrity score sheet: the item, its maximum and the points given."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    item_id: str = Field(min_length=1, max_length=40)
    max_points: Decimal = Field(gt=0, max_digits=6, decimal_places=2)
    points: Decimal = Field(ge=0, max_digits=6, decimal_places=2)
    note: str | None = Field(default=None, max_length=500)


def grade_for(total: Decimal, thresholds: GradeThresholds) -> IntegrityGrade:
    """A >= a, B >= b, C >= c, else D."""
    if total >= thresholds.a:
        return IntegrityGrade.A
    if total >= thresholds.b:
        return IntegrityGrade.B
    if total >= thresholds.c:
        return IntegrityGrade.C
    return IntegrityGrade.D


@dataclass(frozen=True)
class ResultRecord:
    """One decision on the result, in the order recorded; the last one stands."""

    result: Outcome | None  # None: annulled
    decided_on: date
    by: str  # "evaluation" or "appeal"
    appeal_id: UUID | None = None
