"""Policy versions: deadlines, thresholds and the authority matrix as data."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status
from pydantic import ConfigDict

from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.common import (
    accepted,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.paging import CursorQuery, LimitQuery
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandFields,
    PageFields,
)
from domain.core.errors import InvalidCommandError
from domain.core.policy import Policy
from domain.core.values import Role
from projections.records.view import InvalidCursorError, decode_keyset, encode_keyset

router = APIRouter(prefix="/policies", tags=["policies"], responses=PROBLEM_RESPONSES)


class PolicyCreate(CommandFields):
    policy: Policy

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "policy": {
                        "version": "2025.1",
                        "effective_from": "2025-01-01",
                        "grade_thresholds": {"a": "92", "b": "80", "c": "65"},
                    },
                    "reason": "京司发〔2024〕XX号 诚信等级评估办法修订",
                }
            ]
        },
    )


class PoliciesPublic(PageFields):
    items: list[Policy]


@router.get(
    "",
    response_model=PoliciesPublic,
    summary="Every policy version, in the order published (the built-in default first)",
    **allow(*ALL_ROLES),
)
def list_policies(
    services: ServicesDep, cursor: CursorQuery = None, limit: LimitQuery = 50
) -> PoliciesPublic:
    # One aggregate (the policy book) holds them all: read whole, paged by place.
    position = services.db.head()
    versions = services.ledger.policy_versions()
    try:
        start = decode_keyset("policies", cursor, 1)[0] if cursor else 0
    except InvalidCursorError as exc:
        raise InvalidCommandError(str(exc), field="cursor", location="query") from None
    if not isinstance(start, int) or start < 0:
        raise InvalidCommandError("invalid cursor", field="cursor", location="query")
    page = versions[start : start + limit]
    more = start + limit < len(versions)
    return PoliciesPublic(
        items=list(page),
        next_cursor=encode_keyset("policies", [start + limit]) if more else None,
        position=position,
    )


@router.get(
    "/in-force",
    response_model=Policy,
    summary="The version in force on a date",
    **allow(*ALL_ROLES),
)
def policy_in_force(ledger: LedgerDep, on: date | None = None) -> Policy:
    return ledger.policy_on(on or ledger.today())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Publish a policy version (takes effect from its date; history is not re-judged)",
    **allow(Role.SUPERVISOR, Role.ADMIN),
)
def publish(body: PolicyCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    return accepted(ledger.publish_policy(meta_for(body, actor, ledger), body.policy))
