"""`ledger project | rebuild`: the stored views at the console.

`project` is the view runner as its own process (LEDGER_PROJECTIONS=external: API workers then
only read views). `rebuild` drops views and replays the log into them.
"""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from api.cli.opening import (
    open_ledger,
    settings,
)
from api.consistency import projection_loop
from api.services import Services
from api.settings import Settings
from projections.integrity.audit import audit
from projections.integrity.service import IntegrityService
from projections.runner.loop import Moves
from projections.runner.views import ViewRunner
from store.postgres import notify_channel

console = Console()
MERKLE = "merkle"  # the verifiable log, sealed by the integrity service rather than the runner


def _services(settings: Settings) -> Services:
    return open_ledger(settings, announce=console)


def _shown(url: str) -> str:
    """The database URL without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def _positions(positions: dict[str, int]) -> str:
    return ", ".join(f"{name} {position}" for name, position in positions.items())


def project(
    once: Annotated[bool, typer.Option("--once", help="catch up, then exit")] = False,
    poll: Annotated[
        float | None,
        typer.Option(
            min=0.01,
            help="seconds between polls (SQLite) or fallback polls beside LISTEN/NOTIFY "
            "(PostgreSQL); default LEDGER_PROJECTIONS_POLL_SECONDS",
        ),
    ] = None,
    batch: Annotated[
        int, typer.Option(min=1, help="events per transaction while catching up")
    ] = ViewRunner.BATCH,
) -> None:
    """Keep every stored view current: the view runner as its own process.

    Exactly once: each batch's rows and position commit together. Stops cleanly on SIGTERM or
    Ctrl-C (the batch in progress commits or is not applied at all)."""
    config = settings()
    services = _services(config)
    poll_seconds = poll or config.projections_poll_seconds

    def moved(moves: Moves) -> None:
        console.log(", ".join(f"{name} {old} → {new}" for name, (old, new) in moves.items()))

    def periodic(done: object) -> None:
        size = getattr(done, "tree_size", None)
        if size is not None:
            console.log(f"signed a checkpoint of the verifiable log at tree size {size}")

    loop = projection_loop(
        services, poll_seconds=poll_seconds, batch=batch, on_moves=moved, on_periodic=periodic
    )
    try:
        console.print(
            f"Projecting {_shown(config.database_url)}: log head {services.db.head()}; "
            f"views at {_positions(services.runner.positions())}"
        )
        if config.projections == "in_process" and not once:
            console.print(
                "[yellow]LEDGER_PROJECTIONS is in_process[/]: API workers also write views "
                "(harmless, exactly once); set LEDGER_PROJECTIONS=external to leave it to "
                "this process."
            )
        if once:
            positions = loop.run_once()
            console.print(f"Caught up: {_positions(positions)}")
            return
        if services.config.is_postgres:
            schema = services.config.env.get("POSTGRES_SCHEMA", "public")
            console.print(
                f"Woken by LISTEN/NOTIFY on channel {notify_channel(schema)}, polling every "
                f"{poll_seconds:g}s as a fallback. SIGTERM or Ctrl-C stops."
            )
        else:
            console.print(
                f"Polling every {poll_seconds:g}s (SQLite has no notifications). "
                "SIGTERM or Ctrl-C stops."
            )
        received: list[str] = []

        def stop(signum: int, _frame: FrameType | None) -> None:
            received.append(signal.Signals(signum).name)
            loop.stop()

        previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            loop.run()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
        console.print(
            f"Stopped ({', '.join(received) or 'stop requested'}) at "
            f"{_positions(services.runner.positions())}"
        )
    finally:
        if loop.waker is not None:
            loop.waker.close()
        services.close()


def rebuild(
    name: Annotated[
        str | None, typer.Argument(help="the view to rebuild; every view when left out")
    ] = None,
    one_pass: Annotated[
        bool,
        typer.Option(
            "--one-pass", help="replay the log once for all views (each event decoded once)"
        ),
    ] = False,
    batch: Annotated[
        int, typer.Option(min=1, help="events per transaction")
    ] = ViewRunner.REBUILD_BATCH,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="re-seal the verifiable log even when the stored events disagree with it or "
            "with a checkpoint (what the sealed tree proves is then lost)",
        ),
    ] = False,
) -> None:
    """Drop stored views and replay the log into them; prints events/s.

    Every view when no NAME is given, one after another (or all in one pass with --one-pass),
    then the verifiable log (`merkle`). The sealed tree is evidence, so it is replaced only if
    the stored events first check out as in `ledger verify` (else exit 1, nothing re-sealed,
    unless --force); the new tree is then held against the latest signed checkpoint. Readers
    and `ledger project` may keep running meanwhile."""
    services = _services(settings())
    try:
        runner = services.runner
        known = [*runner.views, MERKLE]
        if name is not None and name not in known:
            console.print(f"[red]no view named {name!r}[/]; the views are: {', '.join(known)}")
            raise typer.Exit(2)
        names = [name] if name else known
        head = services.db.head()
        console.print(f"Log head {head}; rebuilding {', '.join(names)}")
        views = [n for n in names if n != MERKLE]
        groups = ([views] if one_pass else [[n] for n in views]) if views else []
        table = Table("view", "events", "seconds", "events/s", "log positions/s")

        def row(label: str, events: int, seconds: float) -> None:
            rate = events / seconds if seconds else 0.0
            per_position = head / seconds if seconds else 0.0
            table.add_row(
                label, f"{events:,}", f"{seconds:.2f}", f"{rate:,.0f}", f"{per_position:,.0f}"
            )
            console.print(f"{label}: {events:,} events in {seconds:.2f}s, {rate:,.0f} events/s")

        for group in groups:
            label = "all views" if len(group) > 1 else group[0]
            row(label, *_rebuild(runner, group, label, head, batch))
        held = True
        if MERKLE in names:
            held = force or _stored_events_check_out(services.integrity)
            if held:
                row(MERKLE, *_reseal(services.integrity, head))
                held = _holds_latest_checkpoint(services.integrity)
        console.print(table)
        if not held:
            raise typer.Exit(1)
    finally:
        services.close()


def _bar(label: str) -> Progress:
    return Progress(
        TextColumn(f"rebuilding {label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _reseal(integrity: IntegrityService, head: int) -> tuple[int, float]:
    """(events sealed, seconds) for sealing the verifiable log again, with a progress bar."""
    with _bar(MERKLE) as progress:
        task = progress.add_task(MERKLE, total=max(head, 1))
        started = time.perf_counter()
        size = integrity.rebuild(
            lambda _size, position: progress.update(task, completed=min(position, head))
        )
        seconds = time.perf_counter() - started
        progress.update(task, completed=max(head, 1))
    return size, seconds


def _stored_events_check_out(integrity: IntegrityService) -> bool:
    """`ledger verify` before the sealed tree is dropped: a tree re-sealed over rewritten events
    would no longer show where they were changed."""
    with _bar(f"{MERKLE}: checking the stored events first") as progress:
        task = progress.add_task(MERKLE, total=max(integrity.db.event_count(), 1))
        report = audit(integrity, progress=lambda n: progress.advance(task, n))
    if report.ok:
        return True
    first = report.first or report.findings[0]
    console.print(
        f"[red]merkle: not rebuilt[/]: the stored events do not check out ({first.kind}: "
        f"{first.detail}). The sealed tree is what shows it, so it is kept; `ledger verify` "
        "lists every finding, and --force re-seals anyway."
    )
    return False


def _holds_latest_checkpoint(integrity: IntegrityService) -> bool:
    latest = integrity.checkpoints.latest()
    if latest is None:
        console.print("merkle: no checkpoint signed yet to hold the rebuilt tree against")
        return True
    if integrity.holds_checkpoint(latest):
        console.print(
            f"merkle: the rebuilt tree has, at size {latest.tree_size}, the root the latest "
            "checkpoint signed"
        )
        return True
    console.print(
        f"[red]merkle: the rebuilt tree does not have, at size {latest.tree_size}, the root the "
        "latest checkpoint signed: stored events changed after it was signed. Run `ledger "
        "verify` to find where; the ledger will not sign this tree.[/]"
    )
    return False


def _rebuild(
    runner: ViewRunner, names: list[str], label: str, head: int, batch: int
) -> tuple[int, float]:
    """(events replayed, seconds) for one rebuild with its own progress bar."""
    events = 0
    with _bar(label) as progress:
        task = progress.add_task(label, total=max(head, 1))

        def report(_views: object, reached: int, read: int) -> None:
            nonlocal events
            events += read
            progress.update(task, completed=min(reached, head))

        started = time.perf_counter()
        runner.rebuild_many(names, batch=batch, report=report)
        seconds = time.perf_counter() - started
        progress.update(task, completed=max(head, 1))
    return events, seconds


def register(app: typer.Typer) -> None:
    app.command()(project)
    app.command()(rebuild)
