"""Tampering that gets past the append-only guards (as a superuser's would) is found.

With the triggers bypassed, changing one byte of a stored event, deleting an event or swapping
two events' states is reported by `ledger verify` at the right log position with the right
subject, and it exits non-zero; a checkpoint signed before the tampering proves it through a
failed consistency check once the Merkle log is rebuilt from the rewritten events (and the
ledger refuses to sign that fork)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.services import Services
from projections.integrity import merkle
from projections.integrity.audit import audit
from projections.integrity.proofs import (
    verify_consistency,
    verify_inclusion,
)
from projections.integrity.service import (
    ForkRefusedError,
    SealMismatchError,
)
from tests.integration.integrity_support import (
    change_one_byte,
    delete,
    record,
    stored,
    swap_states,
)

TARGET = 7  # the 8th stored event is the one tampered with


def _one_byte(services: Services, position: int, _other: int) -> None:
    change_one_byte(services, position)


def _delete(services: Services, position: int, _other: int) -> None:
    delete(services, position)


def _swap(services: Services, position: int, other: int) -> None:
    swap_states(services, position, other)


TAMPERINGS: dict[str, Callable[[Services, int, int], None]] = {
    "one-byte": _one_byte,
    "delete": _delete,
    "swap": _swap,
}
KINDS = {"one-byte": "changed", "delete": "missing", "swap": "changed"}


@pytest.fixture
def sealed(any_services: Services) -> Services:
    """20 stored events, sealed, under a checkpoint taken before any tampering."""
    record(any_services, 10)
    any_services.integrity.checkpoint_now()
    return any_services


def _cli_verify(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LEDGER_DATABASE_URL", services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "cli.key"))
    result = CliRunner().invoke(
        app, ["verify", "--public-key", services.integrity.signer.verifier_key]
    )
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_verify_reports_the_tampered_position_and_subject(
    sealed: Services, tampering: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = stored(sealed)
    target, later = rows[TARGET], rows[TARGET + 5]
    assert audit(sealed.integrity).ok

    TAMPERINGS[tampering](sealed, target["position"], later["position"])

    report = audit(sealed.integrity)
    assert not report.ok
    first = report.first
    assert first is not None
    assert (first.kind, first.position, first.subject, first.leaf_index) == (
        KINDS[tampering],
        target["position"],
        target["originator_id"],
        TARGET,
    )
    # The signed checkpoint no longer matches the stored events either.
    assert any(f.kind == "checkpoint" for f in report.findings)

    output = _cli_verify(sealed, tmp_path, monkeypatch)
    assert f"log position {target['position']}" in output
    assert str(target["originator_id"]) in output


def test_verify_passes_an_untouched_log_and_exits_zero(
    sealed: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEDGER_DATABASE_URL", sealed.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "cli.key"))
    result = CliRunner().invoke(
        app, ["verify", "--public-key", sealed.integrity.signer.verifier_key]
    )
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "20 stored events" in result.output


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_a_checkpoint_from_before_proves_tampering_by_failed_consistency(
    sealed: Services, tampering: str
) -> None:
    integrity = sealed.integrity
    before = integrity.latest_checkpoint()
    rows = stored(sealed)
    TAMPERINGS[tampering](sealed, rows[TARGET]["position"], rows[TARGET + 5]["position"])

    # The one who rewrote the events re-seals the log to match them, and the log grows on.
    integrity.rebuild()
    record(sealed, 3)
    size = integrity.catch_up()
    source = integrity.view.source(sealed.db)
    new_root = merkle.root(source, size)
    proof = merkle.consistency_proof(source, before.tree_size, size)
    assert not verify_consistency(before.tree_size, size, before.root, new_root, proof)

    # The ledger will not sign the rewritten tree...
    with pytest.raises(ForkRefusedError):
        integrity.checkpoint_now()
    # ...and `verify` still finds where, between the checkpoints it holds.
    report = audit(integrity)
    assert not report.ok
    assert any(f.kind == "rewritten" for f in report.findings)


def test_a_tampered_event_no_longer_proves_inclusion(sealed: Services) -> None:
    integrity = sealed.integrity
    checkpoint = integrity.latest_checkpoint()
    target = stored(sealed)[TARGET]
    change_one_byte(sealed, target["position"])
    with pytest.raises(SealMismatchError):
        integrity.bundle(target["position"])
    integrity.rebuild()
    proof = integrity.inclusion(target["position"], checkpoint.tree_size)
    assert proof.root != checkpoint.root
    assert not verify_inclusion(
        proof.leaf.leaf_hash, proof.leaf.index, checkpoint.tree_size, proof.path, checkpoint.root
    )


def test_rewriting_the_sealed_log_too_is_located_between_checkpoints(sealed: Services) -> None:
    integrity = sealed.integrity
    record(sealed, 5)
    integrity.checkpoint_now()  # sizes 20 and 30
    rows = stored(sealed)
    target = rows[24]
    change_one_byte(sealed, target["position"])
    integrity.rebuild()  # the sealed leaves now agree with the rewritten events

    report = audit(integrity)
    rewritten = [f for f in report.findings if f.kind == "rewritten"]
    assert len(rewritten) == 1
    assert rewritten[0].position == rows[20]["position"]  # the first event after size 20
    assert "20..29" in rewritten[0].detail


@pytest.mark.parametrize(("changed", "matching"), [(7, ()), (24, (10, 20)), (35, (10, 20, 30))])
def test_after_a_forced_reseal_verify_gives_one_range_and_it_holds_the_change(
    any_services: Services,
    changed: int,
    matching: tuple[int, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checkpoints at sizes 10, 20, 30 and 40 and one held outside (size 10); a superuser
    rewrites leaf `changed` and re-seals the tree over it (`ledger rebuild merkle --force`).
    From roots alone `verify` can only show that the first change lies after the largest
    checkpoint that still matches and within the smallest that does not: one range, holding
    the changed leaf; every checkpoint that contains it is named as no longer matching."""
    integrity = any_services.integrity
    notes = []
    for _ in range(4):
        record(any_services, 5)  # 10 events
        notes.append(integrity.checkpoint_now()[0].note)
    rows = stored(any_services)
    change_one_byte(any_services, rows[changed]["position"])
    integrity.rebuild()

    report = audit(integrity, notes=notes[:1])
    rewritten = [f for f in report.findings if f.kind == "rewritten"]
    assert len(rewritten) == 1, report.findings
    low = max(matching, default=0)
    high = low + 9
    assert rewritten[0].leaf_index == low and f"leaves {low}..{high}" in rewritten[0].detail
    assert low <= changed <= high
    assert (rewritten[0].position, rewritten[0].last_position) == (
        rows[low]["position"],
        rows[high]["position"],
    )
    failing = [f.detail for f in report.findings if f.kind == "checkpoint"]
    assert len(failing) == 4 - len(matching), failing
    assert all("leaves" not in detail for detail in failing)  # no other range is offered

    monkeypatch.setenv("LEDGER_DATABASE_URL", any_services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "cli.key"))
    old = tmp_path / "old-checkpoint.txt"
    old.write_text(notes[0], encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["verify", "--public-key", integrity.signer.verifier_key, "--checkpoint", str(old)],
    )
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert output.count("leaves ") == 1, result.output
    assert f"among log positions {rows[low]['position']}..{rows[high]['position']}" in output
