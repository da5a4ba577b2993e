"""`ledger token create | list | revoke | rotate`: bearer tokens at the console."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console

from api.cli.opening import cli_meta, open_ledger, unwrapped
from domain.core.errors import LedgerError
from domain.core.values import BUREAU_TZ, Role
from projections.records.view import every

token_app = typer.Typer(help="Bearer tokens: create, list, revoke, rotate.")
console = Console()


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
        records = services.records.tokens
        services.runner.catch_up(records.view.name)
        tokens = list(every(lambda cursor: records.list(cursor=cursor, limit=500)))
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


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
