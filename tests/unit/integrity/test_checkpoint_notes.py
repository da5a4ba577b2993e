"""Checkpoints are C2SP signed notes carrying tlog checkpoints, signed with Ed25519; the key is
generated once and kept; a checkpoint is due after N leaves or T seconds of growth."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.integrity.checkpoints import (
    Checkpoint,
    CheckpointPolicy,
    NoteSigner,
    load_or_create_signing_key,
    public_key_pem,
    raw_public_key,
)
from projections.integrity.proofs import (
    ProofError,
    open_note,
    parse_public_key,
    verify_checkpoint,
)

ROOT = hashlib.sha256(b"some root").digest()
ORIGIN = "ledger.example.test/district"


@pytest.fixture
def signer() -> NoteSigner:
    return NoteSigner(Ed25519PrivateKey.generate(), ORIGIN)


def test_note_is_origin_size_root_then_one_em_dash_signature_line(signer: NoteSigner) -> None:
    note = signer.sign(42, ROOT)
    text = f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}\n"
    assert note.startswith(text + "\n\u2014 " + ORIGIN + " ")
    assert note.endswith("\n") and note.count("\n") == 5
    blob = base64.b64decode(note.rstrip("\n").rsplit(" ", 1)[1])
    public = raw_public_key(signer.key)
    # The key id, computed here from the spec: SHA-256(name || 0x0A || 0x01 || key)[:4].
    assert blob[:4] == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + public).digest()[:4]
    signer.key.public_key().verify(blob[4:], text.encode())  # raises if not a valid signature


def test_verifier_key_and_pem_both_open_the_note(signer: NoteSigner) -> None:
    note = signer.sign(7, ROOT)
    assert verify_checkpoint(note, signer.verifier_key) == (ORIGIN, 7, ROOT)
    assert verify_checkpoint(note, public_key_pem(signer.key)) == (ORIGIN, 7, ROOT)
    name, raw = parse_public_key(signer.verifier_key)
    assert name == ORIGIN and raw == raw_public_key(signer.key)


def test_another_key_does_not_open_the_note(signer: NoteSigner) -> None:
    other = NoteSigner(Ed25519PrivateKey.generate(), ORIGIN)
    with pytest.raises(ProofError, match="no signature by the given key"):
        verify_checkpoint(signer.sign(7, ROOT), other.verifier_key)


@pytest.mark.parametrize(
    ("old", "new"),
    [("\n7\n", "\n8\n"), (ORIGIN, ORIGIN + "x")],
    ids=["size", "origin"],
)
def test_an_edited_note_fails(signer: NoteSigner, old: str, new: str) -> None:
    edited = signer.sign(7, ROOT).replace(old, new, 1)
    with pytest.raises(ProofError):
        verify_checkpoint(edited, signer.verifier_key)


def test_an_edited_root_fails(signer: NoteSigner) -> None:
    note = signer.sign(7, ROOT)
    other = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    with pytest.raises(ProofError, match="invalid"):
        verify_checkpoint(note.replace(base64.b64encode(ROOT).decode(), other), signer.verifier_key)


def test_malformed_notes_and_keys_are_refused(signer: NoteSigner) -> None:
    note = signer.sign(7, ROOT)
    with pytest.raises(ProofError):
        open_note(note.replace("\u2014", "--"), ORIGIN, raw_public_key(signer.key))
    with pytest.raises(ProofError):
        open_note(note.replace("\n\n", "\n"), ORIGIN, raw_public_key(signer.key))
    name, key_id, key = signer.verifier_key.split("+", 2)
    with pytest.raises(ProofError, match="id does not match"):
        parse_public_key(f"{name}x+{key_id}+{key}")
    with pytest.raises(ProofError):
        parse_public_key("not a key")


def test_an_origin_with_spaces_or_plus_cannot_name_a_key() -> None:
    for origin in ("a b", "a+b", ""):
        with pytest.raises(ValueError):
            NoteSigner(Ed25519PrivateKey.generate(), origin)


def test_the_signing_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "signing.key"
    key, created = load_or_create_signing_key(path)
    again, created_again = load_or_create_signing_key(path)
    assert created and not created_again
    assert raw_public_key(again) == raw_public_key(key)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["signing.key"]  # no temporary left


def test_a_key_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "signing.key"
    path.write_text("not a key")
    with pytest.raises(ValueError):
        load_or_create_signing_key(path)


def _checkpoint(size: int, at: datetime) -> Checkpoint:
    return Checkpoint(size, ROOT, "note", at, size)


def test_a_checkpoint_is_due_after_n_leaves_or_t_seconds_of_growth() -> None:
    policy = CheckpointPolicy(every_events=100, every_seconds=2)
    t0 = datetime(2024, 12, 31, tzinfo=UTC)
    assert not policy.due(None, 0, t0)
    assert policy.due(None, 1, t0)
    latest = _checkpoint(10, t0)
    assert not policy.due(latest, 10, t0 + timedelta(hours=1))  # no growth, no checkpoint
    assert not policy.due(latest, 109, t0 + timedelta(seconds=1))
    assert policy.due(latest, 110, t0 + timedelta(seconds=1))
    assert policy.due(latest, 11, t0 + timedelta(seconds=2))
