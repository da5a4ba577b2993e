"""RolesAreTheSameEverywhere: every CLI command that acts as the holder of a token applies
exactly the role rules of the HTTP route that runs the same ledger command (one table,
api/access.py). The walk finds every such command in the CLI, runs it with a token of each role
and compares with what the route answers that role: refused at the console exactly when the
route answers 403, and never recorded then."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.draw import ACTS_AS
from api.cli.main import app
from api.http.app import create_app
from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)

BOOTSTRAP = Actor(principal_id="bootstrap.admin", role=Role.ADMIN)
runner = CliRunner()


def _token_commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every CLI command (by its words) with a --token option. (Typer brings its own click:
    commands are told from groups by their subcommands.)"""
    found = []
    for name, command in group.commands.items():
        words = (*prefix, name)
        if hasattr(command, "commands"):
            found += _token_commands(command, words)
        elif any(p.name == "token" for p in command.params):
            found.append((words, command))
    return found


def _argv(words: tuple[str, ...], command: Any) -> list[str]:
    """The command with a made-up value for every required argument and option."""
    argv = list(words)
    for param in command.params:
        if not param.required:
            continue
        value = "2025" if param.type_descriptor.annotation is int else str(uuid.uuid4())
        if param.param_type_name == "argument":
            argv.append(value)
        else:
            argv += [param.opts[0], value]
    return argv


@pytest.fixture
def console(any_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setenv("LEDGER_DATABASE_URL", any_services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing.key"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LEDGER_TOKEN", raising=False)
    return any_services


def test_every_cli_command_with_a_token_applies_the_http_role_rules(console: Services) -> None:
    secrets = {}
    for role in Role:
        meta = EventMeta(actor=BOOTSTRAP, reason="roles walk", effective_on=date(2024, 1, 2),
                         command_id=f"walk-{role.value}")  # fmt: skip
        issued = console.ledger.issue_token(meta, f"{role.value}.walk", role, 3650)
        assert issued.secret is not None
        secrets[role] = issued.secret
    client = TestClient(create_app(services=console))
    spec = client.get("/openapi.json").json()
    routes = {
        op["x-command"]: (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if "x-command" in op
    }

    commands = _token_commands(typer.main.get_command(app))  # type: ignore[arg-type]
    assert len(commands) >= 7
    refusals = 0
    for words, command in commands:
        assert words[-1] in ACTS_AS, (
            f"`ledger {' '.join(words)}` takes a token: declare its command"
        )
        ledger_commands = ACTS_AS[words[-1]]
        for role in Role:
            expected = False
            for name in ledger_commands:
                method, path = routes[name]  # the route that runs the same command
                url = path.replace("{plan_id}", str(uuid.uuid4()))
                answer = client.request(method.upper(), url, json={},
                                        headers={"Authorization": f"Bearer {secrets[role]}"})  # fmt: skip
                expected = expected or answer.status_code == 403
            head = console.db.head()
            result = runner.invoke(app, [*_argv(words, command), "--token", secrets[role]])
            refused = "forbidden" in result.output and "may not do this" in result.output
            assert refused == expected, (words, role, result.output)
            if refused:
                refusals += 1
                assert result.exit_code == 2 and console.db.head() == head  # nothing recorded
    # The walk can fail: clerks, inspectors and auditors are refused what only supervisors do.
    assert refusals >= 3 * (len(commands) - 1)


def test_a_clerk_token_cannot_approve_a_plan_at_the_console(console: Services) -> None:
    """The defect: `ledger draw approve PLAN --commitment C --token $CLERK` succeeded and the
    plan's history recorded an approval by a clerk; over HTTP the same is a 403."""
    meta = EventMeta(actor=BOOTSTRAP, reason="t", effective_on=date(2024, 1, 2), command_id="c1")
    clerk = console.ledger.issue_token(meta, "clerk.wang", Role.CLERK, 3650).secret
    assert clerk is not None
    result = runner.invoke(
        app, ["draw", "approve", str(uuid.uuid4()), "--commitment", "ab" * 32, "--token", clerk]
    )
    assert result.exit_code == 2
    assert "role clerk may not do this; allowed: supervisor, admin" in " ".join(
        result.output.split()
    )
