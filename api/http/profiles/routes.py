"""Compliance profiles 合规档案 of organizations and practitioners, now or as of a date.

Without as-of parameters the stored "profiles" view answers (read-your-writes with `?after=`).
With `as_of_effective` and/or `as_of_recorded` the profile is folded on demand from the
subject's events (projections/profiles/fold.py explains the two axes).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query

from api.consistency import AfterQuery, wait_for
from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.deps import ServicesDep
from api.http.problems import PROBLEM_RESPONSES
from api.http.profiles.schemas import ProfilePublic
from api.services import Services
from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
)
from domain.core.values import BUREAU_TZ
from projections.profiles.view import (
    as_of_day,
    fold_subject,
    policy_known,
    render,
)

router = APIRouter(tags=["profiles"], responses=PROBLEM_RESPONSES)

EffectiveQuery = Annotated[
    date | None,
    Query(
        description="what was true on this date as the bureau knows it now (an appeal outcome "
        "applies from the date of the result it replaced); not after today"
    ),
]
RecordedQuery = Annotated[
    datetime | None,
    Query(
        description="what the bureau knew at this moment: only events recorded by then, each "
        "from its own effective date (ISO 8601; without an offset, Beijing time)"
    ),
]


def _check_dates(
    services: Services, effective: date | None, recorded: datetime | None
) -> datetime | None:
    if effective is not None and effective > services.ledger.today():
        raise InvalidCommandError(
            f"as_of_effective {effective} is after today ({services.ledger.today()})",
            field="as_of_effective",
            location="query",
        )
    if recorded is None:
        return None
    if recorded.tzinfo is None:
        recorded = recorded.replace(tzinfo=BUREAU_TZ)
    if recorded > datetime.now(UTC):
        raise InvalidCommandError(
            f"as_of_recorded {recorded.isoformat()} is in the future",
            field="as_of_recorded",
            location="query",
        )
    return recorded


def profile_of(
    services: Services,
    entity: str,
    subject_id: UUID,
    effective: date | None,
    recorded: datetime | None,
    after: int | None,
) -> ProfilePublic:
    ledger = services.ledger
    recorded = _check_dates(services, effective, recorded)
    day = as_of_day(effective, recorded, ledger.today())
    found: Any
    if effective is None and recorded is None:
        position = wait_for(services, services.profiles.name, after)
        found = services.profiles.document(services.db, subject_id)
        source = "view"
    else:
        position = wait_for(services, services.subjects.name, after)
        found = fold_subject(
            ledger,
            services.db,
            services.subjects,
            subject_id,
            effective_until=effective,
            recorded_until=recorded,
        )
        source = "fold"
    state, last = found if found is not None else (None, 0)
    if state is None or state["entity"] != entity:
        what = entity if source == "view" else f"{entity} registered by {day}"
        raise EntityNotFoundError(subject_id, what)
    if recorded is not None:
        position = last  # nothing recorded after the moment asked is reflected
    body = render(state, day, policy_known(ledger, day, recorded))
    as_of = {"day": day, "effective": effective, "recorded": recorded, "source": source}
    return ProfilePublic.model_validate(
        {**body, "as_of": as_of, "position": position, "last_event_position": last}
    )


@router.get(
    "/organizations/{organization_id}/profile",
    response_model=ProfilePublic,
    summary="An organization's compliance profile (合规档案), now or as of a date",
    **allow(*ALL_ROLES),
)
def organization_profile(
    organization_id: UUID,
    services: ServicesDep,
    as_of_effective: EffectiveQuery = None,
    as_of_recorded: RecordedQuery = None,
    after: AfterQuery = None,
) -> ProfilePublic:
    return profile_of(
        services, "organization", organization_id, as_of_effective, as_of_recorded, after
    )


@router.get(
    "/practitioners/{practitioner_id}/profile",
    response_model=ProfilePublic,
    summary="A practitioner's compliance profile (合规档案), now or as of a date",
    **allow(*ALL_ROLES),
)
def practitioner_profile(
    practitioner_id: UUID,
    services: ServicesDep,
    as_of_effective: EffectiveQuery = None,
    as_of_recorded: RecordedQuery = None,
    after: AfterQuery = None,
) -> ProfilePublic:
    return profile_of(
        services, "practitioner", practitioner_id, as_of_effective, as_of_recorded, after
    )
