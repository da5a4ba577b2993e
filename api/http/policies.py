"""Policy versions: deadlines, thresholds and the authority matrix as data."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict

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
)
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandFields,
)
from domain.core.policy import Policy
from domain.core.values import Role

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


class PoliciesPublic(BaseModel):
    items: list[Policy]


@router.get("", response_model=PoliciesPublic, summary="Every policy version", **allow(*ALL_ROLES))
def list_policies(ledger: LedgerDep) -> PoliciesPublic:
    return PoliciesPublic(items=list(ledger.policy_versions()))


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
