"""The parts of a spot-check plan that are values, not the aggregate: its scope (who is in the
two pools), its status, and its rounds as rebuilt from the events (a round is one freeze and
its draw), with the checks on a seed checkpoint that need no key."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.core.values import (
    Label,
    stable_topic,
)
from domain.inspections.errors import InspectorAssignmentError
from domain.spot_checks.errors import DrawCheckpointError
from domain.spot_checks.pools import (
    DrawOutcome,
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
)

COMMITMENT_PATTERN = r"^[0-9a-f]{64}$"
REVEAL_PATTERN = r"^([0-9a-f]{2}){16,64}$"  # 16 to 64 random bytes, lowercase hex


@stable_topic("ledger.value.SpotCheckScope")
class SpotCheckScope(BaseModel):
    """Who is in the two pools. The target kind is the checklist's kind."""

    model_config = ConfigDict(frozen=True)

    organization_ids: tuple[UUID, ...] = Field(
        default=(), description="only these organizations and their practitioners (empty: all)"
    )
    supervising_unit: str | None = Field(
        default=None,
        max_length=100,
        description="the unit that supervises the targets, where no inspection names one",
    )
    inspector_units: tuple[Label, ...] = Field(default=(), description="empty: every unit")
    inspector_specialties: tuple[Label, ...] = Field(
        default=(), description="inspectors with any of these (empty: any inspector)"
    )


class PlanStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"  # awaiting the freeze of the next round
    FROZEN = "frozen"  # awaiting the draw
    DRAWN = "drawn"
    VOID_REQUESTED = "void_requested"


@dataclass
class Replacement:
    target_id: UUID
    slot: int
    recused_id: UUID
    replacement_id: UUID
    earlier: int
    unavailable: tuple[UUID, ...]
    requested_by_party: bool
    on: date


@dataclass
class DrawRound:
    """One freeze and its draw, rebuilt from the events (not stored as such)."""

    number: int
    commitment: str
    targets: tuple[PoolTarget, ...]
    inspectors: tuple[PoolInspector, ...]
    targets_hash: str
    inspectors_hash: str
    frozen_on: date
    frozen_version: int  # the plan's version at PoolsFrozen: finds the event in the log
    drawn_on: date | None = None
    reveal: str | None = None
    checkpoint: SeedCheckpoint | None = None
    seed: str | None = None
    drawn_hashes: tuple[str, str] | None = None  # the pool hashes recorded with the draw
    outcome: DrawOutcome | None = None
    inspection_ids: tuple[UUID, ...] = ()
    replacements: list[Replacement] = field(default_factory=list)
    void_requested_by: str | None = None
    void_request_reason: str | None = None
    voided_by: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_on is not None

    def target(self, target_id: UUID) -> PoolTarget:
        found = next((t for t in self.targets if t.id == target_id), None)
        if found is None:
            raise InspectorAssignmentError(
                f"{target_id} is not in this round's target pool", target_id=str(target_id)
            )
        return found

    def inspection_of(self, target_id: UUID) -> UUID:
        assert self.outcome is not None
        for assignment, inspection_id in zip(
            self.outcome.assignments, self.inspection_ids, strict=True
        ):
            if assignment.target_id == target_id:
                return inspection_id
        raise InspectorAssignmentError(
            f"{target_id} was not drawn in round {self.number}", target_id=str(target_id)
        )

    def current_assignments(self) -> dict[UUID, list[UUID]]:
        """Each drawn target's inspectors by slot, with every replacement applied."""
        assert self.outcome is not None
        current = {a.target_id: list(a.inspector_ids) for a in self.outcome.assignments}
        for r in self.replacements:
            current[r.target_id][r.slot] = r.replacement_id
        return current


def root_of(checkpoint: SeedCheckpoint) -> bytes:
    return bytes.fromhex(checkpoint.root)


def check_checkpoint_note(checkpoint: SeedCheckpoint) -> None:
    """The note's body names the tree size and root the checkpoint is recorded with (the
    signature itself is checked by whoever fetched it: the domain holds no keys)."""
    lines = checkpoint.note.split("\n")
    try:
        size, root = int(lines[1]), base64.b64decode(lines[2], validate=True)
    except (IndexError, ValueError, binascii.Error):
        raise DrawCheckpointError("the checkpoint is not a signed tree-head note") from None
    if size != checkpoint.tree_size or root != root_of(checkpoint):
        raise DrawCheckpointError(
            "the checkpoint's note does not sign the tree size and root given with it",
            tree_size=checkpoint.tree_size,
        )
