"""The spot-check draw 双随机: a pure, deterministic function of the frozen pools, the plan's rules
and a seed. No `random` module, no global state: the same inputs give the same result on every
machine, and anyone holding the recorded inputs can re-run it. Algorithm version 1:

The seed and the generator (streams of uniform integers by label) are in seed.py.

Sampling, tier by tier from the highest risk down, stream "sample/<tier>"
    The tier's targets sorted by id (UUIDs as 128-bit numbers, i.e. lowercase hex order) less
    those already drawn `max_draws_per_year` times this year: n eligible. k from the tier's quota
    (ceil(ratio x n) exactly, or min(count, n): `TierQuota.sample_size`). Partial Fisher-Yates:
    for j in 0 .. k-1: r = j + uniform(n - j); swap a[j], a[r]. The sample is a[0 .. k-1].

Assignment, stream "assign", over the sampled targets in draw order (tiers high to low, each
in sampling order). Inspectors sit in load buckets (load = targets assigned so far in this
draw); each bucket is an array; at the start bucket 0 holds every inspector sorted by id. An
inspector whose load goes up is taken out of its bucket by moving the bucket's last member into
its place, and appended to the next bucket. A target's `per_target` slots are filled in turn:
    level = the lowest load whose bucket is not empty
    pick from bucket[level] an inspector eligible for the target and not chosen for it yet:
        up to 8 tries r = uniform(len(bucket)), accepting bucket[r] if it qualifies; failing
        that, the qualifying members in bucket order: none -> level + 1 (past the last bucket:
        DrawConstraintError), else candidates[uniform(len(candidates))].
    Once the slots are filled, each chosen inspector's load goes up by one.
Eligible [行政处罚法 art. 43 回避]: not in the unit that supervises the target (where recorded);
no declared conflict with, and no previous employment by, the target or its organization; did
not inspect the target in the previous round.

Replacement after a recusal, stream "replace/<target id>/<slot>/<n>" (n: earlier replacements
of that slot): among the eligible inspectors not assigned to the target and not recused from it,
the least loaded in the round as it stands; ties: sorted by id, uniform(len(ties)).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from domain.spot_checks.errors import (
    DrawConstraintError,
    SpotCheckPlanInvalidError,
)
from domain.spot_checks.pools import (
    TIER_ORDER,
    DrawOutcome,
    DrawRules,
    PoolInspector,
    PoolTarget,
    TierCount,
)
from domain.spot_checks.seed import Stream

ALGORITHM_VERSION = 1
TRIES = 8  # random tries within a load bucket before its qualifying members are listed


# -- exclusions --------------------------------------------------------------------------------


class Exclusions:
    """Which inspectors may not inspect which target, indexed for speed: a target's exclusions
    are looked up, never found by scanning every inspector."""

    def __init__(self, inspectors: Sequence[PoolInspector]) -> None:
        # Keyed by the ids' integers: hashing an int is a C call, hashing a UUID is not.
        self.inspectors = inspectors
        self.units = [i.unit for i in inspectors]
        self.declared: dict[int, set[int]] = {}
        self.employed: dict[int, set[int]] = {}
        self.either: dict[int, set[int]] = {}  # both, for the hot path
        self.index = {inspector.id.int: n for n, inspector in enumerate(inspectors)}
        for n, inspector in enumerate(inspectors):
            for subject in inspector.conflicts:
                self.declared.setdefault(subject.int, set()).add(n)
                self.either.setdefault(subject.int, set()).add(n)
            for organization in inspector.previous_employers:
                self.employed.setdefault(organization.int, set()).add(n)
                self.either.setdefault(organization.int, set()).add(n)

    def reasons(self, target: PoolTarget) -> dict[str, set[int]]:
        """Excluded inspectors by reason (indexes into the sorted inspector list)."""
        declared: set[int] = set()
        employed: set[int] = set()
        for subject in target.related_ids:
            declared |= self.declared.get(subject.int, set())
            employed |= self.employed.get(subject.int, set())
        found = (self.index.get(i.int) for i in target.previous_inspectors)
        return {
            "declared conflict": declared,
            "previous employment": employed,
            "inspected it in the previous round": {n for n in found if n is not None},
        }

    def blocked(self, target: PoolTarget) -> set[int]:
        """`reasons` united, on the hot path: one set, no empty sets built."""
        blocked: set[int] = set()
        found = self.either.get(target.id.int)
        if found:
            blocked |= found
        if target.organization_id is not None:
            found = self.either.get(target.organization_id.int)
            if found:
                blocked |= found
        for inspector_id in target.previous_inspectors:
            n = self.index.get(inspector_id.int)
            if n is not None:
                blocked.add(n)
        return blocked

    def eligible(self, target: PoolTarget) -> Callable[[int], bool]:
        blocked = self.blocked(target)
        unit = target.unit
        units = self.units
        return lambda n: n not in blocked and (unit is None or units[n] != unit)

    def shortfall(self, target: PoolTarget, required: int, have: int) -> DrawConstraintError:
        reasons = {k: len(v) for k, v in self.reasons(target).items()}
        if target.unit is not None:
            reasons[f"serves in {target.unit}, the supervising unit"] = self.units.count(
                target.unit
            )
        excluded = "; ".join(f"{n} {why}" for why, n in reasons.items() if n)
        return DrawConstraintError(
            f"target {target.number} ({target.id}): {have} eligible inspector(s) for "
            f"{required} slots out of {len(self.inspectors)} in the pool"
            + (f" (excluded: {excluded})" if excluded else ""),
            target_id=str(target.id),
            target_number=target.number,
            constraint="AtLeastTwoUnconflictedInspectors",
            required=required,
            eligible=have,
            excluded=reasons,
        )


# -- the draw ----------------------------------------------------------------------------------


# The canonical order: ids as 128-bit numbers (attrgetter keeps a 100k sort in C).
_id_key = operator.attrgetter("id.int")


def _check_unique(members: Sequence[PoolTarget] | Sequence[PoolInspector], what: str) -> None:
    ids = [m.id.int for m in members]
    if len(ids) != len(set(ids)):
        raise SpotCheckPlanInvalidError(f"the {what} pool names a member twice", field="pools")


def _by_tier(
    targets: Sequence[PoolTarget], cap: int
) -> tuple[dict[str, int], dict[str, list[PoolTarget]]]:
    """Each tier's population, and its targets still below the yearly cap."""
    population: dict[str, int] = {}
    by_tier: dict[str, list[PoolTarget]] = {}
    for target in targets:
        population[target.tier] = population.get(target.tier, 0) + 1
        if target.draws_this_year < cap:
            by_tier.setdefault(target.tier, []).append(target)
    return population, by_tier


