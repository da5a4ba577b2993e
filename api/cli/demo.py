"""`ledger demo`: load the fictional demo district and hand out its admin token."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from api.cli.opening import cli_meta, open_ledger, settings
from api.services import Services
from domain.core.values import Role
from projections.records.view import every

console = Console()


def demo() -> None:
    """Load the fictional demo district (idempotent) and print its admin token (kept in
    LEDGER_DEMO_TOKEN_FILE: reused while valid, rotated when it has expired)."""
    from api.demo.district import load_demo

    config = settings()
    services = open_ledger(config, announce=console)
    try:
        summary = load_demo(services, progress=console)
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
    tokens = services.records.tokens
    services.runner.catch_up(tokens.view.name)
    valid = list(every(lambda cursor: tokens.list(revoked=False, cursor=cursor, limit=500)))
    previous = kept or next((t for t in reversed(valid) if t.name == DEMO_TOKEN_NAME), None)
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


def register(app: typer.Typer) -> None:
    app.command()(demo)
