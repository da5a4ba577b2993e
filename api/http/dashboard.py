"""The district dashboard: the report's figures for a period, computed from events."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.deps import LedgerDep
from api.http.disclosures.schemas import DashboardPublic
from api.http.problems import PROBLEM_RESPONSES
from domain.core.errors import InvalidCommandError
from projections.dashboard import district_dashboard

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=PROBLEM_RESPONSES)


@router.get(
    "",
    response_model=DashboardPublic,
    summary="District figures for a period: registry, inspections, grades, sanctions, "
    "complaints (with year-on-year change), notarizations (with the backlog), case files",
    **allow(*ALL_ROLES),
)
def dashboard(
    ledger: LedgerDep,
    start: date | None = Query(
        default=None, description="first day of the period; 1 January of this year if omitted"
    ),
    end: date | None = Query(
        default=None, description="last day of the period; 31 December of start's year if omitted"
    ),
) -> DashboardPublic:
    start = start or date(ledger.today().year, 1, 1)
    end = end or date(start.year, 12, 31)
    if end < start:
        raise InvalidCommandError("the period ends on or after its start", field="end",
                                  location="query")  # fmt: skip
    figures = district_dashboard(ledger, start, end)
    return DashboardPublic(start=start, end=end, **figures)
