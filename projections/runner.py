"""Keeps stored views current, exactly once.

A view's rows and its tracking position are written in ONE transaction, guarded by a
compare-and-set on the position: two runners racing over the same batch cannot both apply it,
and a runner killed mid-batch leaves neither rows nor position behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol

from store.database import Database

PositionedEvent = tuple[int, DomainEventProtocol[Any]]


class StoredView(Protocol):
    name: str
    schema: str  # change it whenever the table or the fold changes: the view is then rebuilt
    topics: Sequence[str]  # empty: every event

    def create(self, db: Database, cursor: Any) -> None: ...

    def drop(self, db: Database, cursor: Any) -> None: ...

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None: ...


class ViewRunner:
    BATCH = 1000

    def __init__(self, app: Application[Any], db: Database, views: Sequence[StoredView]):
        self.app = app
        self.db = db
        self.views = {view.name: view for view in views}
        self.tracking = db.table("view_tracking")

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            self.db.execute(
                cursor,
                f"CREATE TABLE IF NOT EXISTS {self.tracking} "
                "(name TEXT PRIMARY KEY, position BIGINT NOT NULL, schema TEXT NOT NULL)",
            )
            for view in self.views.values():
                self.db.execute(
                    cursor, f"SELECT schema FROM {self.tracking} WHERE name = ?", (view.name,)
                )
                found = cursor.fetchone()
                if found is not None and found["schema"] != view.schema:
                    # The view's shape or fold changed since it was built: start it again.
                    view.drop(self.db, cursor)
                    self.db.execute(
                        cursor, f"DELETE FROM {self.tracking} WHERE name = ?", (view.name,)
                    )
                view.create(self.db, cursor)
                self._ensure_tracking_row(cursor, view)

    def _ensure_tracking_row(self, cursor: Any, view: StoredView) -> None:
        self.db.execute(
            cursor,
            f"INSERT INTO {self.tracking} (name, position, schema) VALUES (?, 0, ?) "
            "ON CONFLICT (name) DO NOTHING",
            (view.name, view.schema),
        )

    def position(self, name: str) -> int:
        rows = self.db.query(f"SELECT position FROM {self.tracking} WHERE name = ?", (name,))
        return int(rows[0]["position"]) if rows else 0

    def catch_up(self, name: str) -> int:
        """Apply everything recorded so far; returns the position the view reflects."""
        view = self.views[name]
        while True:
            position = self.position(name)
            head = self.db.head()
            if position >= head:
                return position
            notifications = self.app.recorder.select_notifications(
                start=position,
                limit=self.BATCH,
                stop=head,
                topics=view.topics,
                inclusive_of_start=False,
            )
            reached = notifications[-1].id if len(notifications) == self.BATCH else head
            events = [(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]
            with self.db.transaction() as cursor:
                self.db.execute(
                    cursor,
                    f"UPDATE {self.tracking} SET position = ? WHERE name = ? AND position = ? "
                    "RETURNING position",
                    (reached, name, position),
                )
                if cursor.fetchone() is None:
                    # Another runner moved first; leave this transaction empty and look again.
                    continue
                view.apply(self.db, cursor, events)

    def catch_up_all(self) -> dict[str, int]:
        return {name: self.catch_up(name) for name in self.views}

    def rebuild(self, name: str) -> int:
        view = self.views[name]
        with self.db.transaction() as cursor:
            view.drop(self.db, cursor)
            self.db.execute(cursor, f"DELETE FROM {self.tracking} WHERE name = ?", (name,))
            view.create(self.db, cursor)
            self._ensure_tracking_row(cursor, view)
        return self.catch_up(name)
