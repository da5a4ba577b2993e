"""The public disclosure register 一公开: readable without a token."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.consistency import AfterQuery, wait_for
from api.http.auth import public
from api.http.deps import ServicesDep
from api.http.disclosures.schemas import (
    DisclosurePublic,
    DisclosuresPublic,
)
from api.http.problems import PROBLEM_RESPONSES
from domain.core.errors import InvalidCommandError

router = APIRouter(prefix="/disclosures", tags=["public"], responses=PROBLEM_RESPONSES)


@router.get(
    "",
    response_model=DisclosuresPublic,
    summary="一公开: published inspection results and sanction decisions (no token needed)",
    description=(
        "Records published on or before `as_of` (today if omitted), not withdrawn by then (a "
        "result varied or annulled on appeal is withdrawn) and, for sanctions, within their "
        "publication period. Newest publication first; follow `next_cursor` for more."
    ),
    **public(),
)
def register(
    services: ServicesDep,
    as_of: date | None = Query(default=None, description="the day the register is shown for"),
    record: Literal["inspection", "sanction"] | None = Query(default=None),
    subject_id: UUID | None = None,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
    after: AfterQuery = None,
) -> DisclosuresPublic:
    position = wait_for(services, services.disclosures.name, after)
    day = as_of or services.ledger.today()
    try:
        page = services.disclosures.register(
            services.db, day, record=record, subject_id=subject_id, cursor=cursor, limit=limit
        )
    except ValueError as exc:
        raise InvalidCommandError(str(exc), field="cursor", location="query") from None
    return DisclosuresPublic(
        as_of=day,
        items=[DisclosurePublic.model_validate(item) for item in page.items],
        next_cursor=page.next_cursor,
        position=position,
    )
