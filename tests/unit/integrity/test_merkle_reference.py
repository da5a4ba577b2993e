"""Roots and proofs follow RFC 9162 exactly: they equal those of a straightforward, independent
implementation of the RFC's recursive definitions (MTH, PATH, PROOF/SUBPROOF in 2.1.1, 2.1.3.1,
2.1.4.1), written here from the RFC text and sharing no code with projections/."""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache

import pytest

from projections.integrity import merkle
from projections.integrity.merkle import (
    Frontier,
    MemoryTree,
)
from projections.integrity.proofs import (
    ProofError,
    decode_event,
    encode_event,
    root_from_inclusion,
    verify_consistency,
    verify_inclusion,
)
from store.leaves import hash_leaves

EDGE_SIZES = [0, 1, 2, 3, 7, 8, 9, 1023, 1024, 1025]


# -- the reference: RFC 9162 section 2.1, transcribed ------------------------------------------


def sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Reference:
    """MTH / PATH / PROOF over the list D of entries, as the RFC defines them (memoised on
    the sub-list's bounds only to keep sizes near 1025 fast)."""

    def __init__(self, entries: list[bytes]) -> None:
        self.d = entries
        self.mth = lru_cache(maxsize=None)(self._mth)

    def _mth(self, lo: int, hi: int) -> bytes:
        n = hi - lo
        if n == 0:
            return sha(b"")
        if n == 1:
            return sha(b"\x00" + self.d[lo])
        k = largest_power_of_two_below(n)
        return sha(b"\x01" + self.mth(lo, lo + k) + self.mth(lo + k, hi))

    def path(self, m: int, lo: int, hi: int) -> list[bytes]:
        n = hi - lo
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return [*self.path(m, lo, lo + k), self.mth(lo + k, hi)]
        return [*self.path(m - k, lo + k, hi), self.mth(lo, lo + k)]

    def subproof(self, m: int, lo: int, hi: int, b: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if b else [self.mth(lo, hi)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return [*self.subproof(m, lo, lo + k, b), self.mth(lo + k, hi)]
        return [*self.subproof(m - k, lo + k, hi, False), self.mth(lo, lo + k)]

    def proof(self, m: int, n: int) -> list[bytes]:
        return self.subproof(m, 0, n, True)


def entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() * (1 + i % 3) for i in range(n)]


@cache
def fixtures(n: int) -> tuple[Reference, MemoryTree]:
    d = entries(n)
    return Reference(d), MemoryTree(sha(b"\x00" + e) for e in d)


def sample(n: int) -> list[int]:
    """Every index for small trees; edges and a stride for the large ones."""
    if n <= 64:
        return list(range(n))
    picked = {0, 1, 2, n // 2 - 1, n // 2, n - 3, n - 2, n - 1, *range(0, n, 37)}
    return sorted(i for i in picked if 0 <= i < n)


# -- roots --------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", EDGE_SIZES)
def test_root_equals_the_rfc_mth(n: int) -> None:
    reference, tree = fixtures(n)
    assert merkle.root(tree, n) == reference.mth(0, n)


def test_the_empty_tree_hashes_the_empty_string() -> None:
    assert merkle.root(MemoryTree(), 0) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", EDGE_SIZES)
def test_frontier_root_equals_the_rfc_mth_at_every_prefix(n: int) -> None:
    reference, tree = fixtures(n)
    frontier = Frontier()
    leaves = [bytes(tree.leaves[i * 32 : i * 32 + 32]) for i in range(n)]
    for i, leaf in enumerate(leaves):
        frontier.push(0, leaf)
        if i + 1 in sample(n + 1) or n <= 64:
            assert frontier.root() == reference.mth(0, i + 1)
    assert frontier.root() == reference.mth(0, n)


def test_frontier_with_a_partial_tail_equals_the_rfc_mth() -> None:
    reference, tree = fixtures(1025)
    leaves = [bytes(tree.leaves[i * 32 : i * 32 + 32]) for i in range(1025)]
    frontier = Frontier()
    frontier.push(3, merkle.complete_subtree(b"".join(leaves[0:8])))
    frontier.push(3, merkle.complete_subtree(b"".join(leaves[8:16])))
    for extra in range(8):
        assert frontier.root(leaves[16 : 16 + extra]) == reference.mth(0, 16 + extra)


# -- inclusion ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [n for n in EDGE_SIZES if n])
def test_inclusion_proofs_equal_the_rfc_path_and_verify(n: int) -> None:
    reference, tree = fixtures(n)
    root = reference.mth(0, n)
    for i in sample(n):
        proof = merkle.inclusion_proof(tree, i, n)
        assert proof == reference.path(i, 0, n), (i, n)
        leaf = sha(b"\x00" + reference.d[i])
        assert verify_inclusion(leaf, i, n, proof, root)
        assert root_from_inclusion(leaf, i, n, proof) == root


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9])
def test_inclusion_fails_for_the_wrong_index_leaf_or_size(n: int) -> None:
    reference, _ = fixtures(n)
    root = reference.mth(0, n)
    for i in range(n):
        proof = reference.path(i, 0, n)
        leaf = sha(b"\x00" + reference.d[i])
        if n > 1:
            assert not verify_inclusion(leaf, (i + 1) % n, n, proof, root)
        assert not verify_inclusion(sha(b"\x00other"), i, n, proof, root)
        # The same path against the next tree (its size and its root) proves nothing.
        assert not verify_inclusion(leaf, i, n + 1, proof, fixtures(n + 1)[0].mth(0, n + 1))
        assert not verify_inclusion(leaf, i, n, [*proof, root], root)
        assert not verify_inclusion(leaf, n, n, proof, root)


