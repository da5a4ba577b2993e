"""Request and response models for spot-check plans and draws (双随机、一公开)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.http.schemas import CommandFields, PageFields
from domain.core.values import Label
from domain.inspections.values import (
    InspectionResult,
    InspectionStatus,
)
from domain.spot_checks.rounds import (
    COMMITMENT_PATTERN,
    REVEAL_PATTERN,
    PlanStatus,
)

_EXAMPLE_COMMITMENT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

# -- requests ----------------------------------------------------------------------------------


class TierQuotaIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tier: Literal["high", "medium", "low"]
    ratio: Decimal | None = Field(
        default=None, ge=0, le=1, description="share of the tier's eligible targets, rounded up"
    )
    count: int | None = Field(default=None, ge=0, le=100_000, description="or a fixed number")

    @model_validator(mode="after")
    def ratio_or_count(self) -> TierQuotaIn:
        if (self.ratio is None) == (self.count is None):
            raise ValueError("give a ratio or a count, not both or neither")
        return self


class SpotCheckCreate(CommandFields):
    title: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=2000, le=2100, description="the period: a calendar year")
    checklist_id: UUID = Field(description="the list 抽查事项清单; its kind is the targets' kind")
    checklist_version: int | None = Field(default=None, ge=1, description="latest if omitted")
    organization_ids: list[UUID] = Field(
        default=[], max_length=500, description="only these organizations and their members"
    )
    supervising_unit: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="the unit supervising the targets (its inspectors are kept off them) where "
        "no earlier inspection names one",
    )
    inspector_units: list[Label] = Field(default=[], max_length=50)
    inspector_specialties: list[Label] = Field(default=[], max_length=50)
    quotas: list[TierQuotaIn] | None = Field(
        default=None,
        max_length=3,
        description="per risk tier, a ratio or a count; the policy's defaults if omitted "
        "(high 100%, medium 20%, low 5%); k = ceil(ratio x eligible)",
    )
    per_target: int | None = Field(default=None, ge=2, le=10, description="inspectors per target")
    max_draws_per_year: int = Field(default=2, ge=1, le=12)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "2025年律师事务所双随机抽查",
                    "year": 2025,
                    "checklist_id": "5ca019e2-b8f8-5b25-9704-b23b75ee8a57",
                    "quotas": [
                        {"tier": "high", "ratio": "1"},
                        {"tier": "medium", "ratio": "0.2"},
                        {"tier": "low", "ratio": "0.05"},
                    ],
                    "reason": "年度抽查计划",
                }
            ]
        },
    )


class SpotCheckApproval(CommandFields):
    seed_commitment: str = Field(
        pattern=COMMITMENT_PATTERN,
        description="hex SHA-256 of a random value you keep secret until the draw "
        "(`ledger draw commit` makes one)",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"seed_commitment": _EXAMPLE_COMMITMENT, "reason": "同意抽查计划"}]
        },
    )


class SpotCheckDraw(CommandFields):
    reveal: str = Field(
        pattern=REVEAL_PATTERN,
        description="the random value committed to at approval (or at the last void), hex",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reveal": "74657374" * 8, "reason": "公开抽取"}]},
    )


class SpotCheckRecusal(CommandFields):
    target_id: UUID
    inspector_id: UUID = Field(description="the inspector who steps aside 回避")
    requested_by_party: bool = False

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "target_id": "5ca019e2-b8f8-5b25-9704-b23b75ee8a57",
                    "inspector_id": "0b6c2a4e-6b1f-5d7e-9a3c-2f1e0d9c8b7a",
                    "requested_by_party": True,
                    "reason": "当事人申请回避：检查人员与其有利害关系",
                }
            ]
        },
    )


# -- responses ---------------------------------------------------------------------------------


class QuotaPublic(BaseModel):
    tier: str
    ratio: Decimal | None
    count: int | None


class TierCountPublic(BaseModel):
    tier: str
    population: int
    at_cap: int = Field(description="already drawn the yearly maximum")
    eligible: int
    drawn: int


class SubjectIdentity(BaseModel):
    """A subject's public identity only."""

    id: UUID
    kind: str
    number: str
    name: str


class InspectorIdentity(BaseModel):
    id: UUID
    number: str
    name: str


class PublicationStatus(BaseModel):
    """The inspection of a drawn target and its result's publication against its deadline."""

    inspection_id: UUID
    status: InspectionStatus
    concluded_on: date | None
    result: InspectionResult | None = Field(description="shown once published")
    publication_due: date | None = Field(description="20 working days after the conclusion")
    publication_provisional: bool
    published_on: date | None
    published_late: bool
    overdue: bool = Field(description="due, not published, as of today")


class DrawnTargetPublic(BaseModel):
    target: SubjectIdentity
    tier: str
    inspectors: list[InspectorIdentity] = Field(description="by slot, replacements applied")
    inspection: PublicationStatus | None


class ReplacementPublic(BaseModel):
    target_id: UUID
    slot: int
    stepped_aside: InspectorIdentity
    replacement: InspectorIdentity
    requested_by_party: bool
    on: date


class CheckpointRef(BaseModel):
    tree_size: int
    root: str
    note: str


class VoidPublic(BaseModel):
    requested_reason: str | None
    voided_on: date | None
    reason: str | None


class RoundPublic(BaseModel):
    round: int
    voided: bool
    frozen_on: date
    seed_commitment: str
    targets_in_pool: int
    inspectors_in_pool: int
    targets_hash: str
    inspectors_hash: str
    drawn_on: date | None
    algorithm_version: int | None
    reveal: str | None
    checkpoint: CheckpointRef | None
    seed: str | None
    tiers: list[TierCountPublic]
    draws: list[DrawnTargetPublic]
    replacements: list[ReplacementPublic]
    void: VoidPublic | None


class SpotCheckSummary(BaseModel):
    id: UUID
    title: str
    year: int
    subject_kind: str
    status: PlanStatus
    rounds: int
    drawn: int = Field(description="targets drawn in the round in force")
    version: int


class SpotCheckPublic(SpotCheckSummary):
    checklist_id: UUID
    checklist_version: int
    organization_ids: list[UUID]
    supervising_unit: str | None
    inspector_units: list[str]
    inspector_specialties: list[str]
    quotas: list[QuotaPublic]
    per_target: int
    max_draws_per_year: int
    policy_version: str
    proposed_on: date
    approved_on: date | None
    seed_commitment: str | None = Field(description="the commitment the next or current round uses")
    round_details: list[RoundPublic]


class SpotChecksPublic(PageFields):
    items: list[SpotCheckSummary]


class CheckPublic(BaseModel):
    name: str
    ok: bool
    detail: str


class RoundVerificationPublic(BaseModel):
    round: int
    voided: bool
    identical: bool
    first_difference: str | None
    checks: list[CheckPublic]


class SpotCheckVerificationPublic(BaseModel):
    plan_id: UUID
    identical: bool = Field(description="every drawn round re-runs to what is recorded")
    first_difference: str | None
    rounds: list[RoundVerificationPublic]
