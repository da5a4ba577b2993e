"""The inspections and checklists views and their reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.calendar import Deadline
from domain.inspections.checklists import Checklist
from domain.inspections.inspection import Inspection
from domain.inspections.values import InspectionStatus
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


def _counts(i: Inspection) -> list[Count]:
    """Done on the day concluded (by kind, and by result unless annulled); published on the
    day published. A cancelled inspection counts for nothing."""
    if i.status is InspectionStatus.CANCELLED:
        return []
    found: list[Count] = []
    if i.concluded_on is not None:
        day = i.concluded_on.isoformat()
        found += [(day, "done", 1), (day, f"kind:{i.kind.value}", 1)]
        if i.result is not None and not i.annulled:
            found.append((day, f"result:{i.result.value}", 1))
    if i.published_on is not None:
        found.append((i.published_on.isoformat(), "published", 1))
    return found


INSPECTIONS = RecordKind(
    name="inspections",
    aggregate=Inspection,
    columns=(
        Column("subject_id", lambda i: i.subject_id.hex),
        Column("kind", lambda i: i.kind.value),
        Column("status", lambda i: i.status.value),
        Column("unit", lambda i: i.supervising_unit or ""),
        Column("planned_on", lambda i: i.planned_on.isoformat()),
        Column("concluded_on", lambda i: i.concluded_on.isoformat() if i.concluded_on else ""),
        Column("result", lambda i: i.result.value if i.result else ""),
        Column("annulled", lambda i: int(i.annulled), "INTEGER"),
        Column("published_on", lambda i: i.published_on.isoformat() if i.published_on else ""),
    ),
    indexes=(
        ("subject_id", "opened_position"),
        ("status", "opened_position"),
        ("unit", "opened_position"),
        ("planned_on", "opened_position"),
        ("concluded_on",),
        ("published_on",),
    ),
    deadlines=open_deadlines,
    counts=_counts,
)

CHECKLISTS = RecordKind(
    name="checklists",
    aggregate=Checklist,
    columns=(Column("kind", lambda c: c.kind.value),),
    indexes=(("kind", "opened_position"),),
)


@dataclass(frozen=True)
class OverdueInspection:
    """Something due on an inspection that has not happened by `as_of` (an alert)."""

    inspection: Inspection
    what: str  # "publication" or "rectification"
    due_on: date
    provisional: bool  # due date computed past the years the calendar knows
    days_overdue: int  # calendar days after the due date


@dataclass(frozen=True)
class OverdueInspections:
    items: list[OverdueInspection]
    next_cursor: str | None


class InspectionRecords:
    def __init__(
        self, db: Database, publication_deadline: Callable[[Inspection], Deadline | None]
    ) -> None:
        """`publication_deadline`: the ledger's, which recomputes a provisional deadline with
        the calendar as it is now."""
        self.db = db
        self.view = RecordView(db, INSPECTIONS)
        self.checklists = RecordView(db, CHECKLISTS)
        self.publication_deadline = publication_deadline

    def views(self) -> list[RecordView]:
        return [self.view, self.checklists]

    def list(
        self,
        *,
        subject_id: UUID | None = None,
        status: str | None = None,
        kind: str | None = None,
        unit: str | None = None,
        planned_from: date | None = None,
        planned_to: date | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Inspections matching every filter given, in the order they were planned."""
        where, params = equal_filters(
            {
                "subject_id": subject_id.hex if subject_id else None,
                "status": status,
                "kind": kind,
                "unit": unit,
            }
        )
        if planned_from is not None:
            where.append("r.planned_on >= ?")
            params.append(planned_from.isoformat())
        if planned_to is not None:
            where.append("r.planned_on <= ?")
            params.append(planned_to.isoformat())
        return self.view.page(
            self.db, tag="inspections", where=where, params=params, cursor=cursor, limit=limit
        )

    def overdue(
        self,
        as_of: date,
        *,
        what: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> OverdueInspections:
        """Results not published by their deadline and rectifications not verified by their
        due date on `as_of`, the oldest deadline first."""

        page = self.view.overdue(
            self.db,
            as_of,
            whats=(what,) if what else (),
            cursor=cursor,
            limit=limit,
            recompute=recompute_publication(self.publication_deadline),
        )
        items = [
            OverdueInspection(
                o.record, o.due.what, o.due.on, o.due.provisional, (as_of - o.due.on).days
            )
            for o in page.items
        ]
        return OverdueInspections(items=items, next_cursor=page.next_cursor)

    def metrics(self, start: date, end: date) -> dict[str, Any]:
        """Inspections concluded in [start, end] (by kind, by result as it stands), and results
        published in it."""
        counted = self.view.counts(self.db, start.isoformat(), end.isoformat())
        return {
            "done": counted["done"],
            "by_kind": by_prefix(counted, "kind:"),
            "by_result": by_prefix(counted, "result:"),
            "published": counted["published"],
        }

    def list_checklists(
        self, *, kind: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page:
        where, params = equal_filters({"kind": kind})
        return self.checklists.page(
            self.db, tag="checklists", where=where, params=params, cursor=cursor, limit=limit
        )
