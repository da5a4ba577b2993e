"""Request and response models for sanction cases 行政处罚 / 行业处分."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.registry.schemas import Suspension
from api.http.schemas import CommandFields, PageFields
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionStage,
    SubjectKind,
)

Amount = Field(
    default=None,
    gt=0,
    max_digits=12,
    decimal_places=2,
    description="fine in yuan (fines only)",
)
Months = Field(default=None, ge=1, le=120, description="length in months (suspensions only)")


def _example(**fields: object) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [fields]})


class SanctionCaseCreate(CommandFields):
    case_number: str = Field(
        min_length=1, max_length=64, description="case number, unique: 京兴司罚〔2024〕N号"
    )
    subject_id: UUID = Field(description="a registered practitioner or organization")
    origin: CaseOrigin
    origin_reference: UUID | None = Field(
        default=None, description="the complaint or inspection the case comes from"
    )
    allegation: str = Field(min_length=1, max_length=5000, description="the alleged violation")

    model_config = _example(
        case_number="京兴司罚〔2024〕12号",
        subject_id="5ca019e2-b8f8-5b25-9704-b23b75ee8a57",
        origin="complaint",
        allegation="涉嫌违规收费",
        reason="立案审批",
        effective_on="2024-03-01",
    )


class SanctionInvestigation(CommandFields):
    findings: str = Field(min_length=1, max_length=10000)

    model_config = _example(findings="查明违规收费三笔", reason="调查终结")


class PreDecisionNoticeCreate(CommandFields):
    intended_kind: SanctionKind = Field(description="the sanction the notice announces")

    model_config = _example(intended_kind="fine", reason="行政处罚事先告知书已送达")


class HearingRecord(CommandFields):
    summary: str = Field(min_length=1, max_length=10000, description="听证笔录 summary")

    model_config = _example(summary="当事人到场陈述申辩", reason="听证会")


class LegalReviewCreate(CommandFields):
    opinion: str = Field(min_length=1, max_length=5000, description="法制审核意见")

    model_config = _example(opinion="事实清楚，证据确凿，适用依据正确", reason="法制审核")


class SanctionProposalCreate(CommandFields):
    kind: SanctionKind
    amount: Decimal | None = Amount
    months: int | None = Months
    offence_on: date = Field(description="when the violation happened (repeat-offence windows)")
    offence_level: SanctionKind | None = Field(
        default=None,
        description="the sanction the offence calls for on its own, when the proposal is "
        "escalated for a repeat offence (律师法 art. 51); the proposed kind if omitted",
    )
    facts: str = Field(min_length=1, max_length=10000)
    legal_basis: str = Field(min_length=1, max_length=2000)

    model_config = _example(
        kind="fine",
        amount="5000.00",
        offence_on="2024-02-01",
        facts="违规收费三笔",
        legal_basis="《律师法》第四十八条",
        reason="拟处罚意见",
    )


class SanctionApproval(CommandFields):
    starts_on: date | None = Field(
        default=None, description="first day of a suspension (suspensions only)"
    )

    model_config = _example(reason="负责人审批", effective_on="2024-04-10")


class MunicipalDecisionCreate(CommandFields):
    kind: SanctionKind
    amount: Decimal | None = Amount
    months: int | None = Months
    municipal_reference: str = Field(
        min_length=1, max_length=100, description="the municipal bureau's decision number"
    )
    starts_on: date | None = Field(default=None, description="first day of a suspension")

    model_config = _example(
        kind="revocation",
        municipal_reference="京司罚决〔2024〕9号",
        reason="市局决定",
        effective_on="2024-05-06",
    )


class PublicationCreate(CommandFields):
    ends_on: date | None = Field(
        default=None,
        description="last day of publication (credit repair); the policy maximum if omitted",
    )

    model_config = _example(reason="信用中国（北京）公示", effective_on="2024-04-15")


# -- responses ----------------------------------------------------------------------------------


class SanctionTermsPublic(BaseModel):
    kind: SanctionKind
    amount: Decimal | None
    months: int | None


class ProposalPublic(BaseModel):
    terms: SanctionTermsPublic
    proposer: str
    proposed_on: date
    offence_on: date
    offence_level: SanctionKind
    escalated_from: SanctionKind | None
    escalation_reason: str | None


class SanctionCasePublic(BaseModel):
    id: UUID
    case_number: str
    subject_id: UUID
    subject_kind: SubjectKind
    origin: CaseOrigin
    origin_reference: UUID | None
    stage: SanctionStage
    opened_on: date
    decision_due: date
    intended_kind: SanctionKind | None = Field(
        description="the sanction the pre-decision notice in force announced"
    )
    noticed_on: date | None
    hearing_right: bool = Field(
        description="the notice in force announced a suspension or revocation: the party may "
        "ask for a hearing (行政处罚法 art. 63)"
    )
    hearing_requested: bool
    hearing_waived: bool
    proposal: ProposalPublic | None
    decided_by: str | None = Field(description="district or municipal")
    terms: SanctionTermsPublic | None = Field(description="the decision in force")
    decided_on: date | None
    decided_late: bool
    municipal_reference: str | None
    suspension: Suspension | None
    publication_due: date | None
    served_on: date | None
    appealable_on: date | None
    published_on: date | None
    publication_ends_on: date | None
    publication_withdrawn_on: date | None
    executed_on: date | None
    closed_on: date | None
    outcome: str | None
    varied: bool
    annulled: bool
    version: int


class SanctionCasesPublic(PageFields):
    items: list[SanctionCasePublic]


class OverdueSanctionPublic(BaseModel):
    id: UUID
    case_number: str
    subject_id: UUID
    what: str = Field(description="decision or publication")
    due: date
    provisional: bool
    days_overdue: int


class OverdueSanctionsPublic(PageFields):
    as_of: date
    items: list[OverdueSanctionPublic] = Field(description="the oldest deadline first")
