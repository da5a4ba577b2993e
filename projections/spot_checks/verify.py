"""Re-verifying a spot-check draw (`ledger draw verify`, GET /spot-checks/{id}/verification).

Everything a round's draw read is on the record; `inputs_of` collects it into one document
(`DrawInputs`, exportable as JSON) and `verify_inputs` re-runs the draw from it with nothing but
hashlib and the log's public key:

1. the frozen pools hash to the hashes recorded at the freeze and again with the draw;
2. SHA-256 of the revealed value is the commitment recorded at approval (or at the last void);
3. the checkpoint's signature checks out with the public key and it signs the recorded root;
4. (with the database) it is the first signed checkpoint covering the PoolsFrozen event;
5. the seed recomputes from (algorithm version, plan id, revealed value, root);
6. the draw re-run from the pools gives the recorded outcome, target by target;
7. each recorded replacement after a recusal re-runs to the same inspector.
The report says `identical`, or names the first difference. `stored_plan` folds the plan from
the stored events (never a cached copy), so a change made in the store is what gets verified.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.core.errors import (
    EntityNotFoundError,
    LedgerError,
)
from domain.ledger import ComplianceLedger
from domain.spot_checks.draw import (
    draw,
    first_difference,
    loads_of,
    replacement,
)
from domain.spot_checks.errors import DrawCheckpointError
from domain.spot_checks.plan import SpotCheckPlan
from domain.spot_checks.pools import (
    DrawOutcome,
    DrawRules,
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
    pool_hash,
)
from domain.spot_checks.rounds import DrawRound
from domain.spot_checks.seed import (
    commitment_of,
    derive_seed,
)
from projections.integrity import proofs
from projections.integrity.checkpoints import Checkpoint
from projections.integrity.service import (
    EventNotSealedError,
    IntegrityService,
)

INPUTS_FORMAT = "compliance-ledger/draw-inputs/v1"


# -- the seed checkpoint -----------------------------------------------------------------------


def first_checkpoint_covering(integrity: IntegrityService, position: int) -> Checkpoint | None:
    """The first signed checkpoint whose tree holds the event at `position` (None: none yet)."""
    integrity.catch_up()
    try:
        leaf = integrity.leaf(position)
    except EventNotSealedError:
        return None
    found = integrity.checkpoints.since(leaf.index + 1, limit=1)
    return found[0] if found else None


def seed_checkpoint(integrity: IntegrityService, position: int) -> SeedCheckpoint:
    """The checkpoint that seeds a draw anchored at `position`, its signature checked with the
    log's own key. 409 DrawCheckpointError when none is signed yet."""
    found = first_checkpoint_covering(integrity, position)
    if found is None:
        raise DrawCheckpointError(
            "no signed checkpoint covers the freeze yet: the draw waits for one (sign one on "
            "demand: POST /integrity/checkpoints or `ledger checkpoint`)",
            freeze_position=position,
        )
    try:
        _, size, root = proofs.verify_checkpoint(found.note, integrity.signer.verifier_key)
    except proofs.ProofError as exc:
        raise DrawCheckpointError(
            f"the checkpoint of tree size {found.tree_size} does not check out with the log's "
            f"key ({exc}); the draw will not be seeded by it",
            tree_size=found.tree_size,
        ) from None
    return SeedCheckpoint(tree_size=size, root=root.hex(), note=found.note)


# -- the recorded inputs -----------------------------------------------------------------------


class ReplacementRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    target_id: UUID
    slot: int
    recused_id: UUID
    replacement_id: UUID
    earlier: int
    unavailable: tuple[UUID, ...]


class DrawInputs(BaseModel):
    """Everything one round's draw read and produced, as recorded."""

    format: str = INPUTS_FORMAT
    plan_id: UUID
    round: int
    voided: bool
    rules: DrawRules
    commitment: str
    targets: tuple[PoolTarget, ...]
    inspectors: tuple[PoolInspector, ...]
    targets_hash: str
    inspectors_hash: str
    drawn_targets_hash: str
    drawn_inspectors_hash: str
    reveal: str
    checkpoint: SeedCheckpoint
    seed: str
    outcome: DrawOutcome
    replacements: tuple[ReplacementRecord, ...] = ()
    freeze_position: int | None = None


def stored_plan(ledger: ComplianceLedger, plan_id: UUID) -> SpotCheckPlan:
    """The plan folded from its stored events now, bypassing the repository's cache."""
    plan: Any = None
    for event in ledger.events.get(plan_id):
        plan = event.mutate(plan)  # type: ignore[attr-defined]  # aggregate events mutate
    if not isinstance(plan, SpotCheckPlan):
        raise EntityNotFoundError(plan_id, "spot-check plan")
    return plan


def inputs_of(
    plan: SpotCheckPlan, draw_round: DrawRound, freeze_position: int | None = None
) -> DrawInputs | None:
    """The round's recorded inputs; None for a round frozen but never drawn."""
    if draw_round.outcome is None:
        return None
    assert draw_round.reveal is not None and draw_round.checkpoint is not None
    assert draw_round.seed is not None and draw_round.drawn_hashes is not None
    return DrawInputs(
        plan_id=plan.id,
        round=draw_round.number,
        voided=draw_round.voided,
        rules=plan.rules,
        commitment=draw_round.commitment,
        targets=draw_round.targets,
        inspectors=draw_round.inspectors,
        targets_hash=draw_round.targets_hash,
        inspectors_hash=draw_round.inspectors_hash,
        drawn_targets_hash=draw_round.drawn_hashes[0],
        drawn_inspectors_hash=draw_round.drawn_hashes[1],
        reveal=draw_round.reveal,
        checkpoint=draw_round.checkpoint,
        seed=draw_round.seed,
        outcome=draw_round.outcome,
        replacements=tuple(
            ReplacementRecord(
                target_id=r.target_id,
                slot=r.slot,
                recused_id=r.recused_id,
                replacement_id=r.replacement_id,
                earlier=r.earlier,
                unavailable=r.unavailable,
            )
            for r in draw_round.replacements
        ),
        freeze_position=freeze_position,
    )


