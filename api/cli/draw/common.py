"""What every `ledger draw` command shares: its consoles and options, opening the
ledger, acting as a token's holder, and the check of that holder against api/access.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from api.access import RoleNotAllowedError, check_command
from api.cli.opening import (
    cli_actor,
    open_ledger,
    unwrapped,
)
from api.services import Services
from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
)

console = Console()
notices = Console(stderr=True)
say = unwrapped(console)

TokenOption = Annotated[
    str | None,
    typer.Option("--token", envvar="LEDGER_TOKEN", help="act as this token's holder"),
]
ReasonOption = Annotated[str, typer.Option(help="why (recorded with the event)")]
OnOption = Annotated[
    str | None, typer.Option("--effective-on", help="business date YYYY-MM-DD (today)")
]
CommandIdOption = Annotated[str | None, typer.Option(help="idempotency key (generated)")]


@contextmanager
def opened(*, read_only: bool = False) -> Iterator[Services]:
    services = open_ledger(read_only=read_only, announce=notices)
    try:
        yield services
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}")
        raise typer.Exit(2) from None
    except ValidationError as exc:
        console.print(f"[red]invalid input[/]: {exc}")
        raise typer.Exit(2) from None
    finally:
        services.close()


def token_actor(services: Services, token: str | None) -> Actor:
    if token is None:
        return cli_actor()
    actor = services.ledger.authenticate(token)
    if actor is None:
        console.print("[red]the token is unknown, revoked or expired[/]")
        raise typer.Exit(2)
    return actor  # type: ignore[no-any-return]


def command_meta(
    services: Services, token: str | None, reason: str, on: str | None, command_id: str | None
) -> EventMeta:
    actor = token_actor(services, token)
    command_id = command_id or f"cli-{uuid.uuid4()}"
    if on is None:
        return EventMeta.effective_today(
            actor=actor, reason=reason, today=services.ledger.today(), command_id=command_id
        )
    return EventMeta(
        actor=actor, reason=reason, effective_on=date.fromisoformat(on), command_id=command_id
    )


# The ledger command(s) each CLI command runs: a token's holder is checked against the roles
# api/access.py gives them, the table the HTTP routes apply too.
ACTS_AS: dict[str, tuple[str, ...]] = {
    "plan": ("ProposeSpotCheckPlan",),
    "approve": ("ApproveSpotCheckPlan",),
    "freeze": ("FreezeSpotCheckPools",),
    "run": ("DrawSpotChecks",),  # with --checkpoint-now also SignCheckpoint
    "recuse": ("ReplaceRecusedInspector",),
    "void-request": ("RequestDrawVoid",),
    "void": ("VoidDraw",),
}


def run_command(
    cli: str,
    token: str | None,
    reason: str,
    on: str | None,
    command_id: str | None,
    act: Callable[[Services, EventMeta], Any],
    done: str,
    also: tuple[str, ...] = (),
    quiet: bool = False,
) -> None:
    """Run `act` as the token's holder, once api/access.py admits them to every ledger command
    the CLI command `cli` runs (and `also`). `quiet`: print the record's id only."""
    with opened() as services:
        meta = command_meta(services, token, reason, on, command_id)
        try:
            for command in (*ACTS_AS[cli], *also):
                check_command(meta.actor, command)
        except RoleNotAllowedError as exc:
            console.print(f"[red]forbidden[/]: {exc}")
            raise typer.Exit(2) from None
        result = act(services, meta)
    if quiet:
        print(result.subject_id)
        return
    console.print(f"{done}: {result.subject_id} (version {result.version})")
