"""The pure draw (domain/spot_checks/draw.py): its documented generator and seed layout, reproduced here from
the specification with hashlib alone; sampling sizes and rounding; every exclusion; balanced
loads; a clear error naming the target when the rules cannot be met; replacements."""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from decimal import Decimal
from uuid import UUID

import pytest

from domain.spot_checks.draw import (
    ALGORITHM_VERSION,
    draw,
    first_difference,
    loads_of,
    replacement,
)
from domain.spot_checks.errors import (
    DrawConstraintError,
    SpotCheckPlanInvalidError,
)
from domain.spot_checks.pools import (
    DrawRules,
    PoolInspector,
    PoolTarget,
    TierQuota,
    canonical_json,
    pool_hash,
)
from domain.spot_checks.seed import (
    Stream,
    commitment_of,
    derive_seed,
)

SEED = hashlib.sha256(b"unit test seed").digest()


def ids(n: int, salt: str) -> list[UUID]:
    return [uuid.uuid5(uuid.NAMESPACE_URL, f"{salt}/{i}") for i in range(n)]


def target(i: UUID, tier: str = "low", **kw: object) -> PoolTarget:
    fields = {"kind": "law_firm", "number": f"N{i.hex[:6]}", "name": "所", "tier": tier}
    return PoolTarget.model_validate({"id": i, "draws_this_year": 0, **fields, **kw})


def inspector(i: UUID, unit: str = "A", **kw: object) -> PoolInspector:
    return PoolInspector.model_validate(
        {"id": i, "number": f"I{i.hex[:6]}", "name": "员", "unit": unit, **kw}
    )


def rules(per_target: int = 2, cap: int = 2, **ratios: str) -> DrawRules:
    quotas = tuple(TierQuota(tier=t, ratio=Decimal(r)) for t, r in ratios.items())
    return DrawRules(quotas=quotas, per_target=per_target, max_draws_per_year=cap)


# -- the documented generator ------------------------------------------------------------------


def reference_words(seed: bytes, label: str, count: int) -> list[int]:
    """block_i = SHA-256(seed || label || u64be(i)); four big-endian u64 per block."""
    words: list[int] = []
    i = 0
    while len(words) < count:
        block = hashlib.sha256(seed + label.encode() + i.to_bytes(8, "big")).digest()
        words += [int.from_bytes(block[k : k + 8], "big") for k in range(0, 32, 8)]
        i += 1
    return words[:count]


def test_stream_follows_the_documented_counter_mode() -> None:
    stream = Stream(SEED, "sample/low")
    assert [stream.next_u64() for _ in range(10)] == reference_words(SEED, "sample/low", 10)


def test_streams_with_different_labels_are_independent() -> None:
    assert reference_words(SEED, "assign", 4) != reference_words(SEED, "sample/low", 4)
    assert Stream(SEED, "assign").next_u64() == reference_words(SEED, "assign", 1)[0]


def test_uniform_rejects_the_values_that_would_favour_small_results() -> None:
    n = 3
    limit = 2**64 - (2**64 % n)
    words = reference_words(SEED, "u", 64)
    expected = []
    taken = iter(words)
    for _ in range(20):
        x = next(taken)
        while x >= limit:
            x = next(taken)
        expected.append(x % n)
    stream = Stream(SEED, "u")
    assert [stream.uniform(n) for _ in range(20)] == expected
    with pytest.raises(ValueError):
        stream.uniform(0)


