"""Bearer tokens as ledger records."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.access.tokens import (
    ApiToken,
    hash_secret,
)
from domain.core.pipeline import CommandResult
from domain.core.policy_commands import PolicyCommands
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)


@dataclass(frozen=True)
class IssuedToken:
    result: CommandResult
    secret: str | None  # shown once; None when the issue command is a replay


def _new_token(meta: EventMeta, name: str, role: Role, expires_on: date) -> tuple[ApiToken, str]:
    secret = "clg_" + secrets.token_urlsafe(32)
    token = ApiToken(
        meta=meta, secret_hash=hash_secret(secret), name=name, role=role, expires_on=expires_on
    )
    return token, secret


class TokenCommands(PolicyCommands):
    def _expires_on(self, meta: EventMeta, valid_days: int | None) -> date:
        days = valid_days or self.policy_on(meta.effective_on).token_valid_days
        return ApiToken.expiry(meta.effective_on, days)

    def issue_token(
        self, meta: EventMeta, name: str, role: Role, valid_days: int | None = None
    ) -> IssuedToken:
        """A new token, valid for `valid_days` (the policy's token_valid_days if None)."""
        issued: list[str] = []

        def decide() -> tuple[UUID, list[Aggregate]]:
            token, secret = _new_token(meta, name, role, self._expires_on(meta, valid_days))
            issued.append(secret)
            return token.id, [token]

        args = {"name": name, "role": role, "valid_days": valid_days}
        result = self._execute("IssueToken", meta, args, decide)
        return IssuedToken(result=result, secret=issued[-1] if issued else None)

    def rotate_token(
        self, meta: EventMeta, token_id: UUID, valid_days: int | None = None
    ) -> IssuedToken:
        """Revoke a token and issue its successor (same name and role) in one transaction."""
        issued: list[str] = []

        def decide() -> tuple[UUID, list[Aggregate]]:
            old = self._get(ApiToken, token_id, "token")
            old.revoke(meta)
            token, secret = _new_token(meta, old.name, old.role, self._expires_on(meta, valid_days))
            issued.append(secret)
            return token.id, [old, token]

        args = {"id": token_id, "valid_days": valid_days}
        result = self._execute("RotateToken", meta, args, decide)
        return IssuedToken(result=result, secret=issued[-1] if issued else None)

    def revoke_token(self, meta: EventMeta, token_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            token = self._get(ApiToken, token_id, "token")
            token.revoke(meta)
            return token.id, [token]

        return self._execute("RevokeToken", meta, {"id": token_id}, decide)

    def authenticate(self, secret: str) -> Actor | None:
        """The actor a bearer secret stands for, or None if unknown, revoked or expired."""
        token = self.token_for_secret(secret)
        if token is None or not token.valid_on(self.today()):
            return None
        return Actor(principal_id=token.name, role=token.role)

    def token_for_secret(self, secret: str) -> ApiToken | None:
        try:
            token: object = self.repository.get(ApiToken.id_for_secret(secret))
        except AggregateNotFoundError:
            return None
        return token if isinstance(token, ApiToken) else None

    def get_token(self, token_id: UUID) -> ApiToken:
        return self._get(ApiToken, token_id, "token")
