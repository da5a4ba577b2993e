"""Spot-check commands on ComplianceLedger (双随机、一公开): propose and approve a plan, freeze its
pools, draw (creating the inspections with their inspectors in the same transaction), replace an
inspector who stepped aside, void a round (four eyes) and draw again.

The pools and the checkpoint come from the caller: the pools are computed from the record by
`projections/spot_checks/pools.py` (never accepted from a client) and the checkpoint is fetched
and its signature checked by the integrity service, which the domain does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from uuid import UUID

from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    InspectorStatus,
)
from domain.inspections.commands import InspectionCommands
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    InspectionKind,
    InspectionStatus,
)
from domain.registry.inspectors import Inspector
from domain.registry.organizations import Organization
from domain.spot_checks.errors import SpotCheckPlanInvalidError
from domain.spot_checks.plan import SpotCheckPlan
from domain.spot_checks.pools import (
    TIER_ORDER,
    DrawRules,
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
    TierCount,
    TierQuota,
    pool_hash,
)
from domain.spot_checks.rounds import (
    DrawRound,
    SpotCheckScope,
)

# Sampling ratio per risk tier when a plan gives none [practice: 国发〔2019〕5号 asks for ratios by
# risk; Henan publishes high 100% / mid 20% / low ~5%]. The Policy model does not carry sampling
# ratios yet; when it does, `default_quotas` reads them from the version in force (the plan
# records the policy version and the quotas it resolved to, so history is not re-judged).
DEFAULT_TIER_QUOTAS: tuple[TierQuota, ...] = (
    TierQuota(tier="high", ratio=Decimal("1")),
    TierQuota(tier="medium", ratio=Decimal("0.2")),
    TierQuota(tier="low", ratio=Decimal("0.05")),
)

NOT_STARTED = (InspectionStatus.PLANNED, InspectionStatus.INSPECTORS_ASSIGNED)


def default_quotas(policy: Policy) -> tuple[TierQuota, ...]:
    """The tier ratios of the policy in force (a plan may name its own)."""
    if not policy.spot_check_ratios:
        return DEFAULT_TIER_QUOTAS
    return tuple(
        TierQuota(tier=tier, ratio=ratio) for tier, ratio in policy.spot_check_ratios.items()
    )


def plan_quotas(policy: Policy, given: Sequence[TierQuota] | None) -> tuple[TierQuota, ...]:
    """A plan's quotas: the policy's for every tier, except the tiers the plan names (a plan
    that names medium=0.2 changes the medium tier only). A tier named twice is refused."""
    named = [q.tier for q in given or ()]
    if len(named) != len(set(named)):
        raise SpotCheckPlanInvalidError("each tier has one quota", field="quotas")
    quotas = {q.tier: q for q in default_quotas(policy)} | {q.tier: q for q in given or ()}
    return tuple(quotas[t] for t in TIER_ORDER if t in quotas)


class SpotCheckCommands(InspectionCommands):
    def get_spot_check_plan(self, plan_id: UUID) -> SpotCheckPlan:
        return self._get(SpotCheckPlan, plan_id, "spot-check plan")

    def propose_spot_check_plan(
        self,
        meta: EventMeta,
        title: str,
        year: int,
        checklist_id: UUID,
        checklist_version: int | None = None,
        scope: SpotCheckScope | None = None,
        quotas: Sequence[TierQuota] | None = None,
        per_target: int | None = None,
        max_draws_per_year: int = 2,
    ) -> CommandResult:
        """Name the list (a checklist version) and the two pools' scope, the sampling rules;
        quotas and inspectors per target default to the policy in force."""
        scope = scope or SpotCheckScope()

        def decide() -> Decision:
            policy = self.policy_on(meta.effective_on)
            checklist = self.get_checklist(checklist_id)
            version = checklist.get_version(checklist_version)
            for organization_id in scope.organization_ids:
                self._get(Organization, organization_id, "organization")
            minimum = policy.inspectors_per_inspection
            if per_target is not None and per_target < minimum:
                raise SpotCheckPlanInvalidError(
                    f"at least {minimum} inspectors per target (policy {policy.version})",
                    field="per_target",
                )
            if not 2000 <= year <= meta.effective_on.year + 1:
                raise SpotCheckPlanInvalidError(
                    f"a plan is for a year from 2000 to next year, not {year}", field="year"
                )
            rules = DrawRules(
                quotas=plan_quotas(policy, quotas),
                per_target=per_target or minimum,
                max_draws_per_year=max_draws_per_year,
            )
            plan = SpotCheckPlan(
                meta=meta,
                title=title,
                year=year,
                subject_kind=checklist.kind.value,
                checklist_id=checklist.id,
                checklist_version=version.version,
                scope=scope,
                rules=rules,
                policy_version=policy.version,
            )
            return plan.id, [plan]

        args = {
            "title": title,
            "year": year,
            "checklist_id": checklist_id,
            "checklist_version": checklist_version,
            "scope": scope,
            "quotas": list(quotas or ()),
            "per_target": per_target,
            "max_draws_per_year": max_draws_per_year,
        }
        return self._execute("ProposeSpotCheckPlan", meta, args, decide)

    def approve_spot_check_plan(
        self,
        meta: EventMeta,
        plan_id: UUID,
        seed_commitment: str,
        expected: Sequence[TierCount] | None = None,
    ) -> CommandResult:
        """`expected`: what a draw from the pools as the record stands would take per tier
        (PlanDrawsSomething); the pools are the caller's to compute, as at the freeze."""

        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            plan.approve(meta, seed_commitment, expected)
            return plan.id, [plan]

        args = {"id": plan_id, "seed_commitment": seed_commitment}
        return self._execute("ApproveSpotCheckPlan", meta, args, decide)

    def freeze_spot_check_pools(
        self,
        meta: EventMeta,
        plan_id: UUID,
        targets: Sequence[PoolTarget],
        inspectors: Sequence[PoolInspector],
    ) -> CommandResult:
        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            plan.freeze(meta, targets, inspectors)
            return plan.id, [plan]

        # The pools are large and computed, not sent: their hashes identify the command.
        args = {"id": plan_id, "targets": pool_hash(targets), "inspectors": pool_hash(inspectors)}
        return self._execute("FreezeSpotCheckPools", meta, args, decide)

    def draw_spot_checks(
        self, meta: EventMeta, plan_id: UUID, reveal: str, checkpoint: SeedCheckpoint
    ) -> CommandResult:
        """Draw, and plan each drawn target's spot-check inspection with its inspectors, all in
        one transaction with the Drawn event."""

        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            outcome = plan.draw(meta, reveal, checkpoint)
            current = plan.current
            assert current is not None
            checklist = self.get_checklist(plan.checklist_id)
            policy = self.policy_on(meta.effective_on)
            inspectors: dict[UUID, Inspector] = {}
            inspections = []
            for assignment, inspection_id in zip(
                outcome.assignments, current.inspection_ids, strict=True
            ):
                target = current.target(assignment.target_id)
                subject = self.get_subject(target.id)
                subject.check_not_deregistered()
                subject.check_existed_on(meta.effective_on)
                inspection = Inspection.plan(
                    meta,
                    InspectionKind.SPOT_CHECK,
                    subject.id,
                    subject.kind,
                    checklist,
                    plan.checklist_version,
                    policy,
                    supervising_unit=target.unit,
                    source_ref=f"spot-check {plan.id} round {current.number}",
                    inspection_id=inspection_id,
                )
                for i in assignment.inspector_ids:
                    if i not in inspectors:
                        inspectors[i] = self._get(Inspector, i, "inspector")
                inspection.assign_inspectors(
                    meta,
                    [inspectors[i] for i in assignment.inspector_ids],
                    target.related_ids,
                    policy,
                )
                inspections.append(inspection)
            return plan.id, [plan, *inspections]

        args = {"id": plan_id, "reveal": reveal, "checkpoint": checkpoint}
        return self._execute("DrawSpotChecks", meta, args, decide)

    def replace_recused_inspector(
        self,
        meta: EventMeta,
        plan_id: UUID,
        target_id: UUID,
        inspector_id: UUID,
        requested_by_party: bool = False,
    ) -> CommandResult:
        """回避 after the draw: the inspector steps aside from the target's inspection (unless
        already recorded there) and a recorded re-draw for that slot fills it."""

        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            current = plan.drawn_round()
            target = current.target(target_id)
            inspection = self.get_inspection(current.inspection_of(target_id))
            unavailable = [
                i.id for i in current.inspectors if not self._available(i.id, target, inspection)
            ]
            chosen = plan.replace(meta, target_id, inspector_id, requested_by_party, unavailable)
            if inspector_id in inspection.inspector_ids:
                inspection.recuse(meta, inspector_id, requested_by_party)
            inspection.assign_inspectors(
                meta,
                [self._get(Inspector, chosen, "inspector")],
                target.related_ids,
                self.policy_on(meta.effective_on),
            )
            return plan.id, [plan, inspection]

        args = {
            "id": plan_id,
            "target_id": target_id,
            "inspector_id": inspector_id,
            "requested_by_party": requested_by_party,
        }
        return self._execute("ReplaceRecusedInspector", meta, args, decide)

    def _available(self, inspector_id: UUID, target: PoolTarget, inspection: Inspection) -> bool:
        """Whether the record still lets this pool inspector take the target's inspection."""
        inspector = self._get(Inspector, inspector_id, "inspector")
        return (
            inspector.status is InspectorStatus.ACTIVE
            and not inspector.conflicts_with(target.related_ids, target.unit)
            and inspector_id not in inspection.recused
        )

    def request_draw_void(self, meta: EventMeta, plan_id: UUID) -> CommandResult:
        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            plan.request_void(meta)
            return plan.id, [plan]

        return self._execute("RequestDrawVoid", meta, {"id": plan_id}, decide)

    def void_draw(self, meta: EventMeta, plan_id: UUID, seed_commitment: str) -> CommandResult:
        """Approve the void: the round stays on the record, its inspections are cancelled (not
        deleted) in the same transaction, and the next round starts from a new freeze."""

        def decide() -> Decision:
            plan = self.get_spot_check_plan(plan_id)
            current = plan.current
            inspections = self.round_inspections(current) if current is not None else []
            started = [i.id for i in inspections if i.status not in NOT_STARTED]
            plan.void(meta, seed_commitment, started)
            assert current is not None
            for inspection in inspections:
                inspection.cancel(meta, f"spot-check {plan.id} round {current.number} voided")
            return plan.id, [plan, *inspections]

        args = {"id": plan_id, "seed_commitment": seed_commitment}
        return self._execute("VoidDraw", meta, args, decide)

    # -- queries -------------------------------------------------------------------------------

    def round_inspections(self, draw_round: DrawRound) -> list[Inspection]:
        """The inspections a round's draw planned, in draw order (none before the draw)."""
        return [self.get_inspection(i) for i in draw_round.inspection_ids]
