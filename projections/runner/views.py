"""Keeps stored views current, exactly once.

A view's rows and its tracking position are written in ONE transaction, guarded by a
compare-and-set on the position: two runners racing over the same batch cannot both apply it,
and a runner killed mid-batch leaves neither rows nor position behind.

Views that stand at the same position advance together: the log is read once for them (the
union of their topic filters), each event is decoded once, and every view gets the events of
its own topics in the same transaction. A rebuild replays in big batches for the same reason:
reading and decoding the log, and committing, are most of what a replay costs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.application import Application
from eventsourcing.domain import DomainEventProtocol

from store.database import Database
from store.postgres import ensure_notify_trigger
from store.stored_rows import decode_stored

PositionedEvent = tuple[int, DomainEventProtocol[Any]]
# After each committed batch: (views advanced, position reached, events read in the batch).
BatchReport = Callable[[Sequence[str], int, int], None]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A replay allocates millions of short-lived objects without cycles, which reference
    counting frees; the cycle collector would walk them over and over (15% of a rebuild's CPU
    time, measured). Paused for the replay only, and only if it was running."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class StoredView(Protocol):
    name: str
    schema: str  # change it whenever the table or the fold changes: the view is then rebuilt
    topics: Sequence[str]  # empty: every event

    def create(self, db: Database, cursor: Any) -> None: ...

    def drop(self, db: Database, cursor: Any) -> None: ...

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None: ...


class ViewRunner:
    # Live catch-up: short transactions beside the writers (on SQLite they share one lock).
    BATCH = 1000
    # Replays: fewer queries and commits. Bounded because views may bind one parameter per
    # record a batch touches, and SQLite allows 32766 parameters a statement.
    REBUILD_BATCH = 10000

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
            if self.db.is_postgres:
                # Wakes `ledger project` when events commit (see store/postgres.py).
                ensure_notify_trigger(cursor, self.db.schema, self.app.recorder.events_table_name)  # type: ignore[attr-defined]

    def _ensure_tracking_row(self, cursor: Any, view: StoredView) -> None:
        self.db.execute(
            cursor,
            f"INSERT INTO {self.tracking} (name, position, schema) VALUES (?, 0, ?) "
            "ON CONFLICT (name) DO NOTHING",
            (view.name, view.schema),
        )

    # -- positions -----------------------------------------------------------------------------

    def position(self, name: str) -> int:
        rows = self.db.query(f"SELECT position FROM {self.tracking} WHERE name = ?", (name,))
        return int(rows[0]["position"]) if rows else 0

    def positions(self) -> dict[str, int]:
        """Every view's position, in one query (views without a tracking row are at 0)."""
        rows = self.db.query(f"SELECT name, position FROM {self.tracking}")
        found = {str(r["name"]): int(r["position"]) for r in rows}
        return {name: found.get(name, 0) for name in self.views}

    # -- keeping current -----------------------------------------------------------------------

    def catch_up(
        self,
        name: str,
        *,
        stop: Callable[[], bool] | None = None,
        batch: int | None = None,
        report: BatchReport | None = None,
    ) -> int:
        """Apply everything recorded so far; returns the position the view reflects. `stop` is
        asked between batches (a stopping runner finishes the batch it is in, nothing more)."""
        return self._catch_up([name], stop=stop, batch=batch, report=report)[name]

    def catch_up_all(
        self,
        *,
        stop: Callable[[], bool] | None = None,
        batch: int | None = None,
        report: BatchReport | None = None,
    ) -> dict[str, int]:
        return self._catch_up(list(self.views), stop=stop, batch=batch, report=report)

    def rebuild(
        self, name: str, *, batch: int | None = None, report: BatchReport | None = None
    ) -> int:
        """Drop the view and replay the whole log into it; returns the position reached."""
        return self.rebuild_many([name], batch=batch, report=report)[name]

    def rebuild_all(
        self, *, batch: int | None = None, report: BatchReport | None = None
    ) -> dict[str, int]:
        """Drop every view and replay the log once for all of them."""
        return self.rebuild_many(list(self.views), batch=batch, report=report)

    def rebuild_many(
        self,
        names: Sequence[str],
        *,
        batch: int | None = None,
        report: BatchReport | None = None,
    ) -> dict[str, int]:
        views = [self.views[name] for name in names]
        with self.db.transaction() as cursor:
            for view in views:
                view.drop(self.db, cursor)
                self.db.execute(cursor, f"DELETE FROM {self.tracking} WHERE name = ?", (view.name,))
                view.create(self.db, cursor)
                self._ensure_tracking_row(cursor, view)
        with _collector_paused():
            return self._catch_up(names, batch=batch or self.REBUILD_BATCH, report=report)

    def _catch_up(
        self,
        names: Sequence[str],
        *,
        stop: Callable[[], bool] | None = None,
        batch: int | None = None,
        report: BatchReport | None = None,
    ) -> dict[str, int]:
        """Bring `names` to the head. Each round advances the views furthest behind (those at
        the lowest position) up to the next view's position or the head, one batch at a time,
        so views that start apart join up and are then read for together."""
        limit = batch or self.BATCH
        while True:
            positions = {name: p for name, p in self.positions().items() if name in names}
            head = self.db.head()
            behind = {name: p for name, p in positions.items() if p < head}
            if not behind or (stop is not None and stop()):
                return positions
            lowest = min(behind.values())
            group = [self.views[name] for name, p in behind.items() if p == lowest]
            until = min([p for p in behind.values() if p > lowest], default=head)
            self._advance(group, lowest, until, limit, report)

    def _advance(
        self,
        views: Sequence[StoredView],
        start: int,
        until: int,
        limit: int,
        report: BatchReport | None,
    ) -> None:
        """One batch after `start` (up to `until`) into every view of `views`, each view's
        rows and position in one transaction. A view another runner moved meanwhile is left
        to that runner."""
        topics = self._topics(views)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=limit, stop=until, topics=topics, inclusive_of_start=False
        )
        reached = notifications[-1].id if len(notifications) == limit else until
        mapper = self.app.mapper
        decoded = [(n.topic, (n.id, decode_stored(mapper, n.id, n))) for n in notifications]
        advanced: list[str] = []
        with self.db.transaction() as cursor:
            for view in views:
                self.db.execute(
                    cursor,
                    f"UPDATE {self.tracking} SET position = ? WHERE name = ? AND position = ? "
                    "RETURNING position",
                    (reached, view.name, start),
                )
                if cursor.fetchone() is None:
                    self._check_tracked(cursor, view)
                    continue  # another runner moved first: its transaction has these rows
                wanted = set(view.topics)
                events = [e for topic, e in decoded if not wanted or topic in wanted]
                if events:
                    self.apply(view, cursor, events)
                advanced.append(view.name)
        if report is not None and advanced:
            report(advanced, reached, len(decoded))

    def _check_tracked(self, cursor: Any, view: StoredView) -> None:
        self.db.execute(cursor, f"SELECT 1 FROM {self.tracking} WHERE name = ?", (view.name,))
        if cursor.fetchone() is None:
            raise LookupError(
                f"the {view.name} view has no tracking row: call create_tables() first"
            )

    def apply(self, view: StoredView, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        """Write one batch of a view's rows (inside the batch's transaction)."""
        view.apply(self.db, cursor, events)

    @staticmethod
    def _topics(views: Sequence[StoredView]) -> list[str]:
        """The union of the views' topic filters; empty (every event) if any view reads all."""
        if any(not view.topics for view in views):
            return []
        return sorted({topic for view in views for topic in view.topics})
