"""What the spot-check draw (双随机) reads and writes, as stored values: the frozen pools ("one list,
two pools"), the sampling rules, and the outcome. Kept apart from the algorithm (domain/spot_checks/draw.py)
because they are also the recorded facts the draw is re-run from.

Canonical encoding (what the pool hashes cover, so any implementation can recompute them):
each member is its JSON form (`model_dump(mode="json")`: UUIDs as lowercase hyphenated text,
decimals as strings), members sorted by id, inner id lists sorted; the list is serialised with
object keys sorted, no whitespace (separators "," and ":"), non-ASCII kept as UTF-8, and hashed
with SHA-256. `pool_hash` is that hash in lowercase hex.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.core.values import stable_topic
from domain.spot_checks.risk import RiskTier

# Tiers from the highest risk down: the order in which tiers are sampled and assigned.
TIER_ORDER: tuple[str, ...] = tuple(
    t.value for t in sorted(RiskTier, key=lambda t: t.rank, reverse=True)
)


def _sorted_ids(value: Iterable[UUID]) -> tuple[UUID, ...]:
    return tuple(sorted(set(value)))


def _check_tier(value: str) -> str:
    if value not in TIER_ORDER:
        raise ValueError(f"unknown risk tier {value!r}; one of {', '.join(TIER_ORDER)}")
    return value


@stable_topic("ledger.value.PoolTarget")
class PoolTarget(BaseModel):
    """A supervised subject in the target pool, as the record showed it at the freeze."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    kind: str
    number: str  # public identity: licence / registration number and name
    name: str
    tier: str  # RiskTier value
    draws_this_year: int = Field(ge=0)  # spot checks of the plan's year already recorded
    unit: str | None = None  # the bureau unit that supervises it, where the record says
    organization_id: UUID | None = None  # a practitioner's organization
    previous_inspectors: tuple[UUID, ...] = ()  # who inspected it in the previous round

    @field_validator("tier")
    @classmethod
    def known_tier(cls, value: str) -> str:
        return _check_tier(value)

    @field_validator("previous_inspectors")
    @classmethod
    def canonical_ids(cls, value: tuple[UUID, ...]) -> tuple[UUID, ...]:
        return _sorted_ids(value)

    @property
    def related_ids(self) -> tuple[UUID, ...]:
        """The subject and its organization: a conflict with either keeps an inspector off."""
        return (self.id,) if self.organization_id is None else (self.id, self.organization_id)


@stable_topic("ledger.value.PoolInspector")
class PoolInspector(BaseModel):
    """An active inspector in the inspector pool, with what could keep them off a target."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    number: str  # enforcement certificate number 执法证号
    name: str
    unit: str
    specialties: tuple[str, ...] = ()
    conflicts: tuple[UUID, ...] = ()  # subjects they declared a conflict with
    previous_employers: tuple[UUID, ...] = ()  # organizations that employed them

    @field_validator("conflicts", "previous_employers")
    @classmethod
    def canonical_ids(cls, value: tuple[UUID, ...]) -> tuple[UUID, ...]:
        return _sorted_ids(value)

    @field_validator("specialties")
    @classmethod
    def canonical_specialties(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))


def canonical_json(members: Sequence[BaseModel]) -> bytes:
    """The canonical bytes of a pool (see the module docstring)."""
    rows = [m.model_dump(mode="json") for m in sorted(members, key=lambda m: m.id)]  # type: ignore[attr-defined]
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def pool_hash(members: Sequence[BaseModel]) -> str:
    return hashlib.sha256(canonical_json(members)).hexdigest()


@stable_topic("ledger.value.TierQuota")
class TierQuota(BaseModel):
    """How many of a tier's eligible targets are drawn: a ratio or a fixed count (one of them).

    Rounding rule: k = ceil(ratio x n) exactly (decimal arithmetic), n being the tier's targets
    not yet at their yearly cap; with a count, k = min(count, n)."""

    model_config = ConfigDict(frozen=True)

    tier: str
    ratio: Decimal | None = Field(default=None, ge=0, le=1)
    count: int | None = Field(default=None, ge=0)

    @field_validator("tier")
    @classmethod
    def known_tier(cls, value: str) -> str:
        return _check_tier(value)

    @model_validator(mode="after")
    def one_of_ratio_or_count(self) -> TierQuota:
        if (self.ratio is None) == (self.count is None):
            raise ValueError(f"tier {self.tier}: give a ratio or a count, not both or neither")
        return self

    def sample_size(self, eligible: int) -> int:
        if self.count is not None:
            return min(self.count, eligible)
        assert self.ratio is not None
        k = int((self.ratio * eligible).to_integral_value(rounding=ROUND_CEILING))
        return min(k, eligible)


@stable_topic("ledger.value.DrawRules")
class DrawRules(BaseModel):
    """The plan's sampling rules, as the draw applies them."""

    model_config = ConfigDict(frozen=True)

    quotas: tuple[TierQuota, ...]
    per_target: int = Field(default=2, ge=2)  # inspectors per target [行政处罚法 art. 42]
    max_draws_per_year: int = Field(default=2, ge=1)  # [practice]

    @model_validator(mode="after")
    def one_quota_per_tier(self) -> DrawRules:
        tiers = [q.tier for q in self.quotas]
        if len(tiers) != len(set(tiers)):
            raise ValueError("one quota per risk tier")
        return self

    def quota(self, tier: str) -> TierQuota | None:
        return next((q for q in self.quotas if q.tier == tier), None)


@stable_topic("ledger.value.DrawAssignment")
class DrawAssignment(BaseModel):
    """One drawn target and its inspectors, slot by slot (slot i = inspector_ids[i])."""

    model_config = ConfigDict(frozen=True)

    target_id: UUID
    tier: str
    inspector_ids: tuple[UUID, ...]


@stable_topic("ledger.value.TierCount")
class TierCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    tier: str
    population: int  # targets of the tier in the pool
    at_cap: int  # skipped: already drawn max_draws_per_year times this year
    eligible: int  # population - at_cap
    drawn: int


@stable_topic("ledger.value.DrawOutcome")
class DrawOutcome(BaseModel):
    """The result: assignments in draw order (tiers high to low, each in sampling order)."""

    model_config = ConfigDict(frozen=True)

    algorithm_version: int
    assignments: tuple[DrawAssignment, ...]
    tiers: tuple[TierCount, ...]

    def by_target(self) -> dict[UUID, DrawAssignment]:
        return {a.target_id: a for a in self.assignments}


@stable_topic("ledger.value.SeedCheckpoint")
class SeedCheckpoint(BaseModel):
    """The signed checkpoint whose root seeds a draw: the first one whose tree covers the event
    the draw is anchored on (the freeze, or the void before a redraw)."""

    model_config = ConfigDict(frozen=True)

    tree_size: int = Field(ge=1)
    root: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 tree root")
    note: str = Field(min_length=1, description="the signed note, verbatim")
