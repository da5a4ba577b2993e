"""Request and response models of the notarization routes (公证事项)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import CommandFields, PageFields
from domain.core.values import Label
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
    ReviewOutcome,
)


class NotaryRelationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    notary_id: UUID
    party: Label


class NotarizationCreate(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "office_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10",
                    "matter_type": "inheritance",
                    "parties": ["张三", "张四"],
                    "handler_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a11",
                    "reason": "当事人申请继承公证",
                }
            ]
        },
    )

    office_id: UUID = Field(description="the notary office the application is made to")
    matter_type: NotarizationType
    parties: tuple[Label, ...] = Field(min_length=1, max_length=50)
    handler_id: UUID = Field(description="the handling notary")
    arrangement_id: UUID | None = Field(
        default=None, description="the assistance arrangement, when the notary is of another office"
    )
    relations: tuple[NotaryRelationIn, ...] = Field(
        default=(), description="declared relations of notaries to parties (回避)"
    )


class AssistanceArrangementCreate(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "helping_office_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10",
                    "helped_office_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a12",
                    "starts_on": "2024-06-01",
                    "until": "2024-12-31",
                    "matter_types": ["inheritance"],
                    "reason": "协助清理继承公证积案",
                }
            ]
        },
    )

    helping_office_id: UUID
    helped_office_id: UUID
    starts_on: date
    until: date
    matter_types: tuple[NotarizationType, ...] = Field(default=(), description="empty: every type")


class NotarizationApproval(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"approver_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a11", "reason": "审批同意出证"}
            ]
        },
    )

    approver_id: UUID = Field(description="the approving notary (not the handler)")


class NotarialCertificateIssue(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [{"certificate_number": "(2024)京兴证字第1号", "reason": "出具公证书"}]
        },
    )

    certificate_number: str = Field(min_length=1, max_length=80, examples=["(2024)京兴证字第1号"])


class NotaryRelationDeclaration(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "notary_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a11",
                    "party": "张三",
                    "reason": "公证员与当事人系近亲属，申请回避",
                }
            ]
        },
    )

    notary_id: UUID
    party: Label


class NotarizationReviewRequest(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"reviewer_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a13", "reason": "当事人申请复查"}
            ]
        },
    )

    reviewer_id: UUID = Field(description="the reviewing notary (not the original)")


class NotarizationReviewDecision(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"outcome": "maintain", "reason": "复查决定维持"}]},
    )

    outcome: ReviewOutcome


class NotarizationPublic(BaseModel):
    id: UUID
    office_id: UUID
    assisting_office_id: UUID | None
    arrangement_id: UUID | None
    matter_type: NotarizationType
    parties: list[str]
    handler_id: UUID
    stage: NotarizationStage
    applied_on: date
    accepted_on: date | None
    paused_since: date | None
    paused_working_days: int
    issuance_due: date | None
    issuance_due_provisional: bool
    policy_version: str | None
    approver_id: UUID | None
    certificate_number: str | None
    issued_on: date | None
    issued_late: bool
    review_request_due: date | None
    reviewer_id: UUID | None
    review_decision_due: date | None
    review_outcome: ReviewOutcome | None
    version: int


class NotarizationsPublic(PageFields):
    items: list[NotarizationPublic]


class NotarizationMetricsPublic(BaseModel):
    position: int = Field(description="log position the figures reflect")
    start: date
    end: date
    applied: int
    accepted: int
    issued: int
    assisted_applied: int = Field(description="of the applied, handled with another office's help")


class NotarizationOfficeBacklogPublic(BaseModel):
    office_id: UUID
    office_number: str = Field(description="the office's licence number")
    office_name: str
    bands: dict[str, int] = Field(description="open matters by working days since acceptance")
    assisted: int
    total: int


class NotarizationBacklogPublic(BaseModel):
    as_of: date
    position: int = Field(description="log position the figures reflect")
    items: list[NotarizationOfficeBacklogPublic]


class NotarizationMissedIssuancePublic(BaseModel):
    id: UUID = Field(description="the matter, or the imported record")
    office_id: UUID
    due: date
    working_days_overdue: int
    source: str | None = Field(
        default=None, description="the system an imported record came from; null: this ledger"
    )
    external_number: str | None = None


class NotarizationMissedIssuancesPublic(PageFields):
    as_of: date
    items: list[NotarizationMissedIssuancePublic]


# -- imports from an office's own system and the 错发 detector ------------------------------------


class ImportedStepIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    stage: NotarizationStage
    on: date
    notary_id: UUID | None = Field(default=None, description="the approver, on an approved step")
    certificate_number: Label | None = Field(default=None, description="on the issued step")


class ImportedNotarizationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_number: Label = Field(description="the matter's number in the source system")
    office_id: UUID
    matter_type: NotarizationType
    handler_id: UUID
    assisting_office_id: UUID | None = None
    steps: list[ImportedStepIn] = Field(min_length=1, max_length=50)


class NotarizationImportCreate(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "source": "第一公证处业务系统",
                    "reason": "2024年度公证业务数据导入",
                    "records": [
                        {
                            "external_number": "(2024)京兴一证字第0001号",
                            "office_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10",
                            "matter_type": "inheritance",
                            "handler_id": "6f1c1d52-3b8e-5b0a-9a57-6c0d2f4e8a11",
                            "steps": [
                                {"stage": "applied", "on": "2024-03-01"},
                                {"stage": "accepted", "on": "2024-03-04"},
                                {
                                    "stage": "certificate_issued",
                                    "on": "2024-03-20",
                                    "certificate_number": "(2024)京兴一证字第0001号",
                                },
                            ],
                        }
                    ],
                }
            ]
        },
    )

    source: Label = Field(description="the system the records come from")
    records: list[ImportedNotarizationIn] = Field(min_length=1, max_length=1000)


class ImportedStepPublic(BaseModel):
    stage: NotarizationStage
    on: date
    notary_id: UUID | None
    certificate_number: str | None


class ImportedNotarizationPublic(BaseModel):
    id: UUID
    import_id: UUID
    source: str
    external_number: str
    office_id: UUID
    assisting_office_id: UUID | None
    matter_type: NotarizationType
    handler_id: UUID
    stage: NotarizationStage
    steps: list[ImportedStepPublic]
    irregularities: list[str] = Field(description="rules the record breaks (e.g. 错发)")


class ImportedNotarizationsPublic(PageFields):
    items: list[ImportedNotarizationPublic]


class NotarizationImportPublic(BaseModel):
    id: UUID
    source: str
    imported_on: date
    records: list[ImportedNotarizationPublic]


class WrongIssuancePublic(BaseModel):
    id: UUID = Field(description="the imported record")
    source: str
    external_number: str
    office_id: UUID
    certificate_number: str | None
    issued_on: date | None
    rule: str = Field(description="NoIssuanceWithoutApproval or ApproverIsNotHandler")
    detail: str


class WrongIssuancesPublic(PageFields):
    items: list[WrongIssuancePublic]
