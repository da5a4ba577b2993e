"""The Merkle leaf of a stored event, computed from its bytes exactly as stored: SHA-256(0x00 ||
d), d = position (u64be) || originator id (16 bytes) || version (u64be) || u32be length of the
topic || topic (UTF-8) || u32be length of the state || state (projections/integrity/proofs.py
`encode_event` is the reference, and the file an auditor runs).

The recorders hash each event in the transaction that stores it (store/recorders.py, the leaves
table); sealing reads those hashes, and `ledger verify` recomputes them from the stored bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from hashlib import sha256
from typing import Any
from uuid import UUID

_LEAF = sha256(b"\x00")  # copied per leaf: cheaper than starting a new hash with OpenSSL 3
_HEAD = struct.Struct(">Q16sQ").pack  # position, originator id, version
_LENGTH = struct.Struct(">I").pack

# NULL topic or state (never written by the ledger; a superuser's doing) hash as empty, as in
# `as_hashed`: sealing goes on, and `ledger verify` reports the row.
PG_LEAF = (
    "sha256('\\x00'::bytea || int8send({position}) || uuid_send(originator_id) "
    "|| int8send(originator_version) "
    "|| int4send(octet_length(convert_to(coalesce(topic, ''), 'UTF8'))) "
    "|| convert_to(coalesce(topic, ''), 'UTF8') "
    "|| int4send(octet_length(coalesce(state, ''::bytea))) || coalesce(state, ''::bytea))"
)
_U64 = 1 << 64


def originator_bytes(value: Any) -> bytes:
    """A stored originator id as its 16 UUID bytes: bytea from PostgreSQL (read with
    uuid_send), hex text from SQLite. Raises ValueError for anything that is not a UUID."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        if len(raw) != 16:
            raise ValueError("an originator id is 16 bytes")
        return raw
    if isinstance(value, UUID):
        return value.bytes
    text = str(value)
    if len(text) == 32:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    return UUID(text).bytes


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if value is None:
        return b""
    return str(value).encode("utf-8", errors="surrogatepass")


def as_hashed(row: Sequence[Any]) -> tuple[int, bytes, int, bytes, bytes]:
    """A stored row that is not what the ledger writes (another SQLite type, NULL, an id that
    is no UUID), as the leaf encoding takes it: text as its UTF-8 bytes, NULL as empty, a
    number as its digits, an unreadable id as 16 zero bytes. Sealing never stops at such a
    row; `ledger verify` names it (store.stored_rows.row_problem)."""
    position, oid, version, topic, state = row
    try:
        oid = originator_bytes(oid)
    except (ValueError, TypeError):
        oid = bytes(16)
    try:
        number = int(version)
    except (TypeError, ValueError):
        number = 0
    return int(position), oid, number % _U64, _as_bytes(topic), _as_bytes(state)


def _hash_as_stored(row: Sequence[Any]) -> tuple[bytes, bytes]:
    position, oid, version, topic, state = as_hashed(row)
    d = b"".join((_HEAD(position, oid, version), _LENGTH(len(topic)), topic))
    h = _LEAF.copy()
    h.update(d + _LENGTH(len(state)) + state)
    return h.digest(), oid


def hash_leaves(rows: Sequence[tuple[Any, ...]]) -> tuple[list[bytes], list[bytes]]:
    """(leaf hashes, originator ids as 16 bytes) of stored rows (position, originator id as
    stored, version, topic, state). `encode_event` written out inline, because this loop is
    the sealing rate on SQLite; a row of other types takes the slow path (`as_hashed`)."""
    prefixes: dict[str, bytes] = {}
    leaves: list[bytes] = []
    subjects: list[bytes] = []
    copy, fromhex = _LEAF.copy, bytes.fromhex
    for row in rows:
        position, oid, version, topic, state = row
        try:
            if oid.__class__ is not bytes or len(oid) != 16:
                oid = (
                    fromhex(oid)
                    if oid.__class__ is str and len(oid) == 32
                    else originator_bytes(oid)
                )
            prefix = prefixes.get(topic)
            if prefix is None:
                name = topic.encode("utf-8")
                prefix = prefixes[topic] = _LENGTH(len(name)) + name
            h = copy()
            h.update(b"".join((_HEAD(position, oid, version), prefix, _LENGTH(len(state)), state)))
            leaf = h.digest()
        except (TypeError, ValueError, AttributeError, struct.error):
            leaf, oid = _hash_as_stored(row)
        leaves.append(leaf)
        subjects.append(oid)
    return leaves, subjects
