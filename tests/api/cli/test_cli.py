"""The `ledger` command line: tokens and the demo district."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.services import open_services
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from tests.conftest import read

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/cli/ledger.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    return url


def test_token_create_list_revoke(database_url: str) -> None:
    created = runner.invoke(app, ["token", "create", "--name", "clerk.cli", "--role", "clerk"])
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("clg_")
    token_id = created.output.split("token id ")[1].split()[0]

    services = open_services(database_url)
    try:
        actor = services.ledger.authenticate(secret)
        assert actor is not None and actor.principal_id == "clerk.cli" and actor.role == "clerk"
    finally:
        services.close()

    listed = runner.invoke(app, ["token", "list"])
    assert listed.exit_code == 0 and "clerk.cli" in listed.output and secret not in listed.output

    revoked = runner.invoke(app, ["token", "revoke", token_id])
    assert revoked.exit_code == 0, revoked.output
    again = runner.invoke(app, ["token", "revoke", token_id])
    assert again.exit_code == 2 and "TokenRevokedOnce" in again.output
    services = open_services(database_url)
    try:
        assert services.ledger.authenticate(secret) is None
    finally:
        services.close()


def test_unknown_role_is_refused(database_url: str) -> None:
    result = runner.invoke(app, ["token", "create", "--name", "x", "--role", "superuser"])
    assert result.exit_code == 2  # usage error, before anything is opened or written
    assert not Path(database_url.removeprefix("sqlite:///")).exists()


def _event_count(url: str) -> int:
    services = open_services(url)
    try:
        return services.db.event_count()
    finally:
        services.close()


def test_demo_loads_a_district_sized_like_the_report_once(database_url: str) -> None:
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "Admin token: clg_" in first.output
    services = open_services(database_url)
    try:
        services.runner.catch_up("registry")
        rows = services.db.query(f"SELECT entity, kind, unit FROM {services.registry.table}")
        kinds = Counter((r["entity"], r["kind"]) for r in rows)
        assert kinds[("organization", "law_firm")] == 96
        assert kinds[("practitioner", "lawyer")] == 605
        assert kinds[("organization", "notary_office")] == 2
        assert kinds[("organization", "appraisal_institution")] == 8
        assert kinds[("organization", "mediation_committee")] == 10
        assert kinds[("practitioner", "notary")] > 0 and kinds[("practitioner", "appraiser")] > 0
        assert kinds[("inspector", "inspector")] == 40
        assert len({r["unit"] for r in rows if r["entity"] == "inspector"}) == 3
        # every lawyer is spread over the firms (none left without an organization but the
        # demo's revoked one)
        unaffiliated = services.db.query(
            f"SELECT COUNT(*) AS n FROM {services.registry.table} "
            "WHERE entity = 'practitioner' AND organization_id IS NULL"
        )[0]["n"]
        assert unaffiliated == 1
        count = services.db.event_count()
    finally:
        services.close()

    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0 and "0 commands written this run" in second.output
    # The demo admin token is reused while valid: a second load writes nothing at all.
    assert "demo admin token: reused" in second.output
    assert _event_count(database_url) == count
    assert _secret(first.output) == _secret(second.output)


def _secret(output: str) -> str:
    return output.split("Admin token: ")[1].split()[0]


def test_an_expired_demo_token_is_rotated_not_added_to(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token_file = tmp_path / "demo.token"
    monkeypatch.setenv("LEDGER_DEMO_TOKEN_FILE", str(token_file))
    services = open_services(database_url)
    try:
        meta = EventMeta(
            actor=Actor(principal_id="cli:test", role=Role.ADMIN),
            reason="an old demo token",
            effective_on=date(2020, 1, 1),
            command_id="old-demo-token",
        )
        old = services.ledger.issue_token(meta, "demo-admin", Role.ADMIN, 1)
        assert old.secret is not None and services.ledger.authenticate(old.secret) is None
    finally:
        services.close()
    token_file.write_text(old.secret)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "demo admin token: rotated (the previous one revoked)" in result.output
    secret = _secret(result.output)
    assert secret != old.secret and token_file.read_text().strip() == secret
    assert token_file.stat().st_mode & 0o777 == 0o600
    services = open_services(database_url)
    try:
        assert services.ledger.authenticate(secret) is not None
        previous = services.ledger.get_token(old.result.subject_id)
        assert previous.revoked
        demo_tokens = [
            t for t in read(services.ledger).tokens.list(limit=500).items if t.name == "demo-admin"
        ]
        assert [t.valid_on(services.ledger.today()) for t in demo_tokens].count(True) == 1
    finally:
        services.close()


def test_token_rotate_revokes_and_issues_in_one_go(database_url: str) -> None:
    created = runner.invoke(app, ["token", "create", "--name", "clerk.r", "--role", "clerk",
                                  "--valid-days", "30"])  # fmt: skip
    assert created.exit_code == 0, created.output
    old_secret = created.output.strip().splitlines()[-1]
    token_id = created.output.split("token id ")[1].split()[0]
    rotated = runner.invoke(app, ["token", "rotate", token_id])
    assert rotated.exit_code == 0, rotated.output
    new_secret = rotated.output.strip().splitlines()[-1]
    services = open_services(database_url)
    try:
        assert services.ledger.authenticate(old_secret) is None
        actor = services.ledger.authenticate(new_secret)
        assert actor is not None and (actor.principal_id, actor.role) == ("clerk.r", "clerk")
    finally:
        services.close()
    again = runner.invoke(app, ["token", "rotate", token_id])
    assert again.exit_code == 2 and "TokenRevokedOnce" in again.output


def test_values_a_person_copies_are_never_cut_at_80_columns(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    first = runner.invoke(app, ["token", "create", "--name", "auditor.with.a.long.name",
                                "--role", "auditor"])  # fmt: skip
    token_id = first.output.split("token id ")[1].split()[0]
    listed = runner.invoke(app, ["token", "list"])
    assert listed.exit_code == 0
    assert token_id in listed.output  # whole, on one line
    key = runner.invoke(app, ["public-key"]).stdout.strip()
    demo = runner.invoke(app, ["demo"])
    assert any(key in line for line in demo.output.splitlines()) or "signing key" not in demo.output
