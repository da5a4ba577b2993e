"""Request and response models (XCreate, XPublic, XsPublic). Routes never return aggregates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.core.values import (
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


class CommandOnly(CommandFields):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "本人申请", "effective_on": "2024-05-06"}]},
    )


# -- organizations -----------------------------------------------------------------------------


# -- practitioners -----------------------------------------------------------------------------


# -- inspectors --------------------------------------------------------------------------------


# -- tokens ------------------------------------------------------------------------------------


class PageFields(BaseModel):
    """What every page of a list carries beside its items."""

    next_cursor: str | None = Field(description="pass as ?cursor= for the next page (null: last)")
    position: int = Field(description="log position the list reflects")
