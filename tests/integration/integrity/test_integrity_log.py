"""The Merkle log on both backends: every stored event is sealed, in log order, from its stored
bytes; stored subtrees give the same roots and proofs as the RFC math over all leaves;
checkpoints are signed when due and proofs check out against them."""

from __future__ import annotations

import hashlib
import random
import threading
from datetime import UTC, datetime, timedelta

import pytest

from api.services import Services
from projections.integrity import merkle
from projections.integrity.checkpoints import CheckpointPolicy
from projections.integrity.leaves import Leaves
from projections.integrity.merkle import MemoryTree
from projections.integrity.proofs import (
    encode_event,
    leaf_hash,
    verify_bundle,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)
from projections.integrity.service import (
    EventNotInTreeError,
    EventNotSealedError,
    IntegrityService,
    TreeSizeBeyondLogError,
)
from projections.runner.views import ViewRunner
from tests.integration.integrity_support import record, stored


def leaves_of(services: Services) -> list[bytes]:
    """The leaf hash of every stored event, from an independent read of the events table."""
    return [
        leaf_hash(
            encode_event(
                r["position"],
                r["originator_id"].bytes,
                r["originator_version"],
                r["topic"],
                r["state"],
            )
        )
        for r in stored(services)
    ]


def test_every_stored_event_is_sealed_in_log_order_from_its_stored_bytes(
    any_services: Services,
) -> None:
    record(any_services, 12)
    integrity = any_services.integrity
    rows = stored(any_services)
    assert integrity.catch_up() == len(rows) == 24
    expected = leaves_of(any_services)
    for index, row in enumerate(rows):
        leaf = integrity.leaf(row["position"])
        assert (leaf.index, leaf.leaf_hash, leaf.subject) == (
            index,
            expected[index],
            row["originator_id"],
        )
    assert merkle.root(integrity.view.source(any_services.db), len(rows)) == merkle.root(
        MemoryTree(expected), len(rows)
    )
    assert integrity.catch_up() == 24  # idempotent


def test_leaf_index_follows_log_order_across_gaps_in_positions(any_services: Services) -> None:
    record(any_services, 2)
    if any_services.db.is_postgres:
        # A rolled-back insert leaves a hole in the notification ids: make some.
        with any_services.db.transaction() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                (any_services.db.events_table, any_services.db.head() + 5),
            )
    record(any_services, 2)
    positions = [r["position"] for r in stored(any_services)]
    any_services.integrity.catch_up()
    assert [any_services.integrity.leaf(p).index for p in positions] == list(range(8))
    if any_services.db.is_postgres:
        assert positions[4] == positions[3] + 6


def test_the_runner_path_and_the_fast_path_seal_the_same_tree(any_services: Services) -> None:
    record(any_services, 9)
    integrity = any_services.integrity
    size = integrity.catch_up()
    fast = merkle.root(integrity.view.source(any_services.db), size)
    runner = ViewRunner(any_services.ledger, any_services.db, [integrity.view])
    runner.rebuild("merkle")  # through StoredView.apply, batch by batch
    assert integrity.sealed_size() == size
    assert merkle.root(integrity.view.source(any_services.db), size) == fast


def test_stored_subtrees_give_the_rfc_roots_and_proofs_across_chunks(
    any_services: Services,
) -> None:
    """Chunks of 4 leaves, so a few dozen leaves exercise stored nodes several levels up;
    leaves arrive in random batches, and every size is compared with the math over all leaves."""
    small = IntegrityService(
        any_services.ledger,
        any_services.db,
        any_services.integrity.signer,
        chunk_level=2,
    )
    small.create_tables()
    view, db = small.view, any_services.db
    rng = random.Random(9162)
    leaves: list[bytes] = []
    position = 0
    while len(leaves) < 70:
        rows = []
        for _ in range(rng.choice([1, 1, 2, 3, 4, 5, 9])):
            position += rng.choice([1, 1, 3])
            oid = hashlib.md5(str(position).encode()).digest()
            rows.append((position, oid, 1, "t.Synthetic", f"state {position}".encode()))
        with db.transaction() as cursor:
            view.seal(db, cursor, Leaves.of_rows(rows))
        leaves += [leaf_hash(encode_event(*row)) for row in rows]
        n = len(leaves)
        memory, sealed = MemoryTree(leaves), view.source(db)
        assert view.size(db) == n
        assert merkle.root(sealed, n) == merkle.root(memory, n)
        for i in range(n):
            assert merkle.inclusion_proof(sealed, i, n) == merkle.inclusion_proof(memory, i, n)
        for m in range(n + 1):
            assert merkle.consistency_proof(sealed, m, n) == merkle.consistency_proof(memory, m, n)


