"""How every `ledger` command reads its settings and opens the ledger, and says in one line why
it cannot: a setting that does not parse, a database URL of another kind, a server that does
not answer (named with host and cause), or — for read-only commands — no ledger where the
settings point. Read-only commands (verify, export-proof, token list, draw verify, show, list,
export) never create a database or a signing key."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable
from typing import NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console

from api.integrity_setup import integrity_options
from api.services import Services, open_services
from api.settings import Settings
from domain.core.values import Actor, EventMeta, Role
from store.config import (
    DatabaseUnavailableError,
    DatabaseUrlError,
    LedgerNotFoundError,
    parse_database_url,
)
from store.opening import prepare

errors = Console(stderr=True)

OPENING_ERRORS = (DatabaseUrlError, DatabaseUnavailableError, LedgerNotFoundError)


def fail(message: str) -> NoReturn:
    errors.print(f"[red]error[/]: {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def settings() -> Settings:
    """The settings, or one line per setting that is wrong (named as its variable)."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = [
            f"LEDGER_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            if e["loc"]
            else str(e["msg"])
            for e in exc.errors()
        ]
        fail("; ".join(problems))


def unwrapped(console: Console) -> Callable[[str], None]:
    """Print a message on one logical line: a key or a path in it stays copyable whole (the
    terminal may fold it on screen; rich must not break it)."""

    def say(message: str) -> None:
        console.print(message, soft_wrap=True, highlight=False, markup=False)

    return say


def open_ledger(
    config: Settings | None = None,
    *,
    read_only: bool = False,
    announce: Console | None = None,
) -> Services:
    """The services on the configured database. `read_only`: only a ledger that exists and
    holds events; the signing key is read, never generated (without its file an ephemeral key
    stands in: such a command signs nothing)."""
    config = config or settings()
    say = unwrapped(announce or errors)
    try:
        # The database first: a wrong URL must not leave a new signing key behind either.
        prepare(parse_database_url(config.database_url), create=not read_only)
        options = integrity_options(config, say, create_key=not read_only)
        services = open_services(config.database_url, create=not read_only, **options)
    except OPENING_ERRORS as exc:
        fail(str(exc))
    if read_only and services.db.event_count() == 0:
        where = services.config.where
        services.close()
        fail(f"the ledger at {where} holds no events (LEDGER_DATABASE_URL)")
    return services


def cli_actor() -> Actor:
    """Commands typed at the server's console act as its operator, with the admin role."""
    return Actor(principal_id=f"cli:{getpass.getuser()}", role=Role.ADMIN)


def cli_meta(services: Services, reason: str, command_id: str | None = None) -> EventMeta:
    return EventMeta.effective_today(
        actor=cli_actor(),
        reason=reason,
        today=services.ledger.today(),
        command_id=command_id or f"cli-{uuid.uuid4()}",
    )
