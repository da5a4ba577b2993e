"""Laws of the Merkle proofs, for random tree sizes: for m <= n and i < n, the generated
inclusion and consistency proofs verify, and flipping any one bit of the proof, the leaf or a
root makes verification fail."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.integrity import merkle
from projections.integrity.merkle import MemoryTree
from projections.integrity.proofs import (
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 600


def tree_of(n: int, salt: int) -> MemoryTree:
    return MemoryTree(hashlib.sha256(b"\x00" + f"{salt}:{i}".encode()).digest() for i in range(n))


def flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    out = bytearray(value)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=MAX_SIZE))
    return n, draw(st.integers(min_value=0, max_value=n - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=0, max_value=MAX_SIZE))
    return draw(st.integers(min_value=0, max_value=n)), n


@settings(max_examples=150, deadline=None)
@given(size_and_index(), st.integers(min_value=0), st.integers(min_value=0, max_value=2**16))
def test_inclusion_proofs_verify_and_any_flipped_bit_fails(
    case: tuple[int, int], bit: int, salt: int
) -> None:
    n, i = case
    tree = tree_of(n, salt)
    root = merkle.root(tree, n)
    leaf = bytes(tree.leaves[i * 32 : i * 32 + 32])
    proof = merkle.inclusion_proof(tree, i, n)
    assert verify_inclusion(leaf, i, n, proof, root)

    assert not verify_inclusion(flip(leaf, bit), i, n, proof, root)
    assert not verify_inclusion(leaf, i, n, proof, flip(root, bit))
    if proof:
        k = bit % len(proof)
        bad = [*proof[:k], flip(proof[k], bit // len(proof)), *proof[k + 1 :]]
        assert not verify_inclusion(leaf, i, n, bad, root)


@settings(max_examples=150, deadline=None)
@given(two_sizes(), st.integers(min_value=0), st.integers(min_value=0, max_value=2**16))
def test_consistency_proofs_verify_and_any_flipped_bit_fails(
    sizes: tuple[int, int], bit: int, salt: int
) -> None:
    m, n = sizes
    tree = tree_of(n, salt)
    old, new = merkle.root(tree, m), merkle.root(tree, n)
    proof = merkle.consistency_proof(tree, m, n)
    assert verify_consistency(m, n, old, new, proof)

    assert not verify_consistency(m, n, flip(old, bit), new, proof)
    if m != 0:  # every tree extends the empty one: nothing about the new root is proven then
        assert not verify_consistency(m, n, old, flip(new, bit), proof)
    if proof:
        k = bit % len(proof)
        bad = [*proof[:k], flip(proof[k], bit // len(proof)), *proof[k + 1 :]]
        assert not verify_consistency(m, n, old, new, bad)


@settings(max_examples=100, deadline=None)
@given(two_sizes(), st.integers(min_value=0, max_value=2**16))
def test_a_prefix_of_another_log_is_not_consistent(sizes: tuple[int, int], salt: int) -> None:
    """A tree whose first m leaves differ (a rewritten history) fails the consistency check."""
    m, n = sizes
    if m == 0:
        return
    tree = tree_of(n, salt)
    rewritten = tree_of(m, salt + 1)
    proof = merkle.consistency_proof(tree, m, n)
    assert not verify_consistency(m, n, merkle.root(rewritten, m), merkle.root(tree, n), proof)
