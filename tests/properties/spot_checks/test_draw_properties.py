"""Laws of the draw for random pools (hypothesis), and its uniformity (chi-square over many seeds).

- Same inputs, same output; any permutation of the input lists (and of the id lists inside
  them) gives the same output, or the same error.
- Every drawn target has exactly `per_target` distinct inspectors, none excluded by a rule (same
  supervising unit, declared conflict or previous employment with the target or its
  organization, inspected it in the previous round) — checked here from the rules themselves.
- Each tier draws ceil(ratio x eligible) of its targets below the yearly cap, none at the cap.
- Without exclusions, the load is balanced: inspectors' loads differ by at most one.
- Within a tier, every target is equally likely to be drawn and to come first (no position
  bias); among equally loaded inspectors, every one is equally likely to be picked.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import Counter
from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.spot_checks.draw import (
    draw,
    loads_of,
)
from domain.spot_checks.errors import DrawConstraintError
from domain.spot_checks.pools import (
    TIER_ORDER,
    DrawOutcome,
    DrawRules,
    PoolInspector,
    PoolTarget,
    TierQuota,
)

UNITS = ("执法监督科", "律师工作科", "公共法律服务科", "公证管理科")
RATIOS = ("0", "0.05", "0.2", "0.5", "1")

# Chi-square critical values at p = 0.001 (tables): a fixed set of seeds is used, so the test is
# deterministic; a fair generator passes with overwhelming margin, a biased one does not.
CHI2_001 = {9: 27.877, 19: 43.820}


def _uuid(draw_bytes: bytes) -> UUID:
    return UUID(bytes=draw_bytes)


@st.composite
def scenarios(draw_: st.DrawFn) -> tuple[list[PoolTarget], list[PoolInspector], DrawRules, bytes]:
    orgs = [uuid.UUID(int=n + 1) for n in range(3)]
    n_inspectors = draw_(st.integers(min_value=2, max_value=14))
    inspector_ids = draw_(
        st.lists(st.binary(min_size=16, max_size=16), min_size=n_inspectors,
                 max_size=n_inspectors, unique=True)
    )  # fmt: skip
    inspector_ids = [_uuid(b) for b in inspector_ids]
    n_targets = draw_(st.integers(min_value=0, max_value=25))
    target_ids = [_uuid(b) for b in draw_(
        st.lists(st.binary(min_size=16, max_size=16), min_size=n_targets, max_size=n_targets,
                 unique=True)
    )]  # fmt: skip
    subjects = target_ids + orgs
    targets = [
        PoolTarget(
            id=t,
            kind="lawyer",
            number=f"L{n}",
            name=f"律师{n}",
            tier=draw_(st.sampled_from(TIER_ORDER)),
            draws_this_year=draw_(st.integers(min_value=0, max_value=3)),
            unit=draw_(st.none() | st.sampled_from(UNITS)),
            organization_id=draw_(st.none() | st.sampled_from(orgs)),
            previous_inspectors=draw_(st.lists(st.sampled_from(inspector_ids), max_size=2)),
        )
        for n, t in enumerate(target_ids)
    ]
    inspectors = [
        PoolInspector(
            id=i,
            number=f"I{n}",
            name=f"员{n}",
            unit=draw_(st.sampled_from(UNITS)),
            conflicts=draw_(st.lists(st.sampled_from(subjects), max_size=3)),
            previous_employers=draw_(st.lists(st.sampled_from(orgs), max_size=1)),
        )
        for n, i in enumerate(inspector_ids)
    ]
    quotas = tuple(
        TierQuota(tier=t, ratio=Decimal(draw_(st.sampled_from(RATIOS))))
        for t in TIER_ORDER
        if draw_(st.booleans())
    )
    rules = DrawRules(
        quotas=quotas,
        per_target=draw_(st.integers(min_value=2, max_value=3)),
        max_draws_per_year=draw_(st.integers(min_value=1, max_value=3)),
    )
    return targets, inspectors, rules, draw_(st.binary(min_size=32, max_size=32))


def run(
    targets: list[PoolTarget], inspectors: list[PoolInspector], rules: DrawRules, seed: bytes
) -> DrawOutcome | str:
    """The outcome, or the target the draw could not serve (the error is part of the law)."""
    try:
        return draw(targets, inspectors, rules, seed)
    except DrawConstraintError as exc:
        return str(exc.context["target_id"])


def excluded(target: PoolTarget, inspector: PoolInspector) -> bool:
    related = {target.id} | ({target.organization_id} if target.organization_id else set())
    return (
        (target.unit is not None and inspector.unit == target.unit)
        or bool(related & set(inspector.conflicts))
        or bool(related & set(inspector.previous_employers))
        or inspector.id in target.previous_inspectors
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.randoms(use_true_random=False))
def test_same_inputs_in_any_order_give_the_same_result(
    scenario: tuple[list[PoolTarget], list[PoolInspector], DrawRules, bytes], rnd: object
) -> None:
    targets, inspectors, rules, seed = scenario
    shuffled_targets = [
        t.model_copy(update={"previous_inspectors": tuple(reversed(t.previous_inspectors))})
        for t in targets
    ]
    rnd.shuffle(shuffled_targets)  # type: ignore[attr-defined]
    shuffled_inspectors = list(inspectors)
    rnd.shuffle(shuffled_inspectors)  # type: ignore[attr-defined]
    first = run(targets, inspectors, rules, seed)
    assert run(targets, inspectors, rules, seed) == first
    assert run(shuffled_targets, shuffled_inspectors, rules, seed) == first


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_exclusion_is_respected_and_every_target_gets_its_inspectors(
    scenario: tuple[list[PoolTarget], list[PoolInspector], DrawRules, bytes],
) -> None:
    targets, inspectors, rules, seed = scenario
    outcome = run(targets, inspectors, rules, seed)
    by_id = {i.id: i for i in inspectors}
    by_target = {t.id: t for t in targets}
    if isinstance(outcome, str):
        # Refused: truly fewer eligible inspectors than the rule requires for that target.
        eligible = [i for i in inspectors if not excluded(by_target[UUID(outcome)], i)]
        assert len(eligible) < rules.per_target
        return
    for assignment in outcome.assignments:
        chosen = assignment.inspector_ids
        assert len(chosen) == len(set(chosen)) == rules.per_target
        for inspector_id in chosen:
            assert not excluded(by_target[assignment.target_id], by_id[inspector_id])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_tier_counts_follow_the_ratios_rounded_up_and_skip_targets_at_the_cap(
    scenario: tuple[list[PoolTarget], list[PoolInspector], DrawRules, bytes],
) -> None:
    targets, inspectors, rules, seed = scenario
    # Inspectors without exclusions: the draw can always be served, so counts are what is tested.
    clean = [i.model_copy(update={"conflicts": (), "previous_employers": ()}) for i in inspectors]
    clean = [i.model_copy(update={"unit": "检查组"}) for i in clean]
    clean += [
        PoolInspector(id=uuid.UUID(int=2**100 + n), number=f"X{n}", name="补", unit="检查组")
        for n in range(3)
    ]
    free = [t.model_copy(update={"previous_inspectors": ()}) for t in targets]
    outcome = draw(free, clean, rules, seed)
    drawn = Counter(a.tier for a in outcome.assignments)
    by_id = {t.id: t for t in free}
    for tier in TIER_ORDER:
        eligible = [
            t for t in free if t.tier == tier and t.draws_this_year < rules.max_draws_per_year
        ]
        quota = rules.quota(tier)
        expected = 0 if quota is None else math.ceil(quota.ratio * len(eligible))  # type: ignore[operator]
        assert drawn[tier] == expected
    assert all(
        by_id[a.target_id].draws_this_year < rules.max_draws_per_year for a in outcome.assignments
    )
    assert len({a.target_id for a in outcome.assignments}) == len(outcome.assignments)
    loads = list(loads_of(a.inspector_ids for a in outcome.assignments).values())
    loads += [0] * (len(clean) - len(loads))
    assert max(loads) - min(loads) <= 1  # balanced when nothing excludes anyone


# -- uniformity --------------------------------------------------------------------------------


def _seeds(n: int) -> list[bytes]:
    return [hashlib.sha256(f"chi-square seed {i}".encode()).digest() for i in range(n)]


def _chi_square(counts: Counter[object], categories: list[object], total: int) -> float:
    expected = total / len(categories)
    return sum((counts[c] - expected) ** 2 / expected for c in categories)


def test_selection_within_a_tier_is_uniform_with_no_position_bias() -> None:
    """10 targets, 3 drawn (ratio 0.3), 3,000 seeds: each target drawn ~900 times and first
    ~300 times. The ids are in canonical order, so a bias towards the first or last ids in the
    sorted list would show in both statistics."""
    tids = sorted(uuid.UUID(int=(n + 1) << 64) for n in range(10))
    targets = [
        PoolTarget(id=t, kind="lawyer", number=f"L{n}", name="律", tier="medium", draws_this_year=0)
        for n, t in enumerate(tids)
    ]
    inspectors = [PoolInspector(id=uuid.UUID(int=n + 1), number=f"I{n}", name="员", unit="A") for n in range(6)]  # fmt: skip
    rules = DrawRules(quotas=(TierQuota(tier="medium", ratio=Decimal("0.3")),))
    drawn: Counter[object] = Counter()
    first: Counter[object] = Counter()
    seeds = _seeds(3000)
    for seed in seeds:
        outcome = draw(targets, inspectors, rules, seed)
        assert len(outcome.assignments) == 3
        drawn.update(a.target_id for a in outcome.assignments)
        first[outcome.assignments[0].target_id] += 1
    categories: list[object] = list(tids)
    assert _chi_square(drawn, categories, 3 * len(seeds)) < CHI2_001[9]
    assert _chi_square(first, categories, len(seeds)) < CHI2_001[9]


def test_equally_loaded_inspectors_are_picked_uniformly() -> None:
    """One target, 20 inspectors at load 0: over 2,000 seeds each is in the first slot ~100
    times."""
    inspectors = [
        PoolInspector(id=uuid.UUID(int=(n + 1) << 80), number=f"I{n}", name="员", unit="A")
        for n in range(20)
    ]
    only = PoolTarget(id=uuid.UUID(int=7), kind="lawyer", number="L", name="律", tier="high", draws_this_year=0)  # fmt: skip
    rules = DrawRules(quotas=(TierQuota(tier="high", count=1),))
    picked: Counter[object] = Counter()
    seeds = _seeds(2000)
    for seed in seeds:
        picked[draw([only], inspectors, rules, seed).assignments[0].inspector_ids[0]] += 1
    assert _chi_square(picked, [i.id for i in inspectors], len(seeds)) < CHI2_001[19]
