"""The `ledger` command line: serve, demo, token."""

from __future__ import annotations

import getpass
import uuid
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console

from api import cli_draw, cli_integrity, cli_projections
from api.cli_open import OPENING_ERRORS, fail, open_ledger, settings, unwrapped
from api.services import Services
from domain.core.errors import LedgerError
from domain.core.values import (
    BUREAU_TZ,
    Actor,
    EventMeta,
    Role,
)

app = typer.Typer(help="Compliance Ledger: the regulatory record of a district judicial bureau.")
token_app = typer.Typer(help="Bearer tokens: create, list, revoke.")
app.add_typer(token_app, name="token")
cli_integrity.register(app)  # verify, checkpoint, export-proof, verify-proof, public-key
cli_draw.register(app)  # draw commit|plan|approve|freeze|run|recuse|void|verify|show
cli_projections.register(app)  # project, rebuild
console = Console()


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


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
) -> None:
    """Serve the API and the console."""
    import uvicorn

    from api.app import create_app

    config = settings()
    if host:
        config.host = host
    if port:
        config.port = port
    open_ledger(config, announce=console).close()  # says now, in one line, if it cannot
    console.print(f"Compliance Ledger on [bold]{config.url}[/] (API docs at {config.url}/docs)")
    uvicorn.run(create_app(config), host=config.host, port=config.port)


@app.command()
def demo() -> None:
    """Load the fictional demo district (idempotent) and print its admin token (kept in
    LEDGER_DEMO_TOKEN_FILE: reused while valid, rotated when it has expired)."""
    from api.demo import load_demo

    config = settings()
    services = open_ledger(config, announce=console)
    try:
        summary = load_demo(services.ledger, progress=console)
        secret, token_line = demo_token(services, config.demo_token_file)
        services.runner.catch_up_all()
    finally:
        services.close()
    console.print(summary, soft_wrap=True)
    console.print(token_line, soft_wrap=True)
    console.print(f"Admin token: [bold]{secret}[/]", soft_wrap=True)
    console.print(f"Open {config.url}/ (console) or {config.url}/docs (API)", soft_wrap=True)


DEMO_TOKEN_NAME = "demo-admin"
DEMO_TOKEN_DAYS = 30


def demo_token(services: Services, path: Path) -> tuple[str, str]:
    """The demo admin token's secret and what became of it: the one kept in `path` while it is
    valid (nothing written); else the previous demo token rotated (revoked, its successor
    issued: one command) or, if there is none, a new one issued. Never one more token a run."""
    ledger = services.ledger
    path = path.expanduser()
    secret = path.read_text().strip() if path.is_file() else ""
    kept = ledger.token_for_secret(secret) if secret else None
    if kept is not None and kept.valid_on(ledger.today()):
        return secret, (
            f"demo admin token: reused, valid until {kept.expires_on}; 0 commands written"
        )
    previous = kept or next(
        (t for t in reversed(ledger.list_tokens())
         if t.name == DEMO_TOKEN_NAME and not t.revoked), None)  # fmt: skip
    meta = cli_meta(services, "demo admin token")
    if previous is not None and not previous.revoked:
        issued = ledger.rotate_token(meta, previous.id, DEMO_TOKEN_DAYS)
        what = "rotated (the previous one revoked)"
    else:
        issued = ledger.issue_token(meta, DEMO_TOKEN_NAME, Role.ADMIN, DEMO_TOKEN_DAYS)
        what = "issued"
    assert issued.secret is not None  # a new command: never a replay
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(issued.secret + "\n")
    token = ledger.get_token(issued.result.subject_id)
    return issued.secret, (
        f"demo admin token: {what}, valid until {token.expires_on} (kept in {path}); "
        "1 command written"
    )


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="principal id the token acts as")],
    role: Annotated[Role, typer.Option(help="role")],
    reason: Annotated[str, typer.Option(help="why it is issued")] = "issued at the console",
    valid_days: Annotated[
        int | None, typer.Option(help="days it is accepted (the policy's, 365, if omitted)")
    ] = None,
) -> None:
    """Create a token; prints the secret once (last line)."""
    services = open_ledger()
    try:
        issued = services.ledger.issue_token(cli_meta(services, reason), name, role, valid_days)
        token = services.ledger.get_token(issued.result.subject_id)
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}", soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        services.close()
    console.print(
        f"token id {token.id} for {name} ({role.value}), valid until {token.expires_on}",
        soft_wrap=True,
    )
    print(issued.secret)


@token_app.command("rotate")
def token_rotate(
    token_id: Annotated[UUID, typer.Argument(help="token id from `ledger token list`")],
    reason: Annotated[str, typer.Option(help="why it is rotated")] = "rotated at the console",
    valid_days: Annotated[
        int | None, typer.Option(help="days the new one is accepted (the policy's if omitted)")
    ] = None,
) -> None:
    """Revoke a token and issue its successor (same name and role) in one transaction; prints
    the new secret once (last line)."""
    services = open_ledger()
    try:
        issued = services.ledger.rotate_token(cli_meta(services, reason), token_id, valid_days)
        token = services.ledger.get_token(issued.result.subject_id)
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}", soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        services.close()
    console.print(
        f"revoked {token_id}; token id {token.id} for {token.name} ({token.role.value}), "
        f"valid until {token.expires_on}",
        soft_wrap=True,
    )
    print(issued.secret)


@token_app.command("list")
def token_list() -> None:
    """List tokens (never their secrets)."""
    services = open_ledger(read_only=True)
    try:
        tokens = services.ledger.list_tokens()
        today = services.ledger.today()
    finally:
        services.close()
    say = unwrapped(console)
    for t in tokens:
        state = "revoked" if t.revoked else ("valid" if t.valid_on(today) else "expired")
        issued = t.created_on.astimezone(BUREAU_TZ).strftime("%Y-%m-%d %H:%M")
        expires = f"expires {t.expires_on}" if t.expires_on else "never expires"
        say(f"{t.id}  {t.name} ({t.role.value})  issued {issued}, {expires}: {state}")


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[UUID, typer.Argument(help="token id from `ledger token list`")],
    reason: Annotated[str, typer.Option(help="why it is revoked")] = "revoked at the console",
) -> None:
    """Revoke a token."""
    services = open_ledger()
    try:
        services.ledger.revoke_token(cli_meta(services, reason), token_id)
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}")
        raise typer.Exit(2) from None
    finally:
        services.close()
    console.print(f"revoked {token_id}")


def main() -> None:
    try:
        app()
    except OPENING_ERRORS as exc:  # raised past a command (e.g. in the server's start-up)
        fail(str(exc))
