from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.auth import ADMINS, ALL_ROLES, allow
from api.deps import ActorDep, LedgerDep
from api.problems import PROBLEM_RESPONSES
from api.routes.common import accepted, meta_for
from api.schemas import (
    CommandAccepted,
    CommandOnly,
    TokenCreate,
    TokenIssued,
    TokenPublic,
    TokensPublic,
    WhoAmI,
)
from domain.tokens import ApiToken

router = APIRouter(tags=["tokens"], responses=PROBLEM_RESPONSES)


def token_public(token: ApiToken) -> TokenPublic:
    return TokenPublic(
        id=token.id,
        name=token.name,
        role=token.role,
        revoked=token.revoked,
        issued_at=token.created_on,
    )


@router.post(
    "/tokens",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenIssued,
    summary="Issue a bearer token (the secret is shown once; only its hash is stored)",
    **allow(*ADMINS),
)
def issue(body: TokenCreate, actor: ActorDep, ledger: LedgerDep) -> TokenIssued:
    issued = ledger.issue_token(meta_for(body, actor, ledger), body.name, body.role)
    return TokenIssued(**accepted(issued.result).model_dump(), token=issued.secret)


@router.get("/tokens", response_model=TokensPublic, summary="List tokens", **allow(*ADMINS))
def list_tokens(ledger: LedgerDep) -> TokensPublic:
    return TokensPublic(items=[token_public(t) for t in ledger.list_tokens()])


@router.post(
    "/tokens/{token_id}/revocation",
    response_model=CommandAccepted,
    summary="Revoke a token",
    **allow(*ADMINS),
)
def revoke(
    token_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.revoke_token(meta_for(body, actor, ledger), token_id))


@router.get("/me", response_model=WhoAmI, summary="Who this token acts as", **allow(*ALL_ROLES))
def whoami(actor: ActorDep) -> WhoAmI:
    return WhoAmI(principal_id=actor.principal_id, role=actor.role)