def test_proofs_against_a_signed_checkpoint_check_out(any_services: Services) -> None:
    record(any_services, 6)
    integrity = any_services.integrity
    first, created = integrity.checkpoint_now()
    assert created and first.tree_size == 12
    assert integrity.checkpoint_now() == (first, False)  # nothing new: nothing signed
    record(any_services, 3)
    second, _ = integrity.checkpoint_now()
    key = integrity.signer.verifier_key
    _, size, root = verify_checkpoint(second.note, key)
    assert (size, root) == (18, second.root)
    for row in stored(any_services):
        proof = integrity.inclusion(row["position"])
        assert proof.tree_size == 18 and proof.checkpoint == second
        assert verify_inclusion(proof.leaf.leaf_hash, proof.leaf.index, size, proof.path, root)
    consistency = integrity.consistency(first.tree_size)
    assert verify_consistency(12, 18, first.root, second.root, consistency.path)
    bundle = integrity.bundle(stored(any_services)[5]["position"], first.tree_size)
    assert verify_bundle(bundle, key)["leaf_index"] == 5


def test_proof_requests_outside_the_sealed_log_are_refused(any_services: Services) -> None:
    record(any_services, 2)
    integrity = any_services.integrity
    checkpoint, _ = integrity.checkpoint_now()
    record(any_services, 1)
    late = stored(any_services)[-1]["position"]
    with pytest.raises(EventNotSealedError):
        integrity.inclusion(late)
    integrity.catch_up()
    with pytest.raises(EventNotInTreeError):
        integrity.inclusion(late, checkpoint.tree_size)
    with pytest.raises(TreeSizeBeyondLogError):
        integrity.inclusion(late, 100)


def test_tick_signs_after_n_leaves_or_t_seconds_of_growth(any_services: Services) -> None:
    t0 = datetime(2024, 12, 31, 8, tzinfo=UTC)
    clock = [t0]
    integrity = IntegrityService(
        any_services.ledger,
        any_services.db,
        any_services.integrity.signer,
        CheckpointPolicy(every_events=10, every_seconds=60),
        now=lambda: clock[0],
    )
    integrity.create_tables()
    assert integrity.tick() is None  # empty log
    record(any_services, 1)
    first = integrity.tick()
    assert first is not None and first.tree_size == 2  # the first leaves get a checkpoint
    record(any_services, 3)
    assert integrity.tick() is None  # 6 new leaves, no time passed
    record(any_services, 2)
    by_count = integrity.tick()
    assert by_count is not None and by_count.tree_size == 12
    record(any_services, 1)
    clock[0] = t0 + timedelta(seconds=59)
    assert integrity.tick() is None
    clock[0] = t0 + timedelta(seconds=60)
    by_time = integrity.tick()
    assert by_time is not None and by_time.tree_size == 14
    clock[0] = t0 + timedelta(hours=1)
    assert integrity.tick() is None  # no growth, no checkpoint


def test_concurrent_sealers_seal_each_event_once(any_services: Services) -> None:
    integrity = any_services.integrity
    stop = threading.Event()
    errors: list[BaseException] = []

    def seal() -> None:
        try:
            while not stop.is_set():
                integrity.catch_up()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    sealers = [threading.Thread(target=seal) for _ in range(2)]
    for thread in sealers:
        thread.start()
    try:
        record(any_services, 15)
    finally:
        stop.set()
        for thread in sealers:
            thread.join()
    assert errors == []
    assert integrity.catch_up() == 30
    expected = leaves_of(any_services)
    assert merkle.root(integrity.view.source(any_services.db), 30) == merkle.root(
        MemoryTree(expected), 30
    )
