"""Reading domain events for folds: the whole log in order, or the events at given positions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from eventsourcing.application import Application

from projections.runner.views import PositionedEvent
from store.database import Database
from store.stored_rows import decode_stored

BATCH = 1000


def iter_events(
    app: Application[Any],
    *,
    after: int = 0,
    stop: int | None = None,
    topics: Sequence[str] = (),
) -> Iterator[PositionedEvent]:
    """Every event after position `after` up to `stop` (inclusive), in log order."""
    start = after
    while True:
        batch = app.recorder.select_notifications(
            start=start,
            limit=BATCH,
            stop=stop,
            topics=topics,
            inclusive_of_start=False,
        )
        for notification in batch:
            yield notification.id, decode_stored(app.mapper, notification.id, notification)
        if len(batch) < BATCH:
            return
        start = batch[-1].id


def events_at(
    app: Application[Any], db: Database, positions: Sequence[int]
) -> list[PositionedEvent]:
    """The domain events at these log positions, in log order."""
    return [(p, decode_stored(app.mapper, p, s)) for p, s in db.stored_events_at(positions)]
