from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from api.http.auth import (
    ADMINS,
    ALL_ROLES,
    allow,
    allow_command,
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
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandFields,
    CommandOnly,
    PageFields,
)
from domain.access.tokens import ApiToken
from domain.core.values import Role


class TokenCreate(CommandFields):
    name: str = Field(
        min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._@\-]+$", description="principal id"
    )
    role: Role
    valid_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="days it is accepted, from its effective date; the policy's "
        "token_valid_days (365) if omitted",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "clerk.wang", "role": "clerk", "reason": "新入职登记员"}]
        },
    )


class TokenRotation(CommandFields):
    valid_days: int | None = Field(
        default=None, ge=1, le=3650, description="the new token's; the policy's if omitted"
    )

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "定期更换令牌"}]}
    )


class TokenPublic(BaseModel):
    id: UUID
    name: str
    role: Role
    revoked: bool
    issued_at: datetime
    expires_on: date | None = Field(description="the last day it is accepted (null: never)")
    valid: bool = Field(description="accepted today: not revoked, not expired")


class TokensPublic(PageFields):
    items: list[TokenPublic]


class TokenIssued(CommandAccepted):
    token: str | None = Field(description="the bearer secret, shown only once")


class WhoAmI(BaseModel):
    principal_id: str
    role: Role


router = APIRouter(tags=["tokens"], responses=PROBLEM_RESPONSES)


def token_public(token: ApiToken, today: date) -> TokenPublic:
    return TokenPublic(
        id=token.id,
        name=token.name,
        role=token.role,
        revoked=token.revoked,
        issued_at=token.created_on,
        expires_on=token.expires_on,
        valid=token.valid_on(today),
    )


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenIssued,
    summary="Issue a bearer token (the secret is shown once; only its hash is stored)",
    **allow_command("IssueToken"),
)
def issue(body: TokenCreate, actor: ActorDep, ledger: LedgerDep) -> TokenIssued:
    meta = meta_for(body, actor, ledger)
    issued = ledger.issue_token(meta, body.name, body.role, body.valid_days)
    return TokenIssued(**accepted(issued.result).model_dump(), token=issued.secret)


@router.get(
    "/tokens",
    response_model=TokensPublic,
    summary="List tokens, in the order issued",
    **allow(*ADMINS),
)
def list_tokens(
    services: ServicesDep,
    role: Role | None = None,
    revoked: bool | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> TokensPublic:
    today = services.ledger.today()
    records = services.records.tokens
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            role=role.value if role else None, revoked=revoked, cursor=cursor, limit=limit
        ),
    )
    return TokensPublic(
        items=[token_public(t, today) for t in page.items],
        next_cursor=page.next_cursor,
        position=position,
    )


@router.post(
    "/tokens/{token_id}/revocation",
    response_model=CommandAccepted,
    summary="Revoke a token",
    **allow_command("RevokeToken"),
)
def revoke(
    token_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.revoke_token(meta_for(body, actor, ledger), token_id))


@router.post(
    "/tokens/{token_id}/rotation",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenIssued,
    summary="Rotate a token: revoke it and issue its successor (same name and role) at once",
    **allow_command("RotateToken"),
)
def rotate(token_id: UUID, body: TokenRotation, actor: ActorDep, ledger: LedgerDep) -> TokenIssued:
    issued = ledger.rotate_token(meta_for(body, actor, ledger), token_id, body.valid_days)
    return TokenIssued(**accepted(issued.result).model_dump(), token=issued.secret)


@router.get("/me", response_model=WhoAmI, summary="Who this token acts as", **allow(*ALL_ROLES))
def whoami(actor: ActorDep) -> WhoAmI:
    return WhoAmI(principal_id=actor.principal_id, role=actor.role)
