"""The draw's seed and its generator (algorithm version 1; the draw itself is in draw.py).

Seed (domain-separated, length-prefixed, so no two inputs share a byte layout)
    seed = SHA-256( "compliance-ledger/draw-seed" (27 ASCII bytes) || u32be(algorithm version)
                    || plan id (16 bytes, RFC 4122 order) || u32be(len(reveal)) || reveal
                    || u32be(len(root)) || root )
    `reveal` is the committed random value (raw bytes; the commitment recorded at approval is
    hex(SHA-256(reveal))) and `root` the 32-byte tree root of the signed checkpoint.

Generator: SHA-256 in counter mode, one independent stream per ASCII label
    block_i = SHA-256(seed || label || u64be(i)), i = 0, 1, 2, ...
    Each block gives four unsigned 64-bit integers (big-endian; bytes 0-7, 8-15, 16-23, 24-31),
    used in that order. uniform(n) for an integer in [0, n): take the next integer x; while
    x >= 2^64 - (2^64 mod n) take another (rejection: no value is favoured); return x mod n.
"""

from __future__ import annotations

import hashlib
import struct
from uuid import UUID

SEED_TAG = b"compliance-ledger/draw-seed"
_TWO_64 = 1 << 64
_WORDS = struct.Struct(">4Q")


def commitment_of(reveal: bytes) -> str:
    """The commitment published at approval for a random value kept secret until the draw."""
    return hashlib.sha256(reveal).hexdigest()


def derive_seed(algorithm_version: int, plan_id: UUID, reveal: bytes, root: bytes) -> bytes:
    def prefixed(value: bytes) -> bytes:
        return len(value).to_bytes(4, "big") + value

    layout = (
        SEED_TAG
        + algorithm_version.to_bytes(4, "big")
        + plan_id.bytes
        + prefixed(reveal)
        + prefixed(root)
    )
    return hashlib.sha256(layout).digest()


class Stream:
    """One labelled stream of the SHA-256 counter-mode generator."""

    __slots__ = ("_base", "_counter", "_index", "_words")

    def __init__(self, seed: bytes, label: str) -> None:
        self._base = hashlib.sha256(seed + label.encode("ascii"))
        self._counter = 0
        self._words: tuple[int, ...] = ()
        self._index = 4

    def next_u64(self) -> int:
        if self._index == 4:
            block = self._base.copy()
            block.update(self._counter.to_bytes(8, "big"))
            self._words = _WORDS.unpack(block.digest())
            self._counter += 1
            self._index = 0
        word = self._words[self._index]
        self._index += 1
        return word

    def uniform(self, n: int) -> int:
        """An integer in [0, n), every value equally likely."""
        if n <= 0:
            raise ValueError("uniform(n) needs n >= 1")
        limit = _TWO_64 - (_TWO_64 % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n
