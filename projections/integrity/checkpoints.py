"""Signed checkpoints of the Merkle log: the signing key, the signed notes, their table, and
when one is due.

A checkpoint is a C2SP tlog checkpoint ("origin\\nsize\\nbase64(root)\\n") in a C2SP signed note
signed with the ledger's Ed25519 key; the key name is the log's origin. Checkpoints live in their
own table, `merkle_checkpoints`, one per tree size (a second, different root for a size already
signed would be a fork: the primary key refuses it).
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.integrity.proofs import (
    SIGNATURE_PREFIX,
    key_id,
    parse_checkpoint,
    verifier_key,
)
from store.database import Database

DEFAULT_ORIGIN = "compliance-ledger.invalid/ledger"


# -- the signing key -----------------------------------------------------------------------------


def load_or_create_signing_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """The Ed25519 key in `path` (PKCS#8 PEM), generated and stored (mode 0600) when the file
    does not exist yet. Returns (key, created). Two processes starting together end up with the
    same key: the file appears atomically (hard link of a finished temporary file)."""
    path = Path(path).expanduser()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".signing-key-")
        try:
            os.write(handle, pem)
            os.close(handle)
            os.chmod(temporary, 0o600)
            os.link(temporary, path)
            return key, True
        except FileExistsError:
            pass  # another process won the race: use its key
        finally:
            os.unlink(temporary)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return loaded, False


def raw_public_key(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


class NoteSigner:
    """Signs checkpoints of the log named `origin` (which is also the key name)."""

    def __init__(self, key: Ed25519PrivateKey, origin: str = DEFAULT_ORIGIN) -> None:
        if not origin or any(c.isspace() or c == "+" for c in origin):
            raise ValueError("a log origin has no spaces and no '+' (it names the signing key)")
        self.key = key
        self.origin = origin
        self.public_key = raw_public_key(key)
        self.key_id = key_id(origin, self.public_key)
        self.verifier_key = verifier_key(origin, self.public_key)

    def sign(self, size: int, root: bytes) -> str:
        text = f"{self.origin}\n{size}\n{base64.b64encode(root).decode()}\n"
        signature = self.key.sign(text.encode())
        line = base64.b64encode(self.key_id + signature).decode()
        return f"{text}\n{SIGNATURE_PREFIX}{self.origin} {line}\n"


# -- the checkpoint table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    tree_size: int
    root: bytes
    note: str  # the signed note, verbatim
    created_at: datetime
    last_position: int  # the log position of the last leaf it covers (0 when empty)
    requested_by: str | None = None  # who asked for it on demand (None: signed when due)
    reason: str | None = None

    @property
    def origin(self) -> str:
        return self.note.split("\n", 1)[0]


class CheckpointStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.table = db.table("merkle_checkpoints")
        self._known: dict[int, Checkpoint] = {}  # a stored checkpoint never changes

    def create(self, cursor: Any) -> None:
        blob = "BYTEA" if self.db.is_postgres else "BLOB"
        self.db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (tree_size BIGINT PRIMARY KEY, "
            f"root {blob} NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL, "
            "last_position BIGINT NOT NULL, requested_by TEXT, reason TEXT)",
        )

    def add(self, cursor: Any, checkpoint: Checkpoint) -> bool:
        """Store a checkpoint; False if one of that tree size is already stored."""
        self.db.execute(
            cursor,
            f"INSERT INTO {self.table} (tree_size, root, note, created_at, last_position, "
            "requested_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (tree_size) DO NOTHING RETURNING tree_size",
            (
                checkpoint.tree_size,
                checkpoint.root,
                checkpoint.note,
                checkpoint.created_at.isoformat(),
                checkpoint.last_position,
                checkpoint.requested_by,
                checkpoint.reason,
            ),
        )
        return cursor.fetchone() is not None

    def _from_row(self, row: Any) -> Checkpoint:
        checkpoint = Checkpoint(
            tree_size=int(row["tree_size"]),
            root=bytes(row["root"]),
            note=row["note"],
            created_at=datetime.fromisoformat(row["created_at"]),
            last_position=int(row["last_position"]),
            requested_by=row["requested_by"],
            reason=row["reason"],
        )
        if len(self._known) > 100_000:
            self._known.clear()
        self._known[checkpoint.tree_size] = checkpoint
        return checkpoint

    def latest(self, cursor: Any | None = None) -> Checkpoint | None:
        statement = f"SELECT * FROM {self.table} ORDER BY tree_size DESC LIMIT 1"
        if cursor is None:
            rows = self.db.query(statement)
        else:
            self.db.execute(cursor, statement)
            rows = cursor.fetchall()
        return self._from_row(rows[0]) if rows else None

    def at(self, size: int, cursor: Any | None = None) -> Checkpoint | None:
        if size in self._known:
            return self._known[size]
        statement = f"SELECT * FROM {self.table} WHERE tree_size = ?"
        if cursor is None:
            rows = self.db.query(statement, (size,))
        else:
            self.db.execute(cursor, statement, (size,))
            rows = cursor.fetchall()
        return self._from_row(rows[0]) if rows else None

    def since(self, size: int, limit: int = 100) -> list[Checkpoint]:
        """Checkpoints of `size` leaves or more, smallest first."""
        rows = self.db.query(
            f"SELECT * FROM {self.table} WHERE tree_size >= ? ORDER BY tree_size LIMIT ?",
            (size, limit),
        )
        return [self._from_row(r) for r in rows]

    def all(self) -> Sequence[Checkpoint]:
        rows = self.db.query(f"SELECT * FROM {self.table} ORDER BY tree_size")
        return [self._from_row(r) for r in rows]


# -- when a checkpoint is due --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckpointPolicy:
    """Sign a checkpoint once `every_events` new leaves are sealed, or `every_seconds` after the
    last one if the tree grew since. The default half second keeps an event's integration delay
    (commit to signed checkpoint) under a second when ticks come a few times a second."""

    origin: str = DEFAULT_ORIGIN
    every_events: int = 1000
    every_seconds: float = 0.5

    def due(self, latest: Checkpoint | None, size: int, now: datetime) -> bool:
        if latest is None:
            return size > 0
        if size <= latest.tree_size:
            return False
        if size - latest.tree_size >= self.every_events:
            return True
        return now - latest.created_at >= timedelta(seconds=self.every_seconds)


def utc_now() -> datetime:
    return datetime.now(UTC)


def checkpoint_fields(note: str) -> tuple[str, int, bytes]:
    """(origin, size, root) of a signed checkpoint, without checking its signature."""
    text = note.rpartition("\n\n")[0] + "\n"
    return parse_checkpoint(text)
