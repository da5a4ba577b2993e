"""Everything an auditor needs to check the ledger's proofs, in one file and without a database.

This module imports only the standard library's hashlib, base64, json and sys, plus
`cryptography` for Ed25519: copy it anywhere and run

    python proofs.py BUNDLE.json --public-key KEY

where KEY is the ledger's verifier key (`name+keyid+base64`, from GET /integrity/public-key or
`ledger public-key`), a file holding it, or a PEM public key file. Exit status 0 means the bundle's
event is entry `leaf_index` of the log whose root the ledger signed; anything else exits 1.

Contents:
- the canonical leaf encoding of a stored event (what the Merkle log hashes);
- RFC 9162 hashing (leaf = SHA-256(0x00 || d), node = SHA-256(0x01 || left || right)) and the
  RFC's verification algorithms for inclusion (2.1.3.2) and consistency (2.1.4.2) proofs;
- C2SP signed notes (https://c2sp.org/signed-note) carrying tlog checkpoints
  (https://c2sp.org/tlog-checkpoint): "origin\\nsize\\nbase64(root)\\n", a blank line, then
  "— name base64(key id || Ed25519 signature)" lines;
- offline proof bundles (`verify_bundle`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BUNDLE_FORMAT = "compliance-ledger/proof-bundle/v1"
EMPTY_ROOT = hashlib.sha256(b"").digest()  # RFC 9162: MTH({}) = SHA-256()
ED25519 = 0x01  # the signed-note signature type of Ed25519
SIGNATURE_PREFIX = "\u2014 "  # em dash, space


class ProofError(ValueError):
    """A proof, note or bundle that does not check out; the message says why."""


# -- the canonical leaf encoding -----------------------------------------------------------------


def encode_event(
    position: int, originator_id: bytes, originator_version: int, topic: str, state: bytes
) -> bytes:
    """The bytes `d` a leaf commits to, for one stored event, exactly as stored:

        u64be(log position) || originator id (16 UUID bytes) || u64be(originator version)
        || u32be(len(topic)) || topic (UTF-8) || u32be(len(state)) || state (stored bytes)

    Fixed widths and length prefixes make the encoding unambiguous, and it depends on neither
    backend: SQLite keeps the originator id as hex text, PostgreSQL as uuid; both are the same
    16 bytes here. `state` is the stored (transcoded) event, never a re-serialisation."""
    if len(originator_id) != 16:
        raise ProofError(f"an originator id is 16 bytes, not {len(originator_id)}")
    if position < 0 or originator_version < 0:
        raise ProofError("log positions and versions are not negative")
    name = topic.encode("utf-8")
    return b"".join(
        (
            position.to_bytes(8, "big"),
            originator_id,
            originator_version.to_bytes(8, "big"),
            len(name).to_bytes(4, "big"),
            name,
            len(state).to_bytes(4, "big"),
            state,
        )
    )


def uuid_text(raw: bytes) -> str:
    """16 bytes in the usual 8-4-4-4-12 form."""
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def decode_event(d: bytes) -> tuple[int, bytes, int, str, bytes]:
    """The inverse of `encode_event`: (position, originator id, version, topic, state)."""
    try:
        position = int.from_bytes(d[0:8], "big")
        originator_id = d[8:24]
        version = int.from_bytes(d[24:32], "big")
        n = int.from_bytes(d[32:36], "big")
        topic = d[36 : 36 + n].decode("utf-8")
        m = int.from_bytes(d[36 + n : 40 + n], "big")
        state = d[40 + n : 40 + n + m]
    except UnicodeDecodeError as exc:
        raise ProofError("the event's topic is not UTF-8") from exc
    if len(d) < 40 or len(originator_id) != 16 or len(state) != m or len(d) != 40 + n + m:
        raise ProofError("the event bytes are not a canonical encoding")
    return position, originator_id, version, topic, state


# -- RFC 9162 hashing and proof verification -----------------------------------------------------


def leaf_hash(d: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + d).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(leaf: bytes, index: int, size: int, path: list[bytes]) -> bytes:
    """The root that `path` leads to from leaf hash `leaf` at `index` in a tree of `size`
    leaves (RFC 9162 2.1.3.2, steps 1-4); raises ProofError if the path cannot fit."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("the inclusion path is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion path is shorter than the tree is deep")
    return r


def verify_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2: does `path` prove leaf hash `leaf` is entry `index` of the tree of
    `size` leaves with root hash `root`?"""
    try:
        return root_from_inclusion(leaf, index, size, path) == root
    except ProofError:
        return False


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: does `path` prove the tree of `first` leaves with root `first_root` is
    a prefix of the tree of `second` leaves with root `second_root`?

    The RFC defines proofs for 0 < first < second; at the edges the proof is empty: equal sizes
    are consistent when the roots are equal, and the empty tree is a prefix of every tree."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path and first_root == EMPTY_ROOT
    if not path:
        return False
    if first & (first - 1) == 0:  # an exact power of 2: the old root is itself in the new tree
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


# -- C2SP signed notes and checkpoints -----------------------------------------------------------


def key_id(name: str, public_key: bytes) -> bytes:
    """The signed-note key id: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The text form a verifier shares: `name+hex(key id)+base64(0x01 || public key)`."""
    encoded = base64.b64encode(bytes([ED25519]) + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_public_key(text: str) -> tuple[str | None, bytes]:
    """A verifier key (name+id+key) or a PEM public key -> (key name or None, 32 raw bytes)."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            loaded = serialization.load_pem_public_key(text.encode())
        except ValueError as exc:
            raise ProofError(f"not a PEM public key: {exc}") from exc
        if not isinstance(loaded, Ed25519PublicKey):
            raise ProofError("the PEM key is not an Ed25519 public key")
        return None, loaded.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    parts = text.split("+", 2)  # the base64 key itself may contain "+"
    if len(parts) != 3:
        raise ProofError("a verifier key reads name+keyid+base64key")
    name, hex_id, encoded = parts
    try:
        raw = base64.b64decode(encoded, validate=True)
    except ValueError as exc:
        raise ProofError("the verifier key's key is not base64") from exc
    if len(raw) != 33 or raw[0] != ED25519:
        raise ProofError("the verifier key is not an Ed25519 key")
    if key_id(name, raw[1:]).hex() != hex_id.lower():
        raise ProofError("the verifier key's id does not match its name and key")
    return name, raw[1:]