def test_seed_follows_the_documented_byte_layout() -> None:
    plan_id = uuid.uuid4()
    reveal, root = bytes(range(32)), hashlib.sha256(b"root").digest()
    layout = (
        b"compliance-ledger/draw-seed"
        + (1).to_bytes(4, "big")
        + plan_id.bytes
        + (32).to_bytes(4, "big")
        + reveal
        + (32).to_bytes(4, "big")
        + root
    )
    assert ALGORITHM_VERSION == 1
    assert derive_seed(1, plan_id, reveal, root) == hashlib.sha256(layout).digest()
    # Every input moves the seed.
    assert derive_seed(1, plan_id, reveal, root) != derive_seed(2, plan_id, reveal, root)
    assert derive_seed(1, plan_id, reveal, root) != derive_seed(1, uuid.uuid4(), reveal, root)
    assert derive_seed(1, plan_id, reveal, root) != derive_seed(1, plan_id, reveal[1:], root)


def test_commitment_is_the_hex_sha256_of_the_value() -> None:
    assert commitment_of(b"abc") == hashlib.sha256(b"abc").hexdigest()


# -- pools -------------------------------------------------------------------------------------


def test_pool_hash_is_sha256_of_the_documented_canonical_json_whatever_the_order() -> None:
    a, b = ids(2, "hash")
    members = [target(b, organization_id=a), target(a, previous_inspectors=[b, a])]
    rows = sorted((m.model_dump(mode="json") for m in members), key=lambda r: UUID(r["id"]).int)
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(members) == text.encode()
    assert pool_hash(members) == hashlib.sha256(text.encode()).hexdigest()
    assert pool_hash(list(reversed(members))) == pool_hash(members)
    assert '"previous_inspectors":["' + str(min(a, b)) in text  # inner ids sorted too


def test_a_quota_gives_a_ratio_or_a_count() -> None:
    with pytest.raises(ValueError):
        TierQuota(tier="low")
    with pytest.raises(ValueError):
        TierQuota(tier="low", ratio=Decimal("0.5"), count=3)
    with pytest.raises(ValueError):
        TierQuota(tier="extreme", count=3)


@pytest.mark.parametrize(
    ("ratio", "eligible", "expected"),
    [("0.05", 100, 5), ("0.05", 101, 6), ("0.2", 7, 2), ("1", 9, 9), ("0", 9, 0), ("0.3", 10, 3)],
)
def test_sample_size_rounds_up_exactly(ratio: str, eligible: int, expected: int) -> None:
    assert TierQuota(tier="low", ratio=Decimal(ratio)).sample_size(eligible) == expected
    assert expected == math.ceil(Decimal(ratio) * eligible)


def test_a_count_never_exceeds_the_eligible_targets() -> None:
    assert TierQuota(tier="high", count=5).sample_size(3) == 3


# -- the draw ----------------------------------------------------------------------------------


def test_targets_at_their_yearly_cap_are_skipped() -> None:
    capped, free = ids(2, "cap")
    targets = [
        target(capped).model_copy(update={"draws_this_year": 2}),
        target(free).model_copy(update={"draws_this_year": 1}),
    ]
    outcome = draw(targets, [inspector(i) for i in ids(4, "i")], rules(low="1"), SEED)
    assert [a.target_id for a in outcome.assignments] == [free]
    low = next(t for t in outcome.tiers if t.tier == "low")
    assert (low.population, low.at_cap, low.eligible, low.drawn) == (2, 1, 1, 1)


def test_tiers_are_drawn_from_the_highest_risk_down_at_their_own_ratio() -> None:
    high, low = ids(3, "high"), ids(20, "low")
    targets = [target(i, "high") for i in high] + [target(i, "low") for i in low]
    outcome = draw(targets, [inspector(i) for i in ids(6, "i")], rules(high="1", low="0.1"), SEED)
    tiers = [a.tier for a in outcome.assignments]
    assert tiers == ["high"] * 3 + ["low"] * 2
    assert {t.tier: t.drawn for t in outcome.tiers} == {"high": 3, "medium": 0, "low": 2}


def test_every_drawn_target_gets_distinct_inspectors_and_the_load_is_balanced() -> None:
    outcome = draw(
        [target(i) for i in ids(30, "t")], [inspector(i) for i in ids(7, "i")], rules(low="1"), SEED
    )
    assert all(len(set(a.inspector_ids)) == 2 for a in outcome.assignments)
    loads = loads_of(a.inspector_ids for a in outcome.assignments).values()
    assert sum(loads) == 60 and max(loads) - min(loads) <= 1


