"""The appeals view and its reads."""

from __future__ import annotations

from uuid import UUID

from domain.appeals.appeal import Appeal
from projections.records.view import Column, Page, RecordKind, RecordView, equal_filters
from store.database import Database

APPEALS = RecordKind(
    name="appeals",
    aggregate=Appeal,
    columns=(
        Column("target_id", lambda a: a.target_id.hex),
        Column("target_kind", lambda a: a.target_kind),
        Column("kind", lambda a: a.kind.value),
        Column("status", lambda a: a.status.value),
        Column("filed_on", lambda a: a.filed_on.isoformat()),
    ),
    indexes=(("target_id", "opened_position"), ("status", "opened_position")),
)


class AppealRecords:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.view = RecordView(db, APPEALS)

    def list(
        self,
        *,
        target_id: UUID | None = None,
        status: str | None = None,
        kind: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Appeals matching every filter given, in the order they were filed."""
        where, params = equal_filters(
            {"target_id": target_id.hex if target_id else None, "status": status, "kind": kind}
        )
        return self.view.page(
            self.db, tag="appeals", where=where, params=params, cursor=cursor, limit=limit
        )
