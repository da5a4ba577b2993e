"""The runner as a long-running loop: catch every view up, run the periodic work that follows
(signing checkpoints of the verifiable log), then sleep until woken or until the poll interval
has passed.

Used by `ledger project` (its own process; on PostgreSQL woken by LISTEN/NOTIFY) and by `ledger
serve` (a background thread, so in-process views stay current even when nobody reads them).
Stopping is cooperative: the loop finishes the batch it is in (whose rows and position commit
together) and returns; a process killed instead loses only that uncommitted batch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from projections.runner.views import ViewRunner

# How often a stopping loop notices, at most, while it waits for a notification.
STOP_CHECK_SECONDS = 0.25


class Waker(Protocol):
    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True if there may be new events."""
        ...

    def close(self) -> None: ...


Moves = dict[str, tuple[int, int]]  # view -> (position before, position after) of a pass


class ProjectionLoop:
    def __init__(
        self,
        runner: ViewRunner,
        *,
        waker: Waker | None = None,
        poll_seconds: float = 0.5,
        batch: int | None = None,
        after_catch_up: Callable[[], object] | None = None,
        on_moves: Callable[[Moves], None] | None = None,
        on_periodic: Callable[[object], None] | None = None,
        retry_seconds: float = 0.5,
        log: logging.Logger | None = None,
    ) -> None:
        """`after_catch_up` runs after every pass (the integrity service's tick); a failure
        there is logged and the loop goes on. `on_moves` hears which views a pass moved,
        `on_periodic` what `after_catch_up` returned when it was not None."""
        self.runner = runner
        self.waker = waker
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.after_catch_up = after_catch_up
        self.on_moves = on_moves
        self.on_periodic = on_periodic
        self.retry_seconds = retry_seconds
        self.log = log or logging.getLogger("ledger.projections")
        self.stopping = threading.Event()
        self.passes = 0
        self._thread: threading.Thread | None = None

    # -- one pass ------------------------------------------------------------------------------

    def run_once(self) -> dict[str, int]:
        """Catch every view up (stopping early if asked to), then the periodic work."""
        before = self.runner.positions()
        after = self.runner.catch_up_all(stop=self.stopping.is_set, batch=self.batch)
        self.passes += 1
        moves = {n: (before[n], p) for n, p in after.items() if p != before.get(n)}
        if moves and self.on_moves is not None:
            self.on_moves(moves)
        if self.after_catch_up is not None and not self.stopping.is_set():
            try:
                done = self.after_catch_up()
            except Exception:
                self.log.exception("periodic work after catching up failed; views are current")
            else:
                if done is not None and self.on_periodic is not None:
                    self.on_periodic(done)
        return after

    # -- the loop ------------------------------------------------------------------------------

    def run(self) -> None:
        """Until `stop()`: a pass, then wait for a wake-up or the poll interval. A failing pass
        (the database restarting, say) is logged and retried with a growing pause."""
        failures = 0
        while not self.stopping.is_set():
            try:
                self.run_once()
            except Exception:
                failures += 1
                pause = min(30.0, self.retry_seconds * 2 ** min(failures - 1, 6))
                self.log.exception(
                    "catching up failed (%d in a row); retrying in %.1fs", failures, pause
                )
                self.stopping.wait(pause)
                continue
            failures = 0
            self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + self.poll_seconds
        while not self.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            if self.waker is None:
                self.stopping.wait(remaining)
                return
            if self.waker.wait(min(remaining, STOP_CHECK_SECONDS)):
                return

    def stop(self) -> None:
        self.stopping.set()

    # -- as a background thread ----------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run_then_close, name="ledger-projections")
        self._thread.daemon = True  # never keeps a process alive; stop() is the clean way out
        self._thread.start()

    def _run_then_close(self) -> None:
        try:
            self.run()
        finally:
            if self.waker is not None:
                self.waker.close()

    def stop_and_join(self, timeout: float = 10.0) -> None:
        self.stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
