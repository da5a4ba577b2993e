"""The spot-check draw at scale: 100,000 targets and 1,000 inspectors, 5% of the inspectors with
declared conflicts, printed beside a raw baseline measured in the same run.

    .venv/bin/python -m bench.draw [--targets 100000] [--inspectors 1000] [--runs 5]

The pools (fixed pseudo-random data, the same every run):
- targets in risk tiers high 5% / medium 20% / low 75%, drawn at 100% / 20% / 5%; 20% of them
  already drawn once this year and 5% twice (at the cap of 2); each supervised by one of eight
  units (its inspectors are kept off it); 30% inspected last round by two inspectors (kept off);
  60% practitioners of one of 2,000 organizations;
- inspectors spread over the eight units; 5% of them have declared conflicts (50 targets each)
  and 5% a previous employer (one organization each).
Figures: seconds per draw (best and median of the runs, wall clock and CPU time, since other
processes may share the machine), the pools' hashing (done once, at the freeze), and the raw
baseline: `random.sample` of the same sizes and two `random.sample` inspectors per target with no
rule checked at all. Target < 1 s per draw. Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import statistics
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from domain.spot_checks.draw import draw
from domain.spot_checks.pools import (
    DrawRules,
    PoolInspector,
    PoolTarget,
    TierQuota,
    pool_hash,
)

UNITS = tuple(f"第{n}执法科" for n in range(8))
RULES = DrawRules(
    quotas=(
        TierQuota(tier="high", ratio=Decimal("1")),
        TierQuota(tier="medium", ratio=Decimal("0.2")),
        TierQuota(tier="low", ratio=Decimal("0.05")),
    ),
    per_target=2,
    max_draws_per_year=2,
)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return f"{model}, {os.cpu_count()} cores{load}; Python {platform.python_version()}"


def pools(n_targets: int, n_inspectors: int) -> tuple[list[PoolTarget], list[PoolInspector]]:
    rnd = random.Random(2024)
    inspector_ids = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(n_inspectors)]
    organizations = [uuid.UUID(int=rnd.getrandbits(128), version=4) for _ in range(2000)]
    targets = []
    for n in range(n_targets):
        practitioner = rnd.random() < 0.6
        targets.append(
            PoolTarget.model_construct(
                id=uuid.UUID(int=rnd.getrandbits(128), version=4),
                kind="lawyer" if practitioner else "law_firm",
                number=f"B{n:07d}",
                name=f"基准{n}",
                tier=rnd.choices(("high", "medium", "low"), (5, 20, 75))[0],
                draws_this_year=rnd.choices((0, 1, 2), (75, 20, 5))[0],
                unit=rnd.choice(UNITS),
                organization_id=rnd.choice(organizations) if practitioner else None,
                previous_inspectors=tuple(sorted(rnd.sample(inspector_ids, 2)))
                if rnd.random() < 0.3
                else (),
            )
        )
    target_ids = [t.id for t in targets]
    share = max(1, n_inspectors // 20)  # exactly 5%
    conflicted = set(rnd.sample(range(n_inspectors), share))
    employed = set(rnd.sample(range(n_inspectors), share))
    inspectors = [
        PoolInspector.model_construct(
            id=i,
            number=f"京司执{n:05d}",
            name=f"检查员{n}",
            unit=rnd.choice(UNITS),
            specialties=(),
            conflicts=tuple(sorted(rnd.sample(target_ids, 50))) if n in conflicted else (),
            previous_employers=(rnd.choice(organizations),) if n in employed else (),
        )
        for n, i in enumerate(inspector_ids)
    ]
    return targets, inspectors


def baseline(targets: list[PoolTarget], inspectors: list[PoolInspector], seed: bytes) -> None:
    """What the same sizes cost with the standard library's generator and no rule at all."""
    rnd = random.Random(seed)
    ids = [i.id for i in inspectors]
    for tier, ratio in (("high", 1), ("medium", 0.2), ("low", 0.05)):
        members = [t for t in targets if t.tier == tier and t.draws_this_year < 2]
        for _target in rnd.sample(members, int(len(members) * ratio)):
            rnd.sample(ids, 2)


def timed(runs: int, work: Callable[[int], object]) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for run in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work(run)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", type=int, default=100_000)
    parser.add_argument("--inspectors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    targets, inspectors = pools(args.targets, args.inspectors)
    conflicted = sum(1 for i in inspectors if i.conflicts)
    print(f"machine: {machine()}")
    print(
        f"pools: {len(targets):,} targets, {len(inspectors):,} inspectors "
        f"({conflicted} = {conflicted / len(inspectors):.0%} with declared conflicts)"
    )
    seeds = [hashlib.sha256(f"bench {n}".encode()).digest() for n in range(args.runs)]
    outcomes = []
    wall, cpu = timed(
        args.runs, lambda n: outcomes.append(draw(targets, inspectors, RULES, seeds[n]))
    )
    tiers = ", ".join(f"{t.tier} {t.drawn:,}/{t.eligible:,}" for t in outcomes[0].tiers)
    print(f"drawn: {len(outcomes[0].assignments):,} targets x 2 inspectors ({tiers})")
    print(
        f"draw: best {min(wall):.3f} s, median {statistics.median(wall):.3f} s wall; "
        f"best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s CPU "
        f"over {args.runs} runs (target < 1 s) -> {'OK' if min(wall) < 1 else 'SLOW'}"
    )
    raw_wall, _ = timed(args.runs, lambda n: baseline(targets, inspectors, seeds[n]))
    print(
        f"raw baseline (random.sample, no rules): best {min(raw_wall):.3f} s; "
        f"the draw costs {min(wall) / min(raw_wall):.1f}x that"
    )
    hash_wall, _ = timed(1, lambda _n: (pool_hash(targets), pool_hash(inspectors)))
    print(f"pool hashes (once, at the freeze): {hash_wall[0]:.3f} s")


if __name__ == "__main__":
    main()
