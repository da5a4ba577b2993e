"""The `ledger` command line: `serve` here; each other group in its own module (demo, token,
the verifiable log, projections, draws)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api.cli import demo as cli_demo
from api.cli import draw as cli_draw
from api.cli import integrity as cli_integrity
from api.cli import projections as cli_projections
from api.cli import tokens as cli_tokens
from api.cli.opening import OPENING_ERRORS, fail, open_ledger, settings

app = typer.Typer(help="Compliance Ledger: the regulatory record of a district judicial bureau.")
console = Console()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address")] = None,
    port: Annotated[int | None, typer.Option(help="port")] = None,
) -> None:
    """Serve the API and the console."""
    import uvicorn

    from api.http.app import create_app

    config = settings()
    if host:
        config.host = host
    if port:
        config.port = port
    open_ledger(config, announce=console).close()  # says now, in one line, if it cannot
    console.print(f"Compliance Ledger on [bold]{config.url}[/] (API docs at {config.url}/docs)")
    uvicorn.run(create_app(config), host=config.host, port=config.port)


cli_demo.register(app)  # demo
cli_tokens.register(app)  # token create|list|revoke|rotate
cli_integrity.register(app)  # verify, checkpoint, export-proof, verify-proof, public-key
cli_draw.register(app)  # draw checklists|commit|plan|approve|freeze|run|recuse|void|verify|show
cli_projections.register(app)  # project, rebuild


def main() -> None:
    try:
        app()
    except OPENING_ERRORS as exc:  # raised past a command (e.g. in the server's start-up)
        fail(str(exc))
