"""The complaints view and its reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.complaints.complaint import Complaint, SatisfactionRating
from domain.complaints.metrics import ComplaintMetrics, year_earlier
from domain.core.calendar import WorkingCalendar
from projections.records.view import Column, Count, Due, Page, RecordKind, RecordView
from store.database import Database


def _counts(c: Complaint) -> list[Count]:
    """Counted on the day received: the metrics of a period are those of the complaints
    received in it, as they stand now."""
    day = c.received_on.isoformat()
    found = [(day, "received", 1), (day, f"channel:{c.channel.value}", 1)]
    satisfied = c.rating is not None and c.rating is not SatisfactionRating.DISSATISFIED
    for name, counted in (("responded", c.responded), ("resolved", c.resolved),
                          ("rated", c.rating is not None), ("satisfied", satisfied),
                          ("converted", c.case_id is not None)):  # fmt: skip
        if counted:
            found.append((day, name, 1))
    return found


def _awaited(c: Complaint) -> list[Due]:
    step = c.awaited_step
    return [] if step is None else [Due(step[0], step[1])]


COMPLAINTS = RecordKind(
    name="complaints",
    aggregate=Complaint,
    columns=(
        Column("subject_id", lambda c: c.subject_id.hex if c.subject_id else ""),
        Column("channel", lambda c: c.channel.value),
        Column("stage", lambda c: c.stage.value),
        Column("received_on", lambda c: c.received_on.isoformat()),
        Column("responded", lambda c: int(c.responded), "INTEGER"),
        Column("resolved", lambda c: int(c.resolved), "INTEGER"),
        Column("rated", lambda c: int(c.rating is not None), "INTEGER"),
        Column("converted", lambda c: int(c.case_id is not None), "INTEGER"),
        Column(
            "satisfied",
            lambda c: int(c.rating is not None and c.rating is not SatisfactionRating.DISSATISFIED),
            "INTEGER",
        ),
    ),
    indexes=(
        ("subject_id", "opened_position"),
        ("stage", "opened_position"),
        ("received_on", "opened_position"),
    ),
    deadlines=_awaited,
    counts=_counts,
)


@dataclass(frozen=True)
class OverdueComplaint:
    """A complaint past a deadline with the step still missing: `deadline` is "acceptance"
    (no decision on acceptance) or "feedback" (accepted, no reply yet)."""

    complaint: Complaint
    deadline: str
    due: date
    working_days_overdue: int


@dataclass(frozen=True)
class OverdueComplaints:
    items: list[OverdueComplaint]
    next_cursor: str | None


class ComplaintRecords:
    def __init__(self, db: Database, calendar: WorkingCalendar) -> None:
        self.db = db
        self.view = RecordView(db, COMPLAINTS)
        self.calendar = calendar

    def list(
        self,
        *,
        subject_id: UUID | None = None,
        stage: str | None = None,
        channel: str | None = None,
        received_from: date | None = None,
        received_to: date | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Complaints matching every filter given, in the order they were received."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("subject_id", subject_id.hex if subject_id else None),
                              ("stage", stage), ("channel", channel)):  # fmt: skip
            if value is not None:
                where.append(f"r.{column} = ?")
                params.append(value)
        if received_from is not None:
            where.append("r.received_on >= ?")
            params.append(received_from.isoformat())
        if received_to is not None:
            where.append("r.received_on <= ?")
            params.append(received_to.isoformat())
        return self.view.page(
            self.db, tag="complaints", where=where, params=params, cursor=cursor, limit=limit
        )

    def overdue(
        self, as_of: date, *, cursor: str | None = None, limit: int = 50
    ) -> OverdueComplaints:
        """Complaints whose acceptance decision or reply is late on `as_of`, the oldest deadline
        first."""
        page = self.view.overdue(self.db, as_of, cursor=cursor, limit=limit)
        items = [
            OverdueComplaint(
                o.record, o.due.what, o.due.on, self.calendar.working_days_between(o.due.on, as_of)
            )
            for o in page.items
        ]
        return OverdueComplaints(items=items, next_cursor=page.next_cursor)

    def metrics(self, start: date, end: date) -> ComplaintMetrics:
        """The counts of ComplaintMetrics for complaints received in [start, end], and the same
        period a year earlier (from the view's daily counters)."""
        now = self.counts(start, end)
        before = self.counts(year_earlier(start), year_earlier(end))
        return ComplaintMetrics(
            start=start,
            end=end,
            received=now["received"],
            responded=now["responded"],
            resolved=now["resolved"],
            rated=now["rated"],
            satisfied=now["satisfied"],
            previous_received=before["received"],
        )

    def counts(self, start: date, end: date) -> Counter[str]:
        """The daily counters of the complaints received in [start, end]."""
        return self.view.counts(self.db, start.isoformat(), end.isoformat())
