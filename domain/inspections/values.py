"""The value types of inspections: kinds, statuses, results and findings per checklist item."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.core.values import (
    stable_topic,
)
from domain.inspections.checklists import (
    ITEM_ID_PATTERN,
)

EvidenceRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


@stable_topic("ledger.value.InspectionKind")
class InspectionKind(StrEnum):
    ANNUAL = "annual"  # 年度检查考核
    ROUTINE = "routine"  # 日常检查
    SPOT_CHECK = "spot_check"  # 双随机抽查
    COMPLAINT = "complaint"  # 投诉引发的检查
    CASE_FILE_REVIEW = "case_file_review"  # 案卷评查


@stable_topic("ledger.value.InspectionStatus")
class InspectionStatus(StrEnum):
    PLANNED = "planned"
    INSPECTORS_ASSIGNED = "inspectors_assigned"
    CONDUCTED = "conducted"
    RESULT_RECORDED = "result_recorded"
    RECTIFICATION_ORDERED = "rectification_ordered"  # 责令整改
    RECTIFICATION_VERIFIED = "rectification_verified"
    REFERRED_FOR_SANCTION = "referred_for_sanction"
    PUBLISHED = "published"  # 公示
    CLOSED = "closed"
    ANNULLED = "annulled"  # by an appeal decision
    CANCELLED = "cancelled"  # its spot-check draw was voided before it started


@stable_topic("ledger.value.FindingOutcome")
class FindingOutcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@stable_topic("ledger.value.InspectionResult")
class InspectionResult(StrEnum):
    COMPLIANT = "compliant"  # 合格
    COMPLIANT_WITH_REMARKS = "compliant_with_remarks"  # 基本合格
    NON_COMPLIANT = "non_compliant"  # 不合格


@stable_topic("ledger.value.Finding")
class Finding(BaseModel):
    """What the inspectors found on one checklist item."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    item_id: str = Field(pattern=ITEM_ID_PATTERN)
    outcome: FindingOutcome
    note: str | None = Field(default=None, max_length=2000)
    evidence: tuple[EvidenceRef, ...] = Field(
        default=(), max_length=50, description="evidence references: 笔录, photos, file numbers"
    )
