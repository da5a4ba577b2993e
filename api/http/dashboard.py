"""The district dashboard: the report's figures for a period, counted over the stored views."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from api.consistency import AfterQuery, wait_for
from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.deps import ServicesDep
from api.http.disclosures.schemas import DashboardPublic
from api.http.problems import PROBLEM_RESPONSES
from domain.core.errors import InvalidCommandError
from projections.dashboard import Dashboard

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=PROBLEM_RESPONSES)


@router.get(
    "",
    response_model=DashboardPublic,
    summary="District figures for a period: registry, inspections, grades, sanctions, "
    "complaints (with year-on-year change), notarizations (with the backlog), case files",
    **allow(*ALL_ROLES),
)
def dashboard(
    services: ServicesDep,
    start: date | None = Query(
        default=None, description="first day of the period; 1 January of this year if omitted"
    ),
    end: date | None = Query(
        default=None, description="last day of the period; 31 December of start's year if omitted"
    ),
    after: AfterQuery = None,
) -> DashboardPublic:
    start = start or date(services.ledger.today().year, 1, 1)
    end = end or date(start.year, 12, 31)
    if end < start:
        raise InvalidCommandError("the period ends on or after its start", field="end",
                                  location="query")  # fmt: skip
    records = services.records
    board = Dashboard(
        services.db,
        services.registry,
        records.complaints,
        records.inspections,
        records.evaluations,
        records.sanctions,
        records.notarizations,
        records.case_reviews,
    )
    position = min(wait_for(services, view, after) for view in board.views())
    return DashboardPublic(start=start, end=end, position=position, **board.figures(start, end))
