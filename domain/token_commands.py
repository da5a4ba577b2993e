"""Bearer tokens as ledger records."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.core import CommandResult, LedgerCore
from domain.tokens import ApiToken, hash_secret
from domain.values import Actor, EventMeta, Role


@dataclass(frozen=True)
class IssuedToken:
    result: CommandResult
    secret: str | None  # shown once; None when the issue command is a replay


class TokenCommands(LedgerCore):
    def issue_token(self, meta: EventMeta, name: str, role: Role) -> IssuedToken:
        secret = "clg_" + secrets.token_urlsafe(32)

        def decide() -> tuple[UUID, list[Aggregate]]:
            token = ApiToken(meta=meta, secret_hash=hash_secret(secret), name=name, role=role)
            return token.id, [token]

        result = self._execute("IssueToken", meta, {"name": name, "role": role}, decide)
        return IssuedToken(result=result, secret=None if result.replayed else secret)

    def revoke_token(self, meta: EventMeta, token_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            token = self._get(ApiToken, token_id, "token")
            token.revoke(meta)
            return token.id, [token]

        return self._execute("RevokeToken", meta, {"id": token_id}, decide)

    def authenticate(self, secret: str) -> Actor | None:
        """The actor a bearer secret stands for, or None if unknown or revoked."""
        try:
            token: object = self.repository.get(ApiToken.id_for_secret(secret))
        except AggregateNotFoundError:
            return None
        if not isinstance(token, ApiToken) or token.revoked:
            return None
        return Actor(principal_id=token.name, role=token.role)

    def list_tokens(self) -> list[ApiToken]:
        return self._all(ApiToken, ApiToken.Issued.TOPIC)  # type: ignore[attr-defined]
