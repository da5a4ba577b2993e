"""Read-your-writes: a read that names a log position (`?after=POSITION`, as returned by every
command) waits until the stored view it reads has applied that position.

Views are kept current in one of two ways (`Services.views_in_process`):
- in-process (LEDGER_PROJECTIONS=in_process, the default; tests): `ledger serve` runs the
  runner loop in a background thread so views stay current without reads, and the reading
  request also catches the view up itself, then checks the position;
- external (LEDGER_PROJECTIONS=external: `ledger project` runs the runner as its own process,
  woken by LISTEN/NOTIFY on PostgreSQL, so API workers never write views): the request polls
  the view's tracking position for a bounded time.
If the view has not reached the position in time the request fails with 503 and Retry-After,
rather than answering from a view that does not yet show the caller's own write.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Query

from api.services import Services
from api.settings import Settings
from projections.runner.loop import (
    Moves,
    ProjectionLoop,
)
from store.postgres import NotifyListener

WAIT_SECONDS = 2.0
POLL_SECONDS = 0.02

AfterQuery = Annotated[
    int | None,
    Query(
        ge=0,
        description="a log position returned by a command: wait until this read reflects it "
        "(503 with Retry-After if the views are still behind after a short wait)",
    ),
]


class ViewsBehindError(Exception):
    """The view had not reached the requested position within the wait."""

    def __init__(self, view: str, position: int, after: int, retry_after: int = 1) -> None:
        super().__init__(f"the {view} view reflects log position {position}, not yet {after}")
        self.view = view
        self.position = position
        self.after = after
        self.retry_after = retry_after


def wait_for(
    services: Services, view: str, after: int | None, *, timeout: float | None = None
) -> int:
    """Bring (in-process) or wait for (external) `view` to reach `after`; returns the position
    the view reflects. Without `after`, in-process views are caught up to the head anyway and
    external ones answer as they stand."""
    timeout = WAIT_SECONDS if timeout is None else timeout
    runner = services.runner
    if services.views_in_process:
        position = runner.catch_up(view)
        if after is not None and position < after:
            raise ViewsBehindError(view, position, after)
        return position
    position = runner.position(view)
    if after is None or position >= after:
        return position
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        position = runner.position(view)
        if position >= after:
            return position
    raise ViewsBehindError(view, position, after)


def integrity_tick(services: Services) -> Callable[[], object] | None:
    """The verifiable log's periodic method (seal new events, sign a checkpoint when due), if
    this build has one."""
    tick = getattr(getattr(services, "integrity", None), "tick", None)
    return tick if callable(tick) else None


def projection_loop(
    services: Services,
    *,
    poll_seconds: float,
    batch: int | None = None,
    on_moves: Callable[[Moves], None] | None = None,
    on_periodic: Callable[[object], None] | None = None,
) -> ProjectionLoop:
    """The runner loop for these services: woken by LISTEN/NOTIFY on PostgreSQL (polling every
    `poll_seconds` as a fallback), polling on SQLite, which has no notifications."""
    waker = NotifyListener(services.config) if services.config.is_postgres else None
    return ProjectionLoop(
        services.runner,
        waker=waker,
        poll_seconds=poll_seconds,
        batch=batch,
        after_catch_up=integrity_tick(services),
        on_moves=on_moves,
        on_periodic=on_periodic,
        log=logging.getLogger("ledger.projections"),
    )


def start_projections(services: Services, settings: Settings) -> ProjectionLoop | None:
    """For `ledger serve`: with LEDGER_PROJECTIONS=in_process start the runner loop in a
    background thread (the caller stops it); with external, mark the services so requests
    only wait for `ledger project` and never write views."""
    services.views_in_process = settings.projections == "in_process"
    if not services.views_in_process:
        return None
    loop = projection_loop(services, poll_seconds=settings.projections_poll_seconds)
    loop.start()
    return loop
