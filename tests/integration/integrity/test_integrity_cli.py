"""The verifiable log at the console, on both backends: the signing key is generated once with
a message; `ledger checkpoint` signs; `ledger export-proof` writes a bundle that
`ledger verify-proof`, or proofs.py copied alone to a machine with no database and no project
code, checks with nothing but the public key."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import app
from api.services import Services
from projections.integrity import proofs
from tests.integration.integrity_support import record, stored

runner = CliRunner()

# Modules an offline check must not load: database drivers and the project's own packages.
NOT_OFFLINE = ("sqlite3", "psycopg", "eventsourcing", "domain", "store", "projections", "api")


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


@pytest.fixture
def console(any_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    """The CLI pointed at the test database, with its own key file."""
    monkeypatch.setenv("LEDGER_DATABASE_URL", any_services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing.key"))
    monkeypatch.setenv("COLUMNS", "200")
    return any_services


@pytest.fixture
def bundle(console: Services, tmp_path: Path) -> tuple[Path, str, dict[str, object]]:
    """A bundle exported by the CLI, the verifier key, and the stored event it proves."""
    record(console, 4)
    signed = invoke("checkpoint", "--reason", "test")
    assert signed.exit_code == 0, signed.output
    key = invoke("public-key").output.strip()
    event = stored(console)[3]
    target = tmp_path / "bundle.json"
    exported = invoke("export-proof", str(event["position"]), "--output", str(target))
    assert exported.exit_code == 0, exported.output
    return target, key, event


def test_the_signing_key_is_generated_on_first_use_with_a_message(
    console: Services, tmp_path: Path
) -> None:
    first = invoke("public-key")
    again = invoke("public-key")
    assert first.exit_code == again.exit_code == 0
    assert (tmp_path / "keys" / "signing.key").is_file()
    assert "Generated a new checkpoint signing key" in first.stderr
    assert "Generated" not in again.stderr + again.stdout
    key = again.stdout.strip()
    assert first.stdout.strip() == key
    assert key in " ".join(first.stderr.split())  # the message names the key to hand out


def test_export_proof_then_verify_proof_without_a_database(
    bundle: tuple[Path, str, dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, key, event = bundle
    content = json.loads(path.read_text())
    assert content["event"]["position"] == event["position"]
    assert content["leaf_index"] == 3
    # No database can be reached now: verify-proof must not need one.
    monkeypatch.setenv("LEDGER_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nowhere")
    checked = invoke("verify-proof", str(path), "--public-key", key)
    assert checked.exit_code == 0, checked.output
    assert "VERIFIED" in checked.output
    assert f"log position {event['position']}" in checked.output


def _offline(tmp_path: Path, bundle: Path, key: str) -> subprocess.CompletedProcess[str]:
    """Run proofs.py alone, copied to an empty folder, in an isolated interpreter (no project
    on the path), and report any module it loaded that an offline check must not need."""
    folder = tmp_path / "auditor"
    folder.mkdir(exist_ok=True)
    shutil.copy(proofs.__file__, folder / "proofs.py")
    (folder / "key.txt").write_text(key)
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['proofs.py', {str(bundle)!r}, '--public-key', 'key.txt']\n"
        "try:\n"
        "    runpy.run_path('proofs.py', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {NOT_OFFLINE!r})\n"
        "print('LOADED', loaded)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run(
        [sys.executable, "-I", "-c", probe],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_proofs_py_alone_verifies_the_bundle_with_only_hashlib_and_cryptography(
    bundle: tuple[Path, str, dict[str, object]], tmp_path: Path
) -> None:
    path, key, event = bundle
    result = _offline(tmp_path, path, key)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
    proven = json.loads(result.stdout.split("LOADED")[0])
    assert proven["verified"] is True and proven["position"] == event["position"]
    assert proven["originator_id"] == str(event["originator_id"])


@pytest.mark.parametrize("edit", ["leaf_input", "shown_topic", "leaf_index", "checkpoint", "path"])
def test_an_edited_bundle_fails_offline(
    bundle: tuple[Path, str, dict[str, object]], tmp_path: Path, edit: str
) -> None:
    path, key, _ = bundle
    content = json.loads(path.read_text())
    if edit == "leaf_input":
        raw = bytearray(__import__("base64").b64decode(content["event"]["leaf_input"]))
        raw[-2] ^= 1
        content["event"]["leaf_input"] = __import__("base64").b64encode(bytes(raw)).decode()
    elif edit == "shown_topic":  # the readable copy beside the bytes says something else
        content["event"]["topic"] = "ledger.Organization.LicenceRevoked"
    elif edit == "leaf_index":
        content["leaf_index"] += 1
    elif edit == "checkpoint":
        size = content["tree_size"]
        content["checkpoint"] = content["checkpoint"].replace(f"\n{size}\n", f"\n{size + 1}\n")
        content["tree_size"] = size + 1
    else:
        content["inclusion_path"] = content["inclusion_path"][::-1]
    path.write_text(json.dumps(content))
    result = _offline(tmp_path, path, key)
    assert result.returncode == 1, result.stdout
    assert "FAILED" in result.stderr
    cli = invoke("verify-proof", str(path), "--public-key", key)
    assert cli.exit_code == 1 and "FAILED" in cli.output


def test_a_bundle_does_not_verify_with_another_key(
    bundle: tuple[Path, str, dict[str, object]], tmp_path: Path
) -> None:
    path, key, _ = bundle
    name, _, _ = key.split("+", 2)
    other = proofs.verifier_key(name, bytes(range(32)))
    result = invoke("verify-proof", str(path), "--public-key", other)
    assert result.exit_code == 1 and "no signature by the given key" in result.output


def test_export_proof_of_an_event_after_the_checkpoint_says_to_sign_first(
    console: Services, tmp_path: Path
) -> None:
    record(console, 1)
    assert invoke("checkpoint").exit_code == 0
    record(console, 1)
    position = stored(console)[-1]["position"]
    result = invoke("export-proof", str(position), "--output", str(tmp_path / "b.json"))
    assert result.exit_code == 1
    assert "ledger checkpoint" in result.output
    assert not (tmp_path / "b.json").exists()


def test_verify_checks_every_checkpoint_the_cli_signed(console: Services) -> None:
    record(console, 3)
    assert invoke("checkpoint").exit_code == 0
    record(console, 2)
    assert invoke("checkpoint").exit_code == 0
    result = invoke("verify")
    assert result.exit_code == 0, result.output
    assert "2 signed checkpoints" in result.output
