"""ReadOnlyCommandsNeverCreate, and bad configuration in one line: a read-only command (verify,
export-proof, token list, draw show/list/export/verify) pointed at a database that
is not there says where it looked and creates nothing; an empty ledger is an error too; a URL
of another kind, a server that does not answer and a setting that does not parse are one line
naming the setting (and the host), never a traceback or a 30-second wait."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import app
from api.services import open_services
from tests.integration.integrity_support import record

runner = CliRunner()
READ_ONLY = [
    ["verify"],
    ["export-proof", "1"],
    ["token", "list"],
    ["draw", "list"],
    ["draw", "show", str(uuid.uuid4())],
    ["draw", "verify", str(uuid.uuid4())],
    ["draw", "export", str(uuid.uuid4()), "-o", "inputs.json"],
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing.key"))
    monkeypatch.setenv("COLUMNS", "80")
    return tmp_path


def _one_line(result: Result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("argv", READ_ONLY, ids=lambda a: " ".join(a[:2]))
def test_read_only_commands_never_create_a_database(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", "sqlite:///data/typo.db")
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    line = _one_line(result)
    assert f"no ledger at {workdir / 'data' / 'typo.db'}" in line and "does not exist" in line
    assert list(workdir.iterdir()) == [], "a read-only command created files"


def test_an_empty_ledger_is_an_error_that_names_it(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{workdir}/empty.db"
    open_services(url).close()  # the tables, no events
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 2
    assert f"the ledger at {workdir / 'empty.db'} holds no events" in _one_line(result)


def test_verify_says_which_ledger_how_many_events_and_which_checkpoint(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{workdir}/ledger.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    services = open_services(url)
    try:
        record(services, 3)
    finally:
        services.close()
    signed = runner.invoke(app, ["checkpoint"])
    assert signed.exit_code == 0, signed.output
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert f"checked {workdir / 'ledger.db'}: 6 stored events, 6 sealed" in output
    assert "1 signed checkpoints (the largest of size 6, root " in output


def test_a_sqlite_url_without_three_slashes_is_refused_and_creates_nothing(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", "sqlite:/relative.db")
    for argv in (["verify"], ["demo"]):
        result = runner.invoke(app, argv)
        assert result.exit_code == 2
        line = _one_line(result)
        assert "LEDGER_DATABASE_URL" in line and "sqlite:///" in line
    assert list(workdir.iterdir()) == []


def test_a_database_url_of_another_kind_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", "mysql://ledger:secret@db.example/ledger")
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 2
    line = _one_line(result)
    assert "LEDGER_DATABASE_URL" in line and "mysql" in line and "secret" not in line


def test_an_unreachable_postgresql_is_one_line_naming_the_host_and_the_cause(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", "postgresql://ledger@127.0.0.1:1/ledger")
    started = time.monotonic()
    for argv in (["verify"], ["token", "create", "--name", "x", "--role", "clerk"]):
        result = runner.invoke(app, argv)
        assert result.exit_code == 2
        line = _one_line(result)
        assert "127.0.0.1:1" in line and "LEDGER_DATABASE_URL" in line
        assert "refused" in line.lower(), line
    assert time.monotonic() - started < 10  # not the pool's 30-second wait


def test_a_setting_that_does_not_parse_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_PORT", "eighty")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert _one_line(result).startswith("error: LEDGER_PORT:")


def test_export_proof_of_a_position_the_log_does_not_hold_says_so(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{workdir}/ledger.db"
    monkeypatch.setenv("LEDGER_DATABASE_URL", url)
    services = open_services(url)
    try:
        record(services, 2)
    finally:
        services.close()
    result = runner.invoke(app, ["export-proof", "999999"])
    assert result.exit_code == 2
    line = _one_line(result)
    assert "no event at log position 999999: the log holds positions 1 to 4" in line
    assert "EntityExists" not in line and "checkpoint" not in line