def tier_counts(targets: Sequence[PoolTarget], rules: DrawRules) -> list[TierCount]:
    """How many targets a draw from these pools takes per tier (no seed needed: the sample's
    size depends on the counts only)."""
    population, by_tier = _by_tier(targets, rules.max_draws_per_year)
    counts = []
    for tier in TIER_ORDER:
        n, total = len(by_tier.get(tier, [])), population.get(tier, 0)
        quota = rules.quota(tier)
        k = quota.sample_size(n) if quota else 0
        counts.append(TierCount(tier=tier, population=total, at_cap=total - n, eligible=n, drawn=k))
    return counts


def sample_tiers(
    targets: Sequence[PoolTarget], rules: DrawRules, seed: bytes
) -> tuple[list[tuple[PoolTarget, str]], list[TierCount]]:
    population, by_tier = _by_tier(targets, rules.max_draws_per_year)
    order: list[tuple[PoolTarget, str]] = []
    counts: list[TierCount] = []
    for tier in TIER_ORDER:
        pool = sorted(by_tier.get(tier, []), key=_id_key)
        n = len(pool)
        quota = rules.quota(tier)
        k = quota.sample_size(n) if quota else 0
        stream = Stream(seed, f"sample/{tier}")
        for j in range(k):
            r = j + stream.uniform(n - j)
            pool[j], pool[r] = pool[r], pool[j]
        order.extend((t, tier) for t in pool[:k])
        total = population.get(tier, 0)
        counts.append(TierCount(tier=tier, population=total, at_cap=total - n, eligible=n, drawn=k))
    return order, counts


class LoadBuckets:
    """Inspectors (by index) grouped by load, each group an array (see the module docstring)."""

    def __init__(self, count: int) -> None:
        self.buckets: list[list[int]] = [list(range(count))]
        self.position = list(range(count))
        self.load = [0] * count
        self.lowest = 0

    def raise_load(self, n: int) -> None:
        level = self.load[n]
        bucket = self.buckets[level]
        last = bucket.pop()
        if last != n:
            at = self.position[n]
            bucket[at] = last
            self.position[last] = at
        level += 1
        if level == len(self.buckets):
            self.buckets.append([])
        self.position[n] = len(self.buckets[level])
        self.buckets[level].append(n)
        self.load[n] = level
        while not self.buckets[self.lowest]:
            self.lowest += 1


def _pick(
    bucket: list[int], stream: Stream, eligible: Callable[[int], bool], chosen: list[int]
) -> int | None:
    size = len(bucket)
    if size == 0:
        return None
    for _ in range(TRIES):
        candidate = bucket[stream.uniform(size)]
        if candidate not in chosen and eligible(candidate):
            return candidate
    candidates = [c for c in bucket if c not in chosen and eligible(c)]
    if not candidates:
        return None
    return candidates[stream.uniform(len(candidates))]


