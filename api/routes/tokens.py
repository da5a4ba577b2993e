from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, status

from api.auth import ADMINS, ALL_ROLES, allow, allow_command
from api.deps import ActorDep, LedgerDep
from api.problems import PROBLEM_RESPONSES
from api.routes.common import accepted, meta_for
from api.schemas import (
    CommandAccepted,
    CommandOnly,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    TokenRotation,
    TokensPublic,
    WhoAmI,
)
from domain.access.tokens import ApiToken

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


@router.get("/tokens", response_model=TokensPublic, summary="List tokens", **allow(*ADMINS))
def list_tokens(ledger: LedgerDep) -> TokensPublic:
    today = ledger.today()
    return TokensPublic(items=[token_public(t, today) for t in ledger.list_tokens()])


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
