"""Spot-check plans 双随机抽查计划: "one list, two pools", drawn so that anyone can re-verify.

    Proposed -> Approved (seed commitment) -> PoolsFrozen -> Drawn
        -> InspectorReplaced (after a recusal, any number of times)
        -> VoidRequested -> DrawVoided (new seed commitment) -> PoolsFrozen -> Drawn ...

A round is one freeze and its draw. The seed can be neither chosen nor predicted by the
operator: at approval a supervisor other than the proposer records the SHA-256 commitment of a
random value they keep; at the draw the value is revealed (it must hash to the commitment) and
combined with the root of the first signed checkpoint of the verifiable log that covers the
PoolsFrozen event (domain/spot_checks/draw.py documents the byte layout). A voided round stays on the
record; the next round needs a fresh commitment, a new freeze and a checkpoint after it.
Everything the draw read is in the events, so `verify` can re-run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    business_id,
)
from domain.inspections.errors import InspectorAssignmentError
from domain.spot_checks.draw import (
    ALGORITHM_VERSION,
    draw,
    loads_of,
    replacement,
    tier_counts,
)
from domain.spot_checks.errors import (
    DrawVoidError,
    SpotCheckPlanInvalidError,
    SpotCheckStageError,
)
from domain.spot_checks.plan_rules import SpotCheckPlanRules
from domain.spot_checks.pools import (
    DrawOutcome,
    DrawRules,
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
    TierCount,
    pool_hash,
)
from domain.spot_checks.rounds import (
    DrawRound,
    PlanStatus,
    Replacement,
    SpotCheckScope,
    check_checkpoint_note,
    root_of,
)
from domain.spot_checks.seed import derive_seed


class SpotCheckPlan(SpotCheckPlanRules, Aggregate):
    TOPIC = "ledger.SpotCheckPlan"

    Created = unused_created_event("SpotCheckPlan")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        return business_id("spot-check-plan", meta.command_id)

    @event("Proposed", topic="ledger.SpotCheckPlan.Proposed")
    def __init__(
        self,
        meta: EventMeta,
        title: str,
        year: int,
        subject_kind: str,
        checklist_id: UUID,
        checklist_version: int,
        scope: SpotCheckScope,
        rules: DrawRules,
        policy_version: str,
    ) -> None:
        self.title = title
        self.year = year
        self.subject_kind = subject_kind
        self.checklist_id = checklist_id
        self.checklist_version = checklist_version
        self.scope = scope
        self.rules = rules
        self.policy_version = policy_version
        self.proposed_by = meta.actor.principal_id
        self.proposed_on = meta.effective_on
        self.approved_by: str | None = None
        self.approved_on: date | None = None
        self.commitment: str | None = None  # for the next round
        self.commitments: tuple[str, ...] = ()  # every one ever recorded
        self.rounds: list[DrawRound] = []
        self.last_step_on = meta.effective_on

    # -- state ---------------------------------------------------------------------------------

    # -- commands ------------------------------------------------------------------------------

    def approve(
        self,
        meta: EventMeta,
        seed_commitment: str,
        expected: Sequence[TierCount] | None = None,
    ) -> None:
        """Four eyes: a supervisor other than the proposer approves, and commits to the random
        value they will reveal at the draw. `expected`: what a draw from the pools as the
        record stands would take per tier (computed by the caller), which must not be nothing."""
        self.check_status(PlanStatus.PROPOSED, "approve")
        self.check_not_same_person(meta, self.proposed_by, "proposed this plan")
        self.check_fresh_commitment(seed_commitment)
        if expected is not None:
            self.check_draws_something(expected, "would draw")
        self._approve(meta, seed_commitment)

    def freeze(
        self,
        meta: EventMeta,
        targets: Sequence[PoolTarget],
        inspectors: Sequence[PoolInspector],
    ) -> None:
        """Record the pools (computed from the record by the caller, never by a client)."""
        self.check_status(PlanStatus.APPROVED, "freeze the pools")
        self.check_step_date(meta)
        for members, what in ((targets, "target"), (inspectors, "inspector")):
            if len({m.id for m in members}) != len(members):
                raise SpotCheckPlanInvalidError(f"the {what} pool names a member twice")
        self.check_draws_something(tier_counts(targets, self.rules), "draws")
        ordered_targets = tuple(sorted(targets, key=lambda t: t.id.int))
        ordered_inspectors = tuple(sorted(inspectors, key=lambda i: i.id.int))
        self._freeze(
            meta,
            len(self.rounds) + 1,
            ordered_targets,
            ordered_inspectors,
            pool_hash(ordered_targets),
            pool_hash(ordered_inspectors),
        )

    def draw(self, meta: EventMeta, reveal: str, checkpoint: SeedCheckpoint) -> DrawOutcome:
        """Run the draw with the revealed value and the checkpoint the caller found (the first
        signed one covering the freeze, its signature checked) and record it."""
        self.check_status(PlanStatus.FROZEN, "draw")
        self.check_step_date(meta)
        current = self.current
        assert current is not None
        self.check_reveal(reveal, current.commitment)
        check_checkpoint_note(checkpoint)
        seed = derive_seed(ALGORITHM_VERSION, self.id, bytes.fromhex(reveal), root_of(checkpoint))
        outcome = draw(current.targets, current.inspectors, self.rules, seed)
        inspection_ids = tuple(
            self.inspection_id(current.number, a.target_id) for a in outcome.assignments
        )
        self._draw(
            meta,
            current.number,
            reveal,
            checkpoint,
            seed.hex(),
            pool_hash(current.targets),  # the pools as the draw read them
            pool_hash(current.inspectors),
            outcome,
            inspection_ids,
        )
        return outcome

    def inspection_id(self, round_number: int, target_id: UUID) -> UUID:
        return business_id("spot-check", self.id.hex, str(round_number), target_id.hex)

    def replace(
        self,
        meta: EventMeta,
        target_id: UUID,
        recused_id: UUID,
        requested_by_party: bool,
        unavailable_now: Sequence[UUID] = (),
    ) -> UUID:
        """Fill the slot of an inspector who stepped aside by a recorded re-draw for that slot.
        `unavailable_now`: pool inspectors the record now keeps off the target (deactivated, or
        a conflict declared since the freeze); recorded, so the re-draw can be re-run."""
        current = self.drawn_round()
        self.check_step_date(meta)
        target = current.target(target_id)
        assigned = current.current_assignments().get(target_id)
        if assigned is None or recused_id not in assigned:
            raise InspectorAssignmentError(
                f"inspector {recused_id} does not hold a slot of target {target.number}",
                inspector_id=str(recused_id),
                target_id=str(target_id),
            )
        slot = assigned.index(recused_id)
        earlier = sum(1 for r in current.replacements if (r.target_id, r.slot) == (target_id, slot))
        stepped_aside = {r.recused_id for r in current.replacements if r.target_id == target_id}
        unavailable = tuple(
            sorted({*assigned, *stepped_aside, *unavailable_now}, key=lambda i: i.int)
        )
        assert current.seed is not None
        chosen = replacement(
            target,
            slot,
            earlier,
            current.inspectors,
            loads_of(current.current_assignments().values()),
            unavailable,
            bytes.fromhex(current.seed),
        )
        self._replace(
            meta,
            current.number,
            target_id,
            slot,
            recused_id,
            chosen,
            earlier,
            unavailable,
            requested_by_party,
        )
        return chosen

    def request_void(self, meta: EventMeta) -> None:
        """The first pair of eyes on voiding the current round (the reason is the command's)."""
        if self.status not in (PlanStatus.FROZEN, PlanStatus.DRAWN):
            raise SpotCheckStageError(
                f"only a frozen or drawn round can be voided; the plan is {self.status.value}",
                status=self.status.value,
            )
        self.check_step_date(meta)
        assert self.current is not None
        self._request_void(meta, self.current.number)

    def void(self, meta: EventMeta, seed_commitment: str, started: Sequence[UUID]) -> None:
        """The second pair of eyes: another person approves the void and commits to the value
        for the next round. `started`: the round's inspections already past assignment."""
        self.check_status(PlanStatus.VOID_REQUESTED, "void the round")
        self.check_step_date(meta)
        current = self.current
        assert current is not None and current.void_requested_by is not None
        self.check_not_same_person(meta, current.void_requested_by, "requested this void")
        if started:
            raise DrawVoidError(
                f"{len(started)} inspection(s) of this draw have started (findings or a result "
                "recorded); a draw is voided only before its inspections start",
                inspections=[str(i) for i in started],
            )
        self.check_fresh_commitment(seed_commitment)
        self._void(meta, current.number, seed_commitment)

    # -- checks --------------------------------------------------------------------------------

    # -- events: state only --------------------------------------------------------------------

    @event("Approved", topic="ledger.SpotCheckPlan.Approved")
    def _approve(self, meta: EventMeta, seed_commitment: str) -> None:
        self.approved_by = meta.actor.principal_id
        self.approved_on = meta.effective_on
        self.commitment = seed_commitment
        self.commitments = (*self.commitments, seed_commitment)
        self.last_step_on = meta.effective_on

    @event("PoolsFrozen", topic="ledger.SpotCheckPlan.PoolsFrozen")
    def _freeze(
        self,
        meta: EventMeta,
        round_number: int,
        targets: tuple[PoolTarget, ...],
        inspectors: tuple[PoolInspector, ...],
        targets_hash: str,
        inspectors_hash: str,
    ) -> None:
        assert self.commitment is not None
        self.rounds.append(
            DrawRound(
                number=round_number,
                commitment=self.commitment,
                targets=targets,
                inspectors=inspectors,
                targets_hash=targets_hash,
                inspectors_hash=inspectors_hash,
                frozen_on=meta.effective_on,
                frozen_version=self.version + 1,
            )
        )
        self.last_step_on = meta.effective_on

    @event("Drawn", topic="ledger.SpotCheckPlan.Drawn")
    def _draw(
        self,
        meta: EventMeta,
        round_number: int,
        reveal: str,
        checkpoint: SeedCheckpoint,
        seed: str,
        targets_hash: str,
        inspectors_hash: str,
        outcome: DrawOutcome,
        inspection_ids: tuple[UUID, ...],
    ) -> None:
        current = self.rounds[round_number - 1]
        current.drawn_on = meta.effective_on
        current.reveal = reveal
        current.checkpoint = checkpoint
        current.seed = seed
        current.drawn_hashes = (targets_hash, inspectors_hash)
        current.outcome = outcome
        current.inspection_ids = inspection_ids
        self.last_step_on = meta.effective_on

    @event("InspectorReplaced", topic="ledger.SpotCheckPlan.InspectorReplaced")
    def _replace(
        self,
        meta: EventMeta,
        round_number: int,
        target_id: UUID,
        slot: int,
        recused_id: UUID,
        replacement_id: UUID,
        earlier: int,
        unavailable: tuple[UUID, ...],
        requested_by_party: bool,
    ) -> None:
        self.rounds[round_number - 1].replacements.append(
            Replacement(
                target_id,
                slot,
                recused_id,
                replacement_id,
                earlier,
                unavailable,
                requested_by_party,
                meta.effective_on,
            )
        )
        self.last_step_on = meta.effective_on

    @event("VoidRequested", topic="ledger.SpotCheckPlan.VoidRequested")
    def _request_void(self, meta: EventMeta, round_number: int) -> None:
        current = self.rounds[round_number - 1]
        current.void_requested_by = meta.actor.principal_id
        current.void_request_reason = meta.reason
        self.last_step_on = meta.effective_on

    @event("DrawVoided", topic="ledger.SpotCheckPlan.DrawVoided")
    def _void(self, meta: EventMeta, round_number: int, seed_commitment: str) -> None:
        current = self.rounds[round_number - 1]
        current.voided_by = meta.actor.principal_id
        current.voided_on = meta.effective_on
        current.void_reason = meta.reason
        self.commitment = seed_commitment
        self.commitments = (*self.commitments, seed_commitment)
        self.last_step_on = meta.effective_on
