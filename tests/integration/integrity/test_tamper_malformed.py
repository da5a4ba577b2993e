"""StoredEventsAsWritten: a stored row that is not what the ledger wrote — another SQLite
storage class (`replace(state, ...)` makes the state TEXT), NULL, a truncated state, bytes that
are not JSON — is a located mismatch for `ledger verify` and a 409 naming the log position for
every read of it, never a crash; and the sealer seals past it without stopping."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from api.http.app import create_app
from api.services import Services
from projections.integrity.audit import audit
from projections.integrity.service import SealMismatchError
from tests.api.conftest import make_token_for
from tests.api.helpers import assert_problem
from tests.integration.integrity_support import record, rewrite, stored

TARGET = 6  # a registration (even rows are registrations, odd ones their receipts)

# Tamperings a superuser can make on either backend, and on SQLite only (its columns take any
# storage class): the SQL assignment, and what `ledger verify` must say about the row.
ANY_BACKEND = {
    "null-state": ("state = NULL", "state is stored as NULL"),
    "truncated-state": ("state = substr(state, 1, 20)", "is not JSON"),
    "null-topic": ("topic = NULL", "topic is stored as NULL"),
}
SQLITE_ONLY = {
    "text-state": ("state = replace(state, 'a', 'b')", "state is stored as text"),
    "same-text-state": ("state = CAST(state AS TEXT)", "state is stored as text"),
    "text-version": ("originator_version = 'one'", "version is stored as text"),
    "id-not-a-uuid": ("originator_id = 'nope'", "originator id is not a UUID"),
}
POSTGRES_TRUNCATE = "state = substring(state from 1 for 20)"


@pytest.fixture
def sealed(any_services: Services) -> Services:
    record(any_services, 8)
    any_services.integrity.checkpoint_now()
    return any_services


def _assignment(services: Services, sql: str) -> str:
    if services.db.is_postgres and sql.startswith("state = substr("):
        return POSTGRES_TRUNCATE
    return sql


def _check_located(services: Services, position: int, says: str, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    report = audit(services.integrity)
    first = report.first
    assert first is not None and first.position == position, report.findings
    assert first.kind == "changed" and says in first.detail, first
    monkeypatch.setenv("LEDGER_DATABASE_URL", services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "cli.key"))
    result = CliRunner().invoke(
        app, ["verify", "--public-key", services.integrity.signer.verifier_key]
    )
    assert result.exit_code == 1, result.output
    assert f"log position {position}" in result.output and says in result.output, result.output
    with pytest.raises(SealMismatchError):
        services.integrity.event_bytes(position)


def _check_reads(services: Services, subject: str, position: int, *, located: bool) -> None:
    """Every read of the subject's history answers a problem, never a 500: a 409 naming the
    position when the row is still found under its key (`located`); a row whose key itself was
    rewritten is simply not found there any more (`ledger verify` names it)."""
    client = TestClient(create_app(services=services))
    headers = make_token_for(services)("supervisor")
    with client:
        for url in (
            f"/integrity/subjects/{subject}/history/payloads",
            f"/organizations/{subject}/history",
            f"/subjects/{subject}/audit-trail",
        ):
            response = client.get(url, headers=headers)
            if not located:
                assert 400 <= response.status_code < 500, (url, response.text)
                continue
            body = assert_problem(response, 409, "StoredEventsAsWritten")
            assert "ledger verify" in body["detail"], body


@pytest.mark.parametrize("tampering", sorted(ANY_BACKEND))
def test_a_row_the_ledger_did_not_write_is_located_on_either_backend(
    sealed: Services, tampering: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = stored(sealed)[TARGET]
    sql, says = ANY_BACKEND[tampering]
    rewrite(sealed, target["position"], _assignment(sealed, sql))
    _check_located(sealed, target["position"], says, tmp_path, monkeypatch)
    _check_reads(sealed, str(target["originator_id"]), target["position"], located=True)


@pytest.mark.parametrize("tampering", sorted(SQLITE_ONLY))
def test_a_row_of_another_sqlite_type_is_located(
    services: Services, tampering: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(services, 8)
    services.integrity.checkpoint_now()
    target = stored(services)[TARGET]
    sql, says = SQLITE_ONLY[tampering]
    rewrite(services, target["position"], sql)
    _check_located(services, target["position"], says, tmp_path, monkeypatch)
    located = tampering not in ("text-version", "id-not-a-uuid")  # the key was rewritten
    _check_reads(services, str(target["originator_id"]), target["position"], located=located)


def test_the_sealer_seals_past_a_malformed_row_and_verify_names_it(any_services: Services) -> None:
    """Rewritten before it was sealed: sealing does not stop (the runner would retry forever),
    and `verify` names the row, sealed or not."""
    integrity = any_services.integrity
    record(any_services, 3)
    integrity.catch_up()
    record(any_services, 2)
    target = stored(any_services)[-2]
    rewrite(any_services, target["position"], "state = NULL")

    before = audit(integrity)  # not sealed yet: named all the same
    assert before.first is not None and before.first.kind == "malformed"
    assert before.first.position == target["position"]
    size = integrity.catch_up()
    assert size == any_services.db.event_count()
    after = audit(integrity)
    assert after.first is not None and after.first.position == target["position"]
    assert "state is stored as NULL" in after.first.detail
