"""`ledger ...` in a child process, optionally with the view runner stopping in the middle of a
batch: with RUNNER_PAUSE_MARKER set, after RUNNER_PAUSE_AFTER views' batches have been applied
normally, the next one writes half of its rows, writes the marker file (the view's name and the
positions it wrote) and sleeps inside its transaction until the test SIGKILLs the process.
With RUNNER_SLOW_SECONDS set, every view's batch takes that much longer (inside its
transaction), so a test can kill the runner while it is still catching up.

Run as `python -m tests.integration.runner_child project --once`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from api.cli.main import main
from projections.runner.views import (
    PositionedEvent,
    StoredView,
    ViewRunner,
)


def pause_mid_batch(marker: Path, after: int) -> None:
    original = ViewRunner.apply
    applied = 0

    def apply(
        self: ViewRunner, view: StoredView, cursor: Any, events: Sequence[PositionedEvent]
    ) -> None:
        nonlocal applied
        if applied >= after and len(events) > 1:
            half = events[: len(events) // 2]
            original(self, view, cursor, half)  # part of the batch's rows are written...
            written = {"view": view.name, "positions": [p for p, _ in half]}
            marker.write_text(json.dumps(written), encoding="utf-8")
            time.sleep(3600)  # ...and the transaction is still open when the test kills us
        applied += 1
        original(self, view, cursor, events)

    ViewRunner.apply = apply  # type: ignore[method-assign]


def slow_down(seconds: float) -> None:
    original = ViewRunner.apply

    def apply(
        self: ViewRunner, view: StoredView, cursor: Any, events: Sequence[PositionedEvent]
    ) -> None:
        original(self, view, cursor, events)
        time.sleep(seconds)

    ViewRunner.apply = apply  # type: ignore[method-assign]


if __name__ == "__main__":
    if os.environ.get("RUNNER_PAUSE_MARKER"):
        pause_mid_batch(
            Path(os.environ["RUNNER_PAUSE_MARKER"]), int(os.environ.get("RUNNER_PAUSE_AFTER", "0"))
        )
    if os.environ.get("RUNNER_SLOW_SECONDS"):
        slow_down(float(os.environ["RUNNER_SLOW_SECONDS"]))
    main()
