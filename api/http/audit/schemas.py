"""Audit trail models: one entry per event that concerns a subject, with what superseded it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class EventRefPublic(BaseModel):
    position: int = Field(description="log position of the other event (same record)")
    event: str = Field(description="its event name, e.g. VariedOnAppeal")


class AuditEntryPublic(BaseModel):
    position: int = Field(description="log position (notification id); the trail's order")
    record_id: UUID = Field(description="the record the event belongs to (its originator)")
    record_version: int
    record_kind: str = Field(description="e.g. Evaluation")
    event: str = Field(description="e.g. VariedOnAppeal; ?kind=Evaluation.VariedOnAppeal")
    topic: str = Field(description="stable stored topic, e.g. ledger.Evaluation.VariedOnAppeal")
    relation: str = Field(
        description="how the event concerns the subject: self, subject, complained_about, "
        "appealed, handler, office, inspector, approver, ..."
    )
    actor: str | None = Field(description="principal id of who recorded it")
    role: str | None
    reason: str | None
    effective_on: date | None = Field(description="business date it is true from")
    recorded_at: datetime = Field(description="when the ledger recorded it (UTC)")
    superseded_by: list[EventRefPublic] = Field(
        description="later events of the same record that superseded this one (an appeal's "
        "variation, a withdrawal, new details, a reinstatement, ...)"
    )
    supersedes: list[EventRefPublic] = Field(description="earlier events this one superseded")
    data: dict[str, Any] | None = Field(
        description="the event's own fields (absent with ?data=false); the complainant's name, "
        "phone and identity number only for supervisors and admins"
    )


class AuditTrailPage(BaseModel):
    subject_id: UUID
    items: list[AuditEntryPublic]
    next_cursor: int | None = Field(description="pass as ?cursor= for the next page")
    position: int = Field(description="log position the trail reflects")


class AuditTrailExport(BaseModel):
    """The whole filtered trail (format=json); format=csv streams the same entries as CSV."""

    subject_id: UUID
    position: int = Field(description="log position the export reflects")
    items: list[AuditEntryPublic]
