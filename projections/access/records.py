"""The tokens view and its reads."""

from __future__ import annotations

from domain.access.tokens import ApiToken
from projections.records.view import Column, Page, RecordKind, RecordView, equal_filters
from store.database import Database

TOKENS = RecordKind(
    name="tokens",
    aggregate=ApiToken,
    columns=(
        Column("role", lambda t: t.role.value),
        Column("revoked", lambda t: int(t.revoked), "INTEGER"),
    ),
    indexes=(("role", "opened_position"),),
)


class TokenRecords:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.view = RecordView(db, TOKENS)

    def list(
        self,
        *,
        role: str | None = None,
        revoked: bool | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Tokens in the order they were issued."""
        where, params = equal_filters(
            {"role": role, "revoked": None if revoked is None else int(revoked)}
        )
        return self.view.page(
            self.db, tag="tokens", where=where, params=params, cursor=cursor, limit=limit
        )
