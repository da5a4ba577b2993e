"""Read-your-writes: a read that names a log position (`?after=POSITION`, as returned by every
command) waits until the stored view it reads has applied that position.

Views are kept current in one of two ways (`Services.views_in_process`):
- in-process (the embedded SQLite default, and tests): the reading request catches the view
  up itself, then checks the position;
- external (`ledger project` runs the runner as its own process, PostgreSQL): the request
  polls the view's tracking position for a bounded time.
If the view has not reached the position in time the request fails with 503 and Retry-After,
rather than answering from a view that does not yet show the caller's own write.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Query

from api.services import Services

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
    services: Services, view: str, after: int | None, *, timeout: float = WAIT_SECONDS
) -> int:
    """Bring (in-process) or wait for (external) `view` to reach `after`; returns the position
    the view reflects. Without `after`, in-process views are caught up to the head anyway and
    external ones answer as they stand."""
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
