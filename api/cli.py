"""The `ledger` command line: serve, demo, token."""

from __future__ import annotations

import getpass
import uuid
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from api import cli_draw, cli_integrity, cli_projections
from api.cli_open import OPENING_ERRORS, fail, open_ledger, settings
from api.services import Services
from domain.errors import LedgerError
from domain.values import Actor, EventMeta, Role

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
    open_ledger(config, announce=console.print).close()  # says now, in one line, if it cannot
    console.print(f"Compliance Ledger on [bold]{config.url}[/] (API docs at {config.url}/docs)")
    uvicorn.run(create_app(config), host=config.host, port=config.port)


@app.command()
def demo() -> None:
    """Load the fictional demo district (idempotent) and print an admin token."""
    from api.demo import load_demo

    config = settings()
    services = open_ledger(config, announce=console.print)
    try:
        summary = load_demo(services.ledger, progress=console)
        services.runner.catch_up_all()
        issued = services.ledger.issue_token(
            cli_meta(services, "demo admin token"), "demo-admin", Role.ADMIN
        )
    finally:
        services.close()
    console.print(summary)
    console.print(f"Admin token: [bold]{issued.secret}[/]")
    console.print(f"Open {config.url}/ (console) or {config.url}/docs (API)")


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option(help="principal id the token acts as")],
    role: Annotated[Role, typer.Option(help="role")],
    reason: Annotated[str, typer.Option(help="why it is issued")] = "issued at the console",
) -> None:
    """Create a token; prints the secret once."""
    services = open_ledger()
    try:
        issued = services.ledger.issue_token(cli_meta(services, reason), name, role)
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}")
        raise typer.Exit(2) from None
    finally:
        services.close()
    console.print(f"token id {issued.result.subject_id} for {name} ({role.value})")
    print(issued.secret)


@token_app.command("list")
def token_list() -> None:
    """List tokens (never their secrets)."""
    services = open_ledger(read_only=True)
    try:
        tokens = services.ledger.list_tokens()
    finally:
        services.close()
    table = Table("id", "name", "role", "issued", "revoked")
    for t in tokens:
        table.add_row(
            str(t.id),
            t.name,
            t.role.value,
            t.created_on.isoformat(timespec="seconds"),
            "yes" if t.revoked else "",
        )
    console.print(table)


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
