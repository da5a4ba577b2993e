"""Request and response models for appeals."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import CommandFields, PageFields
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)

TargetKind = Literal["evaluation", "inspection", "sanction"]


class AppealCreate(CommandFields):
    kind: AppealKind = Field(description="objection (evaluations); reconsideration or litigation")
    target_kind: TargetKind
    target_id: UUID
    appellant: str = Field(min_length=1, max_length=200, description="who appeals (the party)")
    grounds: str = Field(min_length=1, max_length=5000)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "objection",
                    "target_kind": "evaluation",
                    "target_id": "0b0c4f3e-5d1c-5a55-9d55-1f0b8f5d2a11",
                    "appellant": "示例司法鉴定所（虚构）",
                    "grounds": "初评第3项扣分依据不足",
                    "reason": "收到异议申请",
                    "effective_on": "2024-05-08",
                }
            ]
        },
    )


class AppealRejection(CommandFields):
    grounds: str = Field(min_length=1, max_length=5000, description="why it is inadmissible")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"grounds": "超过申请期限", "reason": "不予受理"}]},
    )


class AppealDecision(CommandFields):
    outcome: AppealOutcome
    new_result: dict[str, Any] = Field(
        default_factory=dict,
        description='for a varied outcome: what the result becomes, e.g. {"grade": "B"}',
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "outcome": "varied",
                    "new_result": {"grade": "B"},
                    "reason": "复核决定：第3项恢复计分",
                    "effective_on": "2024-06-12",
                }
            ]
        },
    )


class AppealPublic(BaseModel):
    id: UUID
    kind: AppealKind
    target_kind: str
    target_id: UUID
    appellant: str
    grounds: str
    filed_on: date
    deadline: date
    status: str
    outcome: AppealOutcome | None
    decided_on: date | None
    version: int


class AppealsPublic(PageFields):
    items: list[AppealPublic]