def assign(
    order: Sequence[tuple[PoolTarget, str]],
    inspectors: Sequence[PoolInspector],
    per_target: int,
    seed: bytes,
) -> list[dict[str, Any]]:
    """`inspectors` sorted by id. Returns the assignments as plain values: validated in bulk
    (DrawOutcome), which is several times faster than one model at a time."""
    exclusions = Exclusions(inspectors)
    loads = LoadBuckets(len(inspectors))
    stream = Stream(seed, "assign")
    ids = [i.id for i in inspectors]
    assignments = []
    for target, tier in order:
        eligible = exclusions.eligible(target)
        chosen: list[int] = []
        level = loads.lowest
        while len(chosen) < per_target:
            if level >= len(loads.buckets):
                have = sum(1 for n in range(len(inspectors)) if eligible(n))
                raise exclusions.shortfall(target, per_target, have)
            picked = _pick(loads.buckets[level], stream, eligible, chosen)
            if picked is None:
                level += 1
            else:
                chosen.append(picked)
        for n in chosen:
            loads.raise_load(n)
        assignments.append(
            {
                "target_id": target.id,
                "tier": tier,
                "inspector_ids": tuple([ids[n] for n in chosen]),
            }
        )
    return assignments


def draw(
    targets: Sequence[PoolTarget],
    inspectors: Sequence[PoolInspector],
    rules: DrawRules,
    seed: bytes,
) -> DrawOutcome:
    """Sample the targets per risk tier and assign each its inspectors (module docstring)."""
    _check_unique(targets, "target")
    _check_unique(inspectors, "inspector")
    order, counts = sample_tiers(targets, rules, seed)
    ordered = sorted(inspectors, key=_id_key)
    assignments = assign(order, ordered, rules.per_target, seed)
    return DrawOutcome.model_validate(
        {"algorithm_version": ALGORITHM_VERSION, "assignments": assignments, "tiers": counts}
    )


# -- replacing one inspector after a recusal ---------------------------------------------------


def loads_of(assignments: Iterable[Iterable[UUID]]) -> dict[UUID, int]:
    loads: dict[UUID, int] = {}
    for inspector_ids in assignments:
        for inspector_id in inspector_ids:
            loads[inspector_id] = loads.get(inspector_id, 0) + 1
    return loads


def replacement(
    target: PoolTarget,
    slot: int,
    earlier: int,
    inspectors: Sequence[PoolInspector],
    loads: Mapping[UUID, int],
    unavailable: Collection[UUID],
    seed: bytes,
) -> UUID:
    """The inspector who fills `slot` of `target` after its holder stepped aside; `earlier` is
    how many times that slot was filled again before, `unavailable` the target's assigned and
    recused inspectors, `loads` the round's assignments as they stand."""
    ordered = sorted(inspectors, key=_id_key)
    exclusions = Exclusions(ordered)
    eligible = exclusions.eligible(target)
    candidates = [
        n for n, inspector in enumerate(ordered) if eligible(n) and inspector.id not in unavailable
    ]
    if not candidates:
        raise exclusions.shortfall(target, 1, 0)
    lowest = min(loads.get(ordered[n].id, 0) for n in candidates)
    ties = [n for n in candidates if loads.get(ordered[n].id, 0) == lowest]
    stream = Stream(seed, f"replace/{target.id}/{slot}/{earlier}")
    return ordered[ties[stream.uniform(len(ties))]].id


# -- comparing a recorded outcome with a recomputed one ----------------------------------------


def first_difference(recorded: DrawOutcome, recomputed: DrawOutcome) -> str | None:
    """The first way the two outcomes differ, in words; None when identical."""
    if recorded.algorithm_version != recomputed.algorithm_version:
        return (
            f"algorithm version {recorded.algorithm_version} recorded, "
            f"{recomputed.algorithm_version} recomputed"
        )
    for mine, theirs in zip(recorded.tiers, recomputed.tiers, strict=False):
        if mine != theirs:
            return (
                f"tier {mine.tier}: {mine.drawn} of {mine.eligible} drawn recorded, "
                f"{theirs.drawn} of {theirs.eligible} recomputed"
            )
    if len(recorded.tiers) != len(recomputed.tiers):
        return "the tiers recorded differ from the tiers recomputed"
    for index, (mine_a, theirs_a) in enumerate(
        zip(recorded.assignments, recomputed.assignments, strict=False)
    ):
        if mine_a.target_id != theirs_a.target_id:
            return (
                f"draw #{index + 1}: target {mine_a.target_id} recorded, "
                f"{theirs_a.target_id} recomputed"
            )
        if mine_a != theirs_a:
            return (
                f"target {mine_a.target_id} assigned {_ids(mine_a.inspector_ids)} recorded, "
                f"{_ids(theirs_a.inspector_ids)} recomputed"
            )
    if len(recorded.assignments) != len(recomputed.assignments):
        return (
            f"{len(recorded.assignments)} targets drawn recorded, "
            f"{len(recomputed.assignments)} recomputed"
        )
    return None


def _ids(ids: Iterable[UUID]) -> str:
    return "[" + ", ".join(str(i) for i in ids) + "]"