def test_each_exclusion_keeps_the_inspector_off_the_target() -> None:
    t, org = ids(2, "x")
    same_unit, declared, employed_by_org, previous, free1, free2 = ids(6, "pool")
    subject = target(t, unit="律师工作科", organization_id=org, previous_inspectors=[previous])
    pool = [
        inspector(same_unit, unit="律师工作科"),
        inspector(declared, conflicts=[t]),
        inspector(employed_by_org, previous_employers=[org]),
        inspector(previous),
        inspector(free1),
        inspector(free2),
    ]
    for seed in range(20):
        outcome = draw([subject], pool, rules(low="1"), bytes([seed]) * 32)
        assert set(outcome.assignments[0].inspector_ids) == {free1, free2}


def test_too_few_unconflicted_inspectors_fails_naming_the_target_and_the_constraint() -> None:
    t = ids(1, "short")[0]
    subject = target(t, unit="律师工作科")
    pool = [inspector(i, unit="律师工作科") for i in ids(3, "u")]
    pool.append(inspector(ids(1, "free")[0], unit="执法监督科"))
    with pytest.raises(DrawConstraintError) as caught:
        draw([subject], pool, rules(low="1"), SEED)
    error = caught.value
    assert error.rule == "DrawConstraintsMet"
    assert error.context["target_id"] == str(t)
    assert error.context["constraint"] == "AtLeastTwoUnconflictedInspectors"
    assert (error.context["required"], error.context["eligible"]) == (2, 1)
    assert subject.number in error.detail and "3 serves in 律师工作科" in error.detail


def test_a_pool_naming_a_member_twice_is_refused() -> None:
    t = ids(1, "dup")[0]
    with pytest.raises(SpotCheckPlanInvalidError):
        draw([target(t), target(t)], [inspector(i) for i in ids(2, "i")], rules(low="1"), SEED)


# -- replacements ------------------------------------------------------------------------------


def test_a_replacement_is_the_least_loaded_eligible_inspector_not_yet_on_the_target() -> None:
    t = ids(1, "rep")[0]
    a, b, busy, idle, conflicted = ids(5, "rep-i")
    pool = [
        inspector(a),
        inspector(b),
        inspector(busy),
        inspector(idle),
        inspector(conflicted, conflicts=[t]),
    ]
    loads = {a: 3, b: 3, busy: 2, idle: 0}
    for slot in (0, 1):
        chosen = replacement(target(t), slot, 0, pool, loads, [a, b], SEED)
        assert chosen == idle


def test_a_replacement_depends_on_the_slot_and_on_earlier_replacements_only_through_ties() -> None:
    t = ids(1, "ties")[0]
    pool = [inspector(i) for i in ids(12, "ties-i")]
    picks = {replacement(target(t), s, n, pool, {}, [], SEED) for s in range(3) for n in range(3)}
    assert len(picks) > 1  # nine labelled streams over twelve tied inspectors


def test_first_difference_names_the_target_and_both_assignments() -> None:
    pool = [inspector(i) for i in ids(5, "fd")]
    outcome = draw([target(i) for i in ids(3, "fd-t")], pool, rules(low="1"), SEED)
    assert first_difference(outcome, outcome) is None
    first = outcome.assignments[0]
    other = next(i.id for i in pool if i.id not in first.inspector_ids)
    changed = first.model_copy(update={"inspector_ids": (first.inspector_ids[0], other)})
    tampered = outcome.model_copy(update={"assignments": (changed, *outcome.assignments[1:])})
    message = first_difference(tampered, outcome)
    assert message is not None
    assert str(first.target_id) in message and str(other) in message
    assert "recorded" in message and "recomputed" in message
