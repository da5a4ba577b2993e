"""The sanction-cases view and its reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.calendar import Deadline
from domain.sanctions.case import SanctionCase
from projections.records.view import (
    Column,
    Count,
    Page,
    RecordKind,
    RecordView,
    by_prefix,
    equal_filters,
    open_deadlines,
    recompute_publication,
)
from store.database import Database


def _counts(c: SanctionCase) -> list[Count]:
    """Decided on the day decided (by sanction unless annulled, and annulled ones); opened on
    the day opened, by origin."""
    found: list[Count] = [(c.opened_on.isoformat(), f"opened:{c.origin.value}", 1)]
    if c.decided_on is not None:
        day = c.decided_on.isoformat()
        found.append((day, "decided", 1))
        if c.annulled:
            found.append((day, "annulled", 1))
        elif c.terms is not None:
            found.append((day, f"sanction:{c.terms.kind.value}", 1))
    return found


SANCTIONS = RecordKind(
    name="sanctions",
    aggregate=SanctionCase,
    columns=(
        Column("subject_id", lambda c: c.subject_id.hex),
        Column("stage", lambda c: c.stage.value),
        Column("origin", lambda c: c.origin.value),
        Column("opened_on", lambda c: c.opened_on.isoformat()),
        Column("decided_on", lambda c: c.decided_on.isoformat() if c.decided_on else ""),
        Column("sanction", lambda c: c.terms.kind.value if c.terms else ""),
        Column("annulled", lambda c: int(c.annulled), "INTEGER"),
    ),
    indexes=(
        ("subject_id", "opened_position"),
        ("stage", "opened_position"),
        ("decided_on",),
        ("opened_on",),
    ),
    deadlines=open_deadlines,
    counts=_counts,
)


@dataclass(frozen=True)
class OverdueSanction:
    """A case past a deadline: the decision (90 days) or its publication (7 working days)."""

    case: SanctionCase
    what: str  # "decision" | "publication"
    due: date
    provisional: bool
    days_overdue: int


@dataclass(frozen=True)
class OverdueSanctions:
    items: list[OverdueSanction]
    next_cursor: str | None


class SanctionRecords:
    def __init__(
        self, db: Database, publication_deadline: Callable[[SanctionCase], Deadline | None]
    ) -> None:
        """`publication_deadline`: the ledger's (recomputes a provisional deadline)."""
        self.db = db
        self.view = RecordView(db, SANCTIONS)
        self.publication_deadline = publication_deadline

    def list(
        self,
        *,
        subject_id: UUID | None = None,
        stage: str | None = None,
        origin: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Cases matching every filter given, in the order they were opened."""
        where, params = equal_filters(
            {"subject_id": subject_id.hex if subject_id else None, "stage": stage, "origin": origin}
        )
        return self.view.page(
            self.db, tag="sanctions", where=where, params=params, cursor=cursor, limit=limit
        )

    def metrics(self, start: date, end: date) -> dict[str, Any]:
        """Cases decided in [start, end] (by sanction as it stands, annulled ones apart), and
        cases opened in it from complaints."""
        counted = self.view.counts(self.db, start.isoformat(), end.isoformat())
        return {
            "decided": counted["decided"],
            "by_kind": by_prefix(counted, "sanction:"),
            "annulled_on_appeal": counted["annulled"],
            "opened_from_complaints": counted["opened:complaint"],
        }

    def overdue(
        self, as_of: date, *, cursor: str | None = None, limit: int = 50
    ) -> OverdueSanctions:
        """Cases not decided within the decision deadline, and decisions not published within
        the publication deadline, on `as_of`; the oldest deadline first. An alert only."""

        page = self.view.overdue(
            self.db,
            as_of,
            cursor=cursor,
            limit=limit,
            recompute=recompute_publication(self.publication_deadline),
        )
        items = [
            OverdueSanction(
                o.record, o.due.what, o.due.on, o.due.provisional, (as_of - o.due.on).days
            )
            for o in page.items
        ]
        return OverdueSanctions(items=items, next_cursor=page.next_cursor)