def open_note(note: str, name: str | None, public_key: bytes) -> str:
    """The text of a signed note, once a signature by `public_key` is found on it and checks
    out; raises ProofError otherwise. With `name` None (a PEM key), the name is taken from the
    signature line whose key id matches."""
    text, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise ProofError("not a signed note: no blank line before signature lines")
    text += "\n"  # the signed text ends with its last newline
    verifier = Ed25519PublicKey.from_public_bytes(public_key)
    for line in signatures[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise ProofError(f"malformed signature line {line!r}")
        signer, _, encoded = line[len(SIGNATURE_PREFIX) :].rpartition(" ")
        if name is not None and signer != name:
            continue
        try:
            blob = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise ProofError("a signature line is not base64") from exc
        if len(blob) != 68 or blob[:4] != key_id(signer, public_key):
            continue
        try:
            verifier.verify(blob[4:], text.encode())
        except InvalidSignature:
            raise ProofError(f"the signature of {signer} on the note is invalid") from None
        return text
    raise ProofError("the note carries no signature by the given key")


def parse_checkpoint(text: str) -> tuple[str, int, bytes]:
    """A tlog checkpoint's text -> (origin, tree size, root hash)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise ProofError("a checkpoint is origin, size and root hash, one per line")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin or not size_text.isdigit() or (size_text != "0" and size_text[0] == "0"):
        raise ProofError("the checkpoint's origin or size is malformed")
    try:
        root = base64.b64decode(root_text, validate=True)
    except ValueError as exc:
        raise ProofError("the checkpoint's root hash is not base64") from exc
    if len(root) != 32:
        raise ProofError("the checkpoint's root hash is not 32 bytes")
    return origin, int(size_text), root


def verify_checkpoint(note: str, public_key: str) -> tuple[str, int, bytes]:
    """Check a signed checkpoint with a verifier key or PEM -> (origin, size, root)."""
    name, raw = parse_public_key(public_key)
    return parse_checkpoint(open_note(note, name, raw))


# -- offline proof bundles -----------------------------------------------------------------------


def _b64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise ProofError(f"{what} must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise ProofError(f"{what} is not base64") from exc


def verify_bundle(bundle: dict[str, object], public_key: str) -> dict[str, object]:
    """Check an exported proof bundle against the ledger's public key. Returns what it proves
    (origin, tree size, leaf index, the event's fields); raises ProofError on any failure."""
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        raise ProofError(f"not a proof bundle of format {BUNDLE_FORMAT}")
    origin, size, root = verify_checkpoint(str(bundle.get("checkpoint", "")), public_key)
    event = bundle.get("event")
    if not isinstance(event, dict):
        raise ProofError("the bundle has no event")
    d = _b64(event.get("leaf_input"), "event.leaf_input")
    position, originator_id, version, topic, state = decode_event(d)
    # The readable copies of the fields beside the bytes must say what the bytes say.
    decoded = {
        "position": position,
        "originator_id": uuid_text(originator_id),
        "originator_version": version,
        "topic": topic,
    }
    for field, value in decoded.items():
        shown = event.get(field, value)
        if field == "originator_id" and isinstance(shown, str):
            shown = uuid_text(bytes.fromhex(shown.replace("-", ""))) if len(shown) >= 32 else shown
        if shown != value:
            raise ProofError(f"event.{field} does not match the event bytes")
    index, tree_size = bundle.get("leaf_index"), bundle.get("tree_size")
    if not isinstance(index, int) or tree_size != size:
        raise ProofError("the bundle's tree size is not the checkpoint's")
    listed = bundle.get("inclusion_path")
    if not isinstance(listed, list):
        raise ProofError("the bundle has no inclusion path")
    path = [_b64(p, "inclusion_path") for p in listed]
    if not verify_inclusion(leaf_hash(d), index, size, path, root):
        raise ProofError("the inclusion path does not lead to the checkpoint's root")
    return {
        "origin": origin,
        "tree_size": size,
        "leaf_index": index,
        "position": position,
        "originator_id": uuid_text(originator_id),
        "originator_version": version,
        "topic": topic,
        "state": state.decode("utf-8", errors="replace"),
        "leaf_hash": base64.b64encode(leaf_hash(d)).decode(),
        "root": base64.b64encode(root).decode(),
    }


def _read_key(argument: str) -> str:
    try:
        with open(argument, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return argument  # not a file: the key itself


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] != "--public-key":
        print("usage: python proofs.py BUNDLE.json --public-key KEY|KEYFILE", file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as handle:
            bundle = json.load(handle)
        proven = verify_bundle(bundle, _read_key(argv[2]))
    except (OSError, ValueError) as exc:  # ProofError and malformed JSON are ValueErrors
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"verified": True, **proven}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
