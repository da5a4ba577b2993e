"""API tokens as ledger records: an audit can tell who could act, in which role, when.

Only the SHA-256 of the secret is stored. The token's id is uuid5 of that hash, so authenticating
a request is one read by primary key.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.access.errors import (
    TokenRevokedError,
    TokenValidityError,
)
from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    Role,
    business_id,
)

MAX_VALID_DAYS = 3650


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(Aggregate):
    TOPIC = "ledger.ApiToken"

    Created = unused_created_event("ApiToken")

    @staticmethod
    def create_id(secret_hash: str) -> UUID:
        return business_id("token", secret_hash)

    @staticmethod
    def id_for_secret(secret: str) -> UUID:
        return ApiToken.create_id(hash_secret(secret))

    @event("Issued", topic="ledger.ApiToken.Issued")
    def __init__(
        self,
        meta: EventMeta,
        secret_hash: str,
        name: str,
        role: Role,
        expires_on: date | None = None,  # None: issued before tokens expired; never expires
    ) -> None:
        self.secret_hash = secret_hash
        self.name = name  # the principal id that every event sent with this token carries
        self.role = role
        self.issued_on = meta.effective_on
        self.expires_on = expires_on  # the last day it is accepted
        self.revoked = False

    @staticmethod
    def expiry(issued_on: date, valid_days: int) -> date:
        """TokenValidityWithinLimits: a token is valid from its issue for 1 day to 10 years."""
        if not 1 <= valid_days <= MAX_VALID_DAYS:
            raise TokenValidityError(
                f"a token is valid for 1 to {MAX_VALID_DAYS} days, not {valid_days}"
            )
        return issued_on + timedelta(days=valid_days - 1)

    def valid_on(self, day: date) -> bool:
        return not self.revoked and (self.expires_on is None or day <= self.expires_on)

    def revoke(self, meta: EventMeta) -> None:
        if self.revoked:
            raise TokenRevokedError(f"token {self.id} ({self.name}) is already revoked")
        self._revoke(meta)

    @event("Revoked", topic="ledger.ApiToken.Revoked")
    def _revoke(self, meta: EventMeta) -> None:
        self.revoked = True
