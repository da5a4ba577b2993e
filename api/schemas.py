"""Request and response models (XCreate, XPublic, XsPublic). Routes never return aggregates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.core.values import (
    Label,
    OrganizationKind,
    PractitionerKind,
    Role,
)

# -- shared ------------------------------------------------------------------------------------


class CommandFields(BaseModel):
    """Metadata every command carries. The actor is never here: it comes from the token."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(
        min_length=1,
        max_length=2000,
        description="why: free text or the legal basis",
        examples=["依据某规定第某条办理（理由或依据）"],
    )
    effective_on: date | None = Field(
        default=None,
        description="business date the fact is true from (Asia/Shanghai); today if omitted; "
        "may be in the past, never in the future",
    )
    command_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="idempotency key: sending the same command again returns the original "
        "result and writes nothing; generated if omitted",
    )


class CommandAccepted(BaseModel):
    command_id: str
    id: UUID = Field(description="the entity the command acted on")
    version: int = Field(description="the entity's version after the command")
    position: int | None = Field(description="log position reached (for read-your-writes)")
    replayed: bool = Field(description="true when this answers a repeated command_id")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(description="/problems/{rule or status}: GET it for what the rule says")
    title: str
    status: int
    detail: str
    zh: str = Field(description="the rule (or the status) in one Chinese sentence")
    rule: str | None = None
    errors: list[dict[str, Any]] | None = None
    context: dict[str, Any] | None = None


class ProblemTypePublic(BaseModel):
    type: str
    rule: str | None = Field(description="the rule's name; null for a plain HTTP status")
    status: int
    title: str = Field(description="what the rule says, in English")
    zh: str = Field(description="what the rule says, in Chinese")


class ProblemTypesPublic(BaseModel):
    items: list[ProblemTypePublic]


class ActorPublic(BaseModel):
    principal_id: str
    role: Role


class HistoryEntry(BaseModel):
    entity_id: UUID = Field(description="the record the event belongs to")
    entity: str = Field(description="the kind of record, e.g. ledger.Evaluation")
    position: int | None = Field(description="log position (notification id)")
    version: int
    event: str = Field(description="stable event topic, e.g. ledger.Practitioner.Joined")
    recorded_at: datetime = Field(description="when the ledger recorded it (UTC)")
    effective_on: date | None
    actor: ActorPublic | None
    reason: str | None
    command_id: str | None
    payload: dict[str, Any]


class HistoryPublic(BaseModel):
    id: UUID
    events: list[HistoryEntry]


class Suspension(BaseModel):
    starts_on: date
    until: date


class SuspensionCreate(CommandFields):
    starts_on: date = Field(description="first day of the suspension")
    until: date = Field(description="last day of the suspension; must be after starts_on")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "starts_on": "2024-07-01",
                    "until": "2024-12-31",
                    "reason": "京兴司罚决字〔2024〕3号",
                    "effective_on": "2024-06-20",
                }
            ]
        },
    )


class CommandOnly(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "本人申请", "effective_on": "2024-05-06"}]},
    )


# -- organizations -----------------------------------------------------------------------------


class OrganizationCreate(CommandFields):
    kind: OrganizationKind
    number: str = Field(min_length=1, max_length=64, description="licence / registration number")
    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    head: str | None = Field(default=None, max_length=100, description="负责人 / 主任")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "law_firm",
                    "number": "31110000EX0001",
                    "name": "北京虚构律师事务所",
                    "address": "北京市大兴区示例路1号",
                    "head": "张示例",
                    "reason": "设立登记",
                    "effective_on": "2024-03-01",
                    "command_id": "reg-31110000EX0001",
                }
            ]
        },
    )


class OrganizationChange(CommandFields):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    head: str | None = Field(default=None, max_length=100)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"address": "北京市大兴区示例路2号", "reason": "住所变更"}]
        },
    )


class OrganizationPublic(BaseModel):
    id: UUID
    kind: OrganizationKind
    number: str
    name: str
    address: str | None
    head: str | None
    status: str = Field(
        description="status in force today: active, suspended, revoked, deregistered"
    )
    recorded_status: str
    suspension: Suspension | None = Field(description="the latest recorded suspension period")
    suspensions: list[Suspension] = Field(
        description="periods recorded since the last reinstatement"
    )
    members: int
    registered_on: date
    version: int