# -- the re-run --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Verification:
    plan_id: UUID
    round: int
    voided: bool
    checks: list[Check] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def first_difference(self) -> str | None:
        return next((c.detail for c in self.checks if not c.ok), None)

    def add(self, name: str, difference: str | None, ok_detail: str) -> None:
        self.checks.append(Check(name, difference is None, difference or ok_detail))


def _hash_difference(what: str, actual: str, recorded: Iterable[tuple[str, str]]) -> str | None:
    for when, value in recorded:
        if value != actual:
            return f"{what} pool hash differs: the pool hashes to {actual}, {when} {value}"
    return None


def verify_inputs(
    inputs: DrawInputs, public_key: str, first_checkpoint_size: int | None = None
) -> Verification:
    """Re-run the round from its recorded inputs (module docstring). `first_checkpoint_size`:
    the tree size of the first signed checkpoint covering the freeze, when the log is at hand."""
    report = Verification(inputs.plan_id, inputs.round, inputs.voided)
    for what, members, at_freeze, at_draw in (
        ("target", inputs.targets, inputs.targets_hash, inputs.drawn_targets_hash),
        ("inspector", inputs.inspectors, inputs.inspectors_hash, inputs.drawn_inspectors_hash),
    ):
        actual = pool_hash(members)
        recorded = [("recorded at the freeze", at_freeze), ("recorded with the draw", at_draw)]
        report.add(f"{what}s pool", _hash_difference(what, actual, recorded), actual)
    reveal = bytes.fromhex(inputs.reveal)
    committed = commitment_of(reveal)
    report.add(
        "commitment",
        None
        if committed == inputs.commitment
        else f"SHA-256 of the revealed value is {committed}, the commitment {inputs.commitment}",
        inputs.commitment,
    )
    checkpoint = inputs.checkpoint
    try:
        _, size, root = proofs.verify_checkpoint(checkpoint.note, public_key)
        signed = None
        if (size, root.hex()) != (checkpoint.tree_size, checkpoint.root):
            signed = f"the note signs tree {size}, the draw recorded tree {checkpoint.tree_size}"
    except proofs.ProofError as exc:
        signed = f"checkpoint signature: {exc}"
    report.add("checkpoint signature", signed, f"tree size {checkpoint.tree_size}")
    if first_checkpoint_size is not None:
        report.add(
            "first checkpoint after the freeze",
            None
            if first_checkpoint_size == checkpoint.tree_size
            else f"checkpoint of tree size {checkpoint.tree_size} recorded, the first covering "
            f"the freeze has size {first_checkpoint_size}",
            f"tree size {first_checkpoint_size}",
        )
    seed = derive_seed(
        inputs.outcome.algorithm_version, inputs.plan_id, reveal, bytes.fromhex(checkpoint.root)
    )
    report.add(
        "seed",
        None
        if seed.hex() == inputs.seed
        else f"seed {inputs.seed} recorded, {seed.hex()} recomputed",
        seed.hex(),
    )
    try:
        recomputed = draw(inputs.targets, inputs.inspectors, inputs.rules, seed)
        difference = first_difference(inputs.outcome, recomputed)
    except LedgerError as exc:
        difference = f"the draw does not re-run: {exc.detail}"
    report.add("draw", difference, f"{len(inputs.outcome.assignments)} targets assigned")
    report.add("replacements", _replacement_difference(inputs, seed), "each re-drawn the same")
    return report


def _replacement_difference(inputs: DrawInputs, seed: bytes) -> str | None:
    current = {a.target_id: list(a.inspector_ids) for a in inputs.outcome.assignments}
    targets = {t.id: t for t in inputs.targets}
    refilled: dict[tuple[UUID, int], int] = {}
    for n, r in enumerate(inputs.replacements, start=1):
        earlier = refilled.get((r.target_id, r.slot), 0)
        refilled[(r.target_id, r.slot)] = earlier + 1
        if r.earlier != earlier:
            return (
                f"replacement #{n}: slot {r.slot} refilled {earlier} times before, not {r.earlier}"
            )
        slots = current.get(r.target_id)
        if slots is None or r.target_id not in targets or not 0 <= r.slot < len(slots):
            return f"replacement #{n}: target {r.target_id} slot {r.slot} was not drawn"
        if slots[r.slot] != r.recused_id:
            return f"replacement #{n}: {r.recused_id} did not hold slot {r.slot} of {r.target_id}"
        missing = set(slots) - set(r.unavailable)
        if missing:
            return f"replacement #{n}: assigned inspectors left out of those excluded"
        try:
            chosen = replacement(
                targets[r.target_id], r.slot, r.earlier, inputs.inspectors,
                loads_of(current.values()), r.unavailable, seed,
            )  # fmt: skip
        except LedgerError as exc:
            return f"replacement #{n} does not re-run: {exc.detail}"
        if chosen != r.replacement_id:
            return (
                f"replacement #{n} for target {r.target_id} slot {r.slot}: "
                f"{r.replacement_id} recorded, {chosen} recomputed"
            )
        slots[r.slot] = chosen
    return None