def test_an_index_outside_the_tree_has_no_inclusion_proof() -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(3, 3)
    with pytest.raises(ProofError):
        root_from_inclusion(b"\x00" * 32, 3, 3, [])


# -- consistency --------------------------------------------------------------------------------


@pytest.mark.parametrize("n", EDGE_SIZES)
def test_consistency_proofs_equal_the_rfc_proof_and_verify(n: int) -> None:
    reference, tree = fixtures(n)
    new_root = reference.mth(0, n)
    for m in sample(n + 1):
        proof = merkle.consistency_proof(tree, m, n)
        old_root = reference.mth(0, m)
        if 0 < m < n:
            assert proof == reference.proof(m, n), (m, n)
        else:
            assert proof == []  # the RFC defines 0 < m < n; the edges need no hashes
        assert verify_consistency(m, n, old_root, new_root, proof), (m, n)


@pytest.mark.parametrize("n", [2, 3, 7, 8, 9, 1025])
def test_consistency_fails_against_another_old_root_or_size(n: int) -> None:
    reference, _ = fixtures(n)
    new_root = reference.mth(0, n)
    for m in sample(n)[1:]:
        proof = reference.proof(m, n)
        assert not verify_consistency(m, n, reference.mth(0, m - 1), new_root, proof)
        assert not verify_consistency(m, n, reference.mth(0, m), reference.mth(0, n - 1), proof)
        assert not verify_consistency(m, n, reference.mth(0, m), new_root, [])
        assert not verify_consistency(n, m, new_root, reference.mth(0, m), proof)


def test_equal_sizes_are_consistent_only_with_equal_roots() -> None:
    reference, _ = fixtures(9)
    assert verify_consistency(9, 9, reference.mth(0, 9), reference.mth(0, 9), [])
    assert not verify_consistency(9, 9, reference.mth(0, 9), reference.mth(0, 8), [])


# -- the canonical leaf encoding ----------------------------------------------------------------


def test_the_inline_sealing_loop_hashes_exactly_the_canonical_encoding() -> None:
    rows = [
        (1, bytes(range(16)), 1, "ledger.Organization.Registered", b'{"a":1}'),
        (7, b"\xff" * 16, 2**40, "ledger.事项.Recorded", b""),
        (2**63 - 1, b"\x00" * 16, 0, "", bytes(range(256)) * 3),
    ]
    expected = [sha(b"\x00" + encode_event(*row)) for row in rows]
    assert hash_leaves(rows) == (expected, [row[1] for row in rows])
    # SQLite stores the originator id as hex text: the same leaves.
    as_text = [(p, oid.hex(), v, t, s) for p, oid, v, t, s in rows]
    assert hash_leaves(as_text) == (expected, [row[1] for row in rows])


def test_the_encoding_is_fixed_width_then_length_prefixed() -> None:
    oid = bytes(range(16))
    d = encode_event(258, oid, 3, "ab", b"xyz")
    assert d == (
        (258).to_bytes(8, "big") + oid + (3).to_bytes(8, "big") + b"\x00\x00\x00\x02ab"
        b"\x00\x00\x00\x03xyz"
    )
    assert decode_event(d) == (258, oid, 3, "ab", b"xyz")


def test_a_truncated_or_padded_encoding_is_refused() -> None:
    d = encode_event(1, bytes(16), 1, "t", b"state")
    for bad in (d[:-1], d + b"\x00", d[:30]):
        with pytest.raises(ProofError):
            decode_event(bad)