class RegistryEntry(BaseModel):
    id: UUID
    entity: str
    kind: str
    number: str
    name: str
    status: str
    suspended_from: date | None
    suspended_until: date | None
    organization_id: UUID | None
    unit: str | None
    members: int = Field(description="current members (organizations only)")
    registered_on: date
    version: int


class RegistryPage(BaseModel):
    items: list[RegistryEntry]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")
    position: int = Field(description="log position the list reflects")


# -- practitioners -----------------------------------------------------------------------------


class PractitionerCreate(CommandFields):
    kind: PractitionerKind
    number: str = Field(min_length=1, max_length=64, description="practice licence number 执业证号")
    name: str = Field(min_length=1, max_length=100)
    specialties: list[Label] = Field(default_factory=list, max_length=20)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "lawyer",
                    "number": "11101202410000001",
                    "name": "李示例",
                    "specialties": ["民商事"],
                    "reason": "执业登记",
                    "effective_on": "2024-03-15",
                }
            ]
        },
    )


class PractitionerChange(CommandFields):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    specialties: list[Label] | None = Field(default=None, max_length=20)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"specialties": ["刑事", "行政"], "reason": "备案变更"}]},
    )


class AffiliationCreate(CommandFields):
    organization_id: UUID

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "organization_id": "5ca019e2-b8f8-5b25-9704-b23b75ee8a57",
                    "reason": "转所",
                    "effective_on": "2024-04-01",
                }
            ]
        },
    )


class PractitionerPublic(BaseModel):
    id: UUID
    kind: PractitionerKind
    number: str
    name: str
    specialties: list[Label]
    organization_id: UUID | None
    status: str
    recorded_status: str
    suspension: Suspension | None = Field(description="the latest recorded suspension period")
    suspensions: list[Suspension] = Field(
        description="periods recorded since the last reinstatement"
    )
    registered_on: date
    version: int


# -- inspectors --------------------------------------------------------------------------------


class InspectorCreate(CommandFields):
    number: str = Field(min_length=1, max_length=64, description="enforcement certificate 执法证号")
    name: str = Field(min_length=1, max_length=100)
    unit: str = Field(min_length=1, max_length=100)
    specialties: list[Label] = Field(default_factory=list, max_length=20)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "number": "京司执11010001",
                    "name": "王示例",
                    "unit": "律师工作科",
                    "specialties": ["律师"],
                    "reason": "执法证备案",
                }
            ]
        },
    )


class InspectorChange(CommandFields):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    unit: str | None = Field(default=None, min_length=1, max_length=100)
    specialties: list[Label] | None = Field(default=None, max_length=20)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"unit": "公证工作科", "reason": "岗位调整"}]},
    )


class InspectorPublic(BaseModel):
    id: UUID
    number: str
    name: str
    unit: str
    specialties: list[Label]
    status: str
    version: int


# -- tokens ------------------------------------------------------------------------------------


class TokenCreate(CommandFields):
    name: str = Field(
        min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._@\-]+$", description="principal id"
    )
    role: Role
    valid_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="days it is accepted, from its effective date; the policy's "
        "token_valid_days (365) if omitted",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "clerk.wang", "role": "clerk", "reason": "新入职登记员"}]
        },
    )


class TokenRotation(CommandFields):
    valid_days: int | None = Field(
        default=None, ge=1, le=3650, description="the new token's; the policy's if omitted"
    )

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "定期更换令牌"}]}
    )


class TokenPublic(BaseModel):
    id: UUID
    name: str
    role: Role
    revoked: bool
    issued_at: datetime
    expires_on: date | None = Field(description="the last day it is accepted (null: never)")
    valid: bool = Field(description="accepted today: not revoked, not expired")


class TokensPublic(BaseModel):
    items: list[TokenPublic]


class TokenIssued(CommandAccepted):
    token: str | None = Field(description="the bearer secret, shown only once")


class WhoAmI(BaseModel):
    principal_id: str
    role: Role


class Health(BaseModel):
    status: str
    backend: str
    log_position: int
