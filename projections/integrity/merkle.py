"""RFC 9162 Merkle tree math: roots and proof generation over stored subtree hashes.

Pure functions, no database. Hashing and verification live in `projections.integrity.proofs` (the file an
auditor copies); this module adds the generating side.

Every hash a root or a proof needs is MTH(D[start:end]) of a range the RFC's recursion produces:
it splits a range of n leaves at k, the largest power of two below n, so `start` is always a
multiple of the power of two at the range's top. Such a range is the concatenation of complete,
aligned subtrees whose sizes are the binary digits of (end - start), largest first, and its hash
is their right fold: MTH = node(s1, node(s2, ... sk)). A complete aligned subtree is named
(level, index): the 2**level leaves from index * 2**level. A `SubtreeSource` answers hashes of
those in bulk, so a proof is one batched read plus a fold, never a recomputation of the tree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from hashlib import sha256
from typing import Protocol

from projections.integrity.proofs import (
    EMPTY_ROOT,
    node_hash,
)

Subtree = tuple[int, int]  # (level, index): leaves [index * 2**level, (index + 1) * 2**level)
Range = tuple[int, int]  # leaves [start, end)


class SubtreeSource(Protocol):
    def subtrees(self, keys: Collection[Subtree]) -> Mapping[Subtree, bytes]:
        """The hash of each complete aligned subtree in `keys`."""
        ...


def split_point(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1), where RFC 9162 splits n leaves."""
    return 1 << ((n - 1).bit_length() - 1)


def decompose(start: int, end: int) -> list[Subtree]:
    """The complete aligned subtrees that make up the range [start, end), largest first."""
    parts: list[Subtree] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start % (1 << level):
            raise ValueError(f"[{start}, {end}) is not a range of the RFC 9162 recursion")
        parts.append((level, start >> level))
        start += 1 << level
    return parts


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its decomposition (right fold)."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The ranges whose hashes form PATH(index, D[size]) (RFC 9162 2.1.3.1), leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The ranges whose hashes form PROOF(first, D[second]) (RFC 9162 2.1.4.1). Empty when
    first is 0 or equal to second (see `proofs.verify_consistency`)."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first in (0, second):
        return []
    ranges: list[Range] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def range_hashes(source: SubtreeSource, ranges: Sequence[Range]) -> list[bytes]:
    """MTH of each range, from one bulk read of the subtrees they decompose into."""
    parts = [decompose(start, end) for start, end in ranges]
    known = source.subtrees({key for keys in parts for key in keys})
    return [fold([known[key] for key in keys]) for keys in parts]


def root(source: SubtreeSource, size: int) -> bytes:
    return range_hashes(source, [(0, size)])[0] if size else EMPTY_ROOT


def inclusion_proof(source: SubtreeSource, index: int, size: int) -> list[bytes]:
    return range_hashes(source, inclusion_ranges(index, size))


def consistency_proof(source: SubtreeSource, first: int, second: int) -> list[bytes]:
    return range_hashes(source, consistency_ranges(first, second))


# -- hashing many leaves at once -----------------------------------------------------------------

_NODE = sha256(b"\x01")  # copied per node: cheaper than starting a new hash with OpenSSL 3


def complete_subtree(leaves: bytes) -> bytes:
    """The root of a complete subtree from its leaf hashes, concatenated (2**k * 32 bytes).

    Works level by level over contiguous bytes (each node hashes 0x01 and 64 adjacent bytes),
    which spares the per-node list handling of a recursive definition; this loop is half of
    the sealing work."""
    copy = _NODE.copy
    level = leaves
    while len(level) > 32:
        view = memoryview(level)
        out = []
        for i in range(0, len(level), 64):
            h = copy()
            h.update(view[i : i + 64])
            out.append(h.digest())
        level = b"".join(out)
    if len(level) != 32:
        raise ValueError("a complete subtree has a power-of-two number of 32-byte leaves")
    return level


def subtree_in(leaves: bytes, offset: int, level: int) -> bytes:
    """The complete subtree (level) starting at leaf `offset` of a run of leaf hashes."""
    return complete_subtree(leaves[offset * 32 : (offset + (1 << level)) * 32])


class MemoryTree:
    """A SubtreeSource over leaf hashes in memory (tests, small trees, the offline audit)."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self.leaves = bytearray()
        for leaf in leaves:
            self.append(leaf)

    def append(self, leaf: bytes) -> None:
        self.leaves += leaf

    def __len__(self) -> int:
        return len(self.leaves) // 32

    def subtrees(self, keys: Collection[Subtree]) -> dict[Subtree, bytes]:
        data = bytes(self.leaves)
        found = {}
        for level, index in keys:
            if (index + 1) << level > len(self):
                raise ValueError(f"subtree {(level, index)} is beyond the tree")
            found[(level, index)] = subtree_in(data, index << level, level)
        return found


class Frontier:
    """The right edge of a growing tree: one complete subtree per set bit of its size, each
    named (level, hash). Appending merges equal levels, so a root of any prefix reached so far
    costs O(log n) and the whole log is never held in memory (`ledger verify` streams it)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[int, bytes]] = []
        self.size = 0

    def push(self, level: int, digest: bytes) -> list[tuple[int, int, bytes]]:
        """Add a complete subtree of 2**level leaves at the current end (aligned: the size is
        a multiple of 2**level). Returns the subtrees completed on the way as (level, index,
        hash), the pushed one first."""
        if self.size % (1 << level):
            raise ValueError(f"a subtree of level {level} is not aligned at {self.size}")
        index = self.size >> level
        completed = [(level, index, digest)]
        while self.nodes and self.nodes[-1][0] == level:
            _, left = self.nodes.pop()
            digest = node_hash(left, digest)
            level, index = level + 1, index >> 1
            completed.append((level, index, digest))
        self.nodes.append((level, digest))
        self.size += 1 << completed[0][0]
        return completed

    def root(self, tail: Sequence[bytes] = ()) -> bytes:
        """MTH of the leaves pushed so far followed by the leaf hashes `tail` (fewer than the
        smallest pushed subtree holds, e.g. the partial chunk after the last complete one)."""
        hashes = [digest for _, digest in self.nodes]
        if tail:
            run = b"".join(tail)
            offset = 0
            for level, _ in decompose(0, len(tail)):
                hashes.append(subtree_in(run, offset, level))
                offset += 1 << level
        return fold(hashes)
