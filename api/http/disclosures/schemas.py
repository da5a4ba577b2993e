"""Response models of the public disclosure register (一公开) and the district dashboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field


class SuspensionPublic(BaseModel):
    starts_on: date
    until: date


class DisclosurePublic(BaseModel):
    """One published inspection result or sanction decision, as the public sees it."""

    id: UUID = Field(description="the inspection or sanction case")
    record: str = Field(description="inspection or sanction")
    subject_id: UUID
    subject_name: str | None
    subject_number: str | None
    subject_kind: str | None
    inspection_kind: str | None = None
    result: str | None = Field(default=None, description="inspection result (after appeals)")
    summary: str | None = None
    concluded_on: date | None = None
    case_number: str | None = None
    sanction: str | None = Field(default=None, description="sanction kind (after appeals)")
    amount: Decimal | None = Field(default=None, description="fine in yuan")
    months: int | None = None
    suspension: SuspensionPublic | None = None
    decided_on: date | None = None
    decided_by: str | None = Field(default=None, description="district or municipal")
    municipal_reference: str | None = None
    published_on: date
    ends_on: date | None = Field(default=None, description="the publication period's last day")
    varied_on_appeal: bool = False
    published_position: int = Field(description="log position of the publication")


class DisclosuresPublic(BaseModel):
    as_of: date
    items: list[DisclosurePublic]
    next_cursor: str | None
    position: int = Field(description="log position the register reflects")


class DashboardPublic(BaseModel):
    """Figures for a period, folded from the events (see projections/dashboard.py)."""

    start: date
    end: date
    registry: dict[str, Any] = Field(description="organizations and practitioners by kind at end")
    inspections: dict[str, Any] = Field(description="done in the period, by kind and result")
    grades: dict[str, dict[str, int]] = Field(
        description="results per evaluation kind for the periods evaluated in the window (a year is evaluated in the year after it, so the year before the window counts too)"
    )
    sanctions: dict[str, Any]
    complaints: dict[str, Any] = Field(
        description="count, year-on-year change, response/resolution/satisfaction rates"
    )
    notarizations: dict[str, Any] = Field(description="applied/issued; backlog by age at end")
    case_file_reviews: dict[str, Any]
    position: int = Field(description="log position the figures reflect")
