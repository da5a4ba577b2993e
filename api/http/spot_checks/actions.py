"""What the spot-check routes and `ledger draw` share: freezing the pools computed from the record,
drawing with the checkpoint found and checked here, re-verifying, and the public view 一公开.

Public means: the plan, the pools' sizes and hashes, the seed inputs, each drawn target's public
identity and inspectors (names and certificate numbers), and each result's publication status.
Not the pools' members (inspectors' conflicts are not public; `inputs` serves them to staff).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from api.consistency import wait_for
from api.http.spot_checks.schemas import (
    CheckpointRef,
    CheckPublic,
    DrawnTargetPublic,
    InspectorIdentity,
    PublicationStatus,
    QuotaPublic,
    ReplacementPublic,
    RoundPublic,
    RoundVerificationPublic,
    SpotCheckPublic,
    SpotCheckSummary,
    SpotCheckVerificationPublic,
    SubjectIdentity,
    TierCountPublic,
    VoidPublic,
)
from api.services import Services
from domain.core.errors import (
    EntityNotFoundError,
    LedgerError,
)
from domain.core.pipeline import CommandResult
from domain.core.values import EventMeta
from domain.inspections.inspection import Inspection
from domain.spot_checks.draw import tier_counts
from domain.spot_checks.plan import SpotCheckPlan
from domain.spot_checks.pools import (
    PoolInspector,
    TierCount,
)
from domain.spot_checks.rounds import (
    DrawRound,
    PlanStatus,
)
from projections.integrity.service import SealMismatchError
from projections.profiles.fold import State
from projections.profiles.view import fold_subject
from projections.records.view import every
from projections.spot_checks.pools import (
    Pools,
    build_pools,
)
from projections.spot_checks.verify import (
    Check,
    DrawInputs,
    Verification,
    first_checkpoint_covering,
    inputs_of,
    seed_checkpoint,
    stored_plan,
    verify_inputs,
)

# -- commands that need more than the ledger ---------------------------------------------------


def pools_now(services: Services, plan: SpotCheckPlan, day: date) -> Pools:
    """Both pools computed from the record as it stands (views caught up to the log's head)."""
    head = services.db.head()
    inspections = services.records.inspections
    views = (services.registry, services.profiles, services.subjects, inspections.view)
    for view in views:
        wait_for(services, view.name, head)
    documents = services.profiles.documents(services.db)

    def profile_of(subject_id: UUID) -> State | None:
        if subject_id in documents:
            return documents[subject_id][0]
        return fold_subject(services.ledger, services.db, services.subjects, subject_id)[0]

    every_inspection = every(lambda cursor: inspections.list(cursor=cursor, limit=500))
    return build_pools(
        services.ledger, services.db, services.registry, every_inspection, profile_of, plan, day
    )


def expected_draw(services: Services, plan: SpotCheckPlan, day: date) -> list[TierCount]:
    """What a draw from the pools as the record stands on `day` would take, per tier."""
    return tier_counts(pools_now(services, plan, day).targets, plan.rules)


def approve(
    services: Services, meta: EventMeta, plan_id: UUID, seed_commitment: str
) -> CommandResult:
    """Approve, once the plan is shown to draw something from the record as it stands."""
    plan = services.ledger.get_spot_check_plan(plan_id)
    expected = expected_draw(services, plan, meta.effective_on)
    return services.ledger.approve_spot_check_plan(meta, plan_id, seed_commitment, expected)


def freeze(services: Services, meta: EventMeta, plan_id: UUID) -> CommandResult:
    """Compute both pools from the record as it stands and record them."""
    plan = services.ledger.get_spot_check_plan(plan_id)
    pools = pools_now(services, plan, meta.effective_on)
    return services.ledger.freeze_spot_check_pools(meta, plan_id, pools.targets, pools.inspectors)


def freeze_position(services: Services, plan: SpotCheckPlan, draw_round: DrawRound) -> int:
    return services.db.positions_of(plan.id)[draw_round.frozen_version]


def draw(services: Services, meta: EventMeta, plan_id: UUID, reveal: str) -> CommandResult:
    """Draw with the first signed checkpoint covering the latest freeze (409 if none yet). The
    checkpoint is determined by the record, so a retried command sends the same one."""
    plan = services.ledger.get_spot_check_plan(plan_id)
    if plan.status is not PlanStatus.DRAWN:  # drawn: maybe a retry, which the receipt answers
        plan.check_status(PlanStatus.FROZEN, "draw")
    checkpoint = seed_checkpoint(
        services.integrity, freeze_position(services, plan, plan.rounds[-1])
    )
    return services.ledger.draw_spot_checks(meta, plan_id, reveal, checkpoint)


# -- verification ------------------------------------------------------------------------------


def recorded_inputs(services: Services, plan_id: UUID) -> list[DrawInputs]:
    """Every drawn round's inputs, from the stored events."""
    plan = stored_plan(services.ledger, plan_id)
    positions = services.db.positions_of(plan_id)
    found = []
    for draw_round in plan.rounds:
        inputs = inputs_of(plan, draw_round, positions.get(draw_round.frozen_version))
        if inputs is not None:
            found.append(inputs)
    return found


def _sealed_check(services: Services, plan_id: UUID) -> Check:
    """The plan's stored events still match the Merkle log sealed over them."""
    for version, position in sorted(services.db.positions_of(plan_id).items()):
        try:
            services.integrity.event_bytes(position)
        except SealMismatchError:
            return Check(
                "stored events",
                False,
                f"the plan's event {version} (log position {position}) no longer matches the "
                "sealed Merkle log: it was changed in the store",
            )
        except LedgerError:
            continue  # not sealed yet: nothing to hold it against
    return Check("stored events", True, "match the sealed Merkle log")


def verify(services: Services, plan_id: UUID) -> SpotCheckVerificationPublic:
    services.integrity.catch_up()
    key = services.integrity.signer.verifier_key
    sealed = _sealed_check(services, plan_id)
    rounds = []
    for inputs in recorded_inputs(services, plan_id):
        first = None
        if inputs.freeze_position is not None:
            first = first_checkpoint_covering(services.integrity, inputs.freeze_position)
        report = verify_inputs(inputs, key, first.tree_size if first is not None else None)
        report.checks.append(sealed)
        rounds.append(_round_verification(report))
    difference = next((r.first_difference for r in rounds if not r.identical), None)
    return SpotCheckVerificationPublic(
        plan_id=plan_id,
        identical=all(r.identical for r in rounds),
        first_difference=difference,
        rounds=rounds,
    )


def _round_verification(report: Verification) -> RoundVerificationPublic:
    return RoundVerificationPublic(
        round=report.round,
        voided=report.voided,
        identical=report.identical,
        first_difference=report.first_difference,
        checks=[CheckPublic(name=c.name, ok=c.ok, detail=c.detail) for c in report.checks],
    )


# -- the public view ---------------------------------------------------------------------------


def summary(plan: SpotCheckPlan) -> SpotCheckSummary:
    current = plan.current
    drawn = len(current.outcome.assignments) if current and current.outcome else 0
    return SpotCheckSummary(
        id=plan.id,
        title=plan.title,
        year=plan.year,
        subject_kind=plan.subject_kind,
        status=plan.status,
        rounds=len(plan.rounds),
        drawn=drawn,
        version=plan.version,
    )


def _identity(inspector: PoolInspector) -> InspectorIdentity:
    return InspectorIdentity(id=inspector.id, number=inspector.number, name=inspector.name)


def _publication(services: Services, inspection: Inspection, today: date) -> PublicationStatus:
    deadline = services.ledger.inspection_publication_deadline(inspection)
    published = inspection.published_on is not None
    return PublicationStatus(
        inspection_id=inspection.id,
        status=inspection.status,
        concluded_on=inspection.concluded_on,
        result=inspection.result if published else None,
        publication_due=deadline.due if deadline else None,
        publication_provisional=deadline.provisional if deadline else False,
        published_on=inspection.published_on,
        published_late=inspection.published_late,
        overdue=deadline is not None and not published and deadline.is_overdue(today),
    )


def _round(services: Services, plan: SpotCheckPlan, r: DrawRound, today: date) -> RoundPublic:
    inspectors = {i.id: i for i in r.inspectors}
    targets = {t.id: t for t in r.targets}
    draws = []
    if r.outcome is not None:
        current = r.current_assignments()
        for assignment, inspection_id in zip(r.outcome.assignments, r.inspection_ids, strict=True):
            target = targets[assignment.target_id]
            try:
                inspection = services.ledger.get_inspection(inspection_id)
                status = _publication(services, inspection, today)
            except EntityNotFoundError:
                status = None
            draws.append(
                DrawnTargetPublic(
                    target=SubjectIdentity(
                        id=target.id, kind=target.kind, number=target.number, name=target.name
                    ),
                    tier=assignment.tier,
                    inspectors=[_identity(inspectors[i]) for i in current[target.id]],
                    inspection=status,
                )
            )
    checkpoint = r.checkpoint
    return RoundPublic(
        round=r.number,
        voided=r.voided,
        frozen_on=r.frozen_on,
        seed_commitment=r.commitment,
        targets_in_pool=len(r.targets),
        inspectors_in_pool=len(r.inspectors),
        targets_hash=r.targets_hash,
        inspectors_hash=r.inspectors_hash,
        drawn_on=r.drawn_on,
        algorithm_version=r.outcome.algorithm_version if r.outcome else None,
        reveal=r.reveal,
        checkpoint=CheckpointRef(**checkpoint.model_dump()) if checkpoint else None,
        seed=r.seed,
        tiers=[TierCountPublic(**t.model_dump()) for t in (r.outcome.tiers if r.outcome else ())],
        draws=draws,
        replacements=[
            ReplacementPublic(
                target_id=x.target_id,
                slot=x.slot,
                stepped_aside=_identity(inspectors[x.recused_id]),
                replacement=_identity(inspectors[x.replacement_id]),
                requested_by_party=x.requested_by_party,
                on=x.on,
            )
            for x in r.replacements
        ],
        void=VoidPublic(
            requested_reason=r.void_request_reason, voided_on=r.voided_on, reason=r.void_reason
        )
        if r.void_requested_by is not None
        else None,
    )


def public_view(services: Services, plan_id: UUID) -> SpotCheckPublic:
    plan = services.ledger.get_spot_check_plan(plan_id)
    today = services.ledger.today()
    scope = plan.scope
    return SpotCheckPublic(
        **summary(plan).model_dump(),
        checklist_id=plan.checklist_id,
        checklist_version=plan.checklist_version,
        organization_ids=list(scope.organization_ids),
        supervising_unit=scope.supervising_unit,
        inspector_units=list(scope.inspector_units),
        inspector_specialties=list(scope.inspector_specialties),
        quotas=[QuotaPublic(**q.model_dump()) for q in plan.rules.quotas],
        per_target=plan.rules.per_target,
        max_draws_per_year=plan.rules.max_draws_per_year,
        policy_version=plan.policy_version,
        proposed_on=plan.proposed_on,
        approved_on=plan.approved_on,
        seed_commitment=plan.commitment,
        round_details=[_round(services, plan, r, today) for r in plan.rounds],
    )
