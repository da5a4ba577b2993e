"""Request and response models of the registry routes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.http.schemas import CommandFields
from domain.core.values import (
    Label,
    OrganizationKind,
    PractitionerKind,
)


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
