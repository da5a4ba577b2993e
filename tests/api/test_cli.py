"""The `ledger` command line: tokens and the demo district."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.services import open_services

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
    # Only the new admin token (issued event + its receipt) was added.
    assert _event_count(database_url) == count + 2
