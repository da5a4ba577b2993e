"""The spot-check plans view and its reads."""

from __future__ import annotations

from domain.spot_checks.plan import SpotCheckPlan
from projections.records.view import Column, Page, RecordKind, RecordView, equal_filters
from store.database import Database

PLANS = RecordKind(
    name="spot_check_plans",
    aggregate=SpotCheckPlan,
    columns=(
        Column("year", lambda p: p.year, "INTEGER"),
        Column("subject_kind", lambda p: p.subject_kind),
        Column("status", lambda p: p.status.value),
    ),
    indexes=(("year", "opened_position"), ("status", "opened_position")),
)


class SpotCheckRecords:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.view = RecordView(db, PLANS)

    def list(
        self,
        *,
        year: int | None = None,
        status: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Plans in the order they were proposed."""
        where, params = equal_filters({"year": year, "status": status})
        return self.view.page(
            self.db, tag="spot-checks", where=where, params=params, cursor=cursor, limit=limit
        )
