"""Spot checks 双随机、一公开: plan, approve (four eyes, seed commitment), freeze the pools, draw,
replace an inspector after a recusal, void and draw again; the plan, its draws and each
result's publication status are public, and so is the re-verification of every draw."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, status

from api.http.auth import (
    allow,
    allow_command,
    public,
)
from api.http.common import (
    accepted,
    history_of,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from api.http.spot_checks import actions
from api.http.spot_checks.schemas import (
    SpotCheckApproval,
    SpotCheckCreate,
    SpotCheckDraw,
    SpotCheckPublic,
    SpotCheckRecusal,
    SpotChecksPublic,
    SpotCheckVerificationPublic,
)
from domain.core.errors import EntityNotFoundError
from domain.core.values import Role
from domain.spot_checks.pools import TierQuota
from domain.spot_checks.rounds import PlanStatus, SpotCheckScope

router = APIRouter(prefix="/spot-checks", tags=["spot checks"], responses=PROBLEM_RESPONSES)

STAFF_READERS = (Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN)  # the pools' members, conflicts too


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Propose a spot-check plan: the list, the two pools' scope, the sampling rules",
    **allow_command("ProposeSpotCheckPlan"),
)
def propose(body: SpotCheckCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    scope = SpotCheckScope(
        organization_ids=tuple(body.organization_ids),
        supervising_unit=body.supervising_unit,
        inspector_units=tuple(body.inspector_units),
        inspector_specialties=tuple(body.inspector_specialties),
    )
    quotas = None
    if body.quotas is not None:
        quotas = [TierQuota(**q.model_dump()) for q in body.quotas]
    result = ledger.propose_spot_check_plan(
        meta_for(body, actor, ledger),
        body.title,
        body.year,
        body.checklist_id,
        checklist_version=body.checklist_version,
        scope=scope,
        quotas=quotas,
        per_target=body.per_target,
        max_draws_per_year=body.max_draws_per_year,
    )
    return accepted(result)


@router.post(
    "/{plan_id}/approval",
    response_model=CommandAccepted,
    summary="Approve (not the proposer) and commit to the seed's random value; 409 "
    "PlanDrawsSomething if a draw from the pools as the record stands would take no target",
    **allow_command("ApproveSpotCheckPlan"),
)
def approve(
    plan_id: UUID, body: SpotCheckApproval, actor: ActorDep, services: ServicesDep
) -> CommandAccepted:
    meta = meta_for(body, actor, services.ledger)
    return accepted(actions.approve(services, meta, plan_id, body.seed_commitment))


@router.post(
    "/{plan_id}/freeze",
    response_model=CommandAccepted,
    summary="Freeze both pools, computed from the record, with their content hashes",
    **allow_command("FreezeSpotCheckPools"),
)
def freeze(
    plan_id: UUID, body: CommandOnly, actor: ActorDep, services: ServicesDep
) -> CommandAccepted:
    meta = meta_for(body, actor, services.ledger)
    return accepted(actions.freeze(services, meta, plan_id))


@router.post(
    "/{plan_id}/draw",
    response_model=CommandAccepted,
    summary="Reveal the committed value and draw; creates the inspections (409 until a signed "
    "checkpoint covers the freeze: POST /integrity/checkpoints signs one)",
    **allow_command("DrawSpotChecks"),
)
def draw(
    plan_id: UUID, body: SpotCheckDraw, actor: ActorDep, services: ServicesDep
) -> CommandAccepted:
    meta = meta_for(body, actor, services.ledger)
    return accepted(actions.draw(services, meta, plan_id, body.reveal))


@router.post(
    "/{plan_id}/recusals",
    response_model=CommandAccepted,
    summary="An assigned inspector steps aside 回避: a recorded re-draw fills the slot",
    **allow_command("ReplaceRecusedInspector"),
)
def recuse(
    plan_id: UUID, body: SpotCheckRecusal, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    result = ledger.replace_recused_inspector(
        meta, plan_id, body.target_id, body.inspector_id, body.requested_by_party
    )
    return accepted(result)


@router.post(
    "/{plan_id}/void-request",
    response_model=CommandAccepted,
    summary="Ask to void the current round (the reason is the request's)",
    **allow_command("RequestDrawVoid"),
)
def request_void(
    plan_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.request_draw_void(meta_for(body, actor, ledger), plan_id))


@router.post(
    "/{plan_id}/void",
    response_model=CommandAccepted,
    summary="Approve the void (not the requester) with the next round's seed commitment; the "
    "round stays visible, its inspections are cancelled",
    **allow_command("VoidDraw"),
)
def void(
    plan_id: UUID, body: SpotCheckApproval, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.void_draw(meta, plan_id, body.seed_commitment))


# -- public reads ------------------------------------------------------------------------------


@router.get(
    "",
    response_model=SpotChecksPublic,
    summary="Spot-check plans by year and status, in the order proposed",
    **public(),
)
def list_plans(
    services: ServicesDep,
    year: int | None = Query(default=None, ge=2000, le=2100),
    status: PlanStatus | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> SpotChecksPublic:
    records = services.records.spot_checks
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            year=year, status=status.value if status else None, cursor=cursor, limit=limit
        ),
    )
    return SpotChecksPublic(
        items=[actions.summary(p) for p in page.items],
        next_cursor=page.next_cursor,
        position=position,
    )


@router.get(
    "/{plan_id}",
    response_model=SpotCheckPublic,
    summary="一公开: the plan, every draw (targets, inspectors), each result's publication status",
    **public(),
)
def read(plan_id: UUID, services: ServicesDep) -> SpotCheckPublic:
    return actions.public_view(services, plan_id)


@router.get(
    "/{plan_id}/verification",
    response_model=SpotCheckVerificationPublic,
    summary="Re-run every draw from the recorded inputs: identical, or the first difference",
    **public(),
)
def verification(plan_id: UUID, services: ServicesDep) -> SpotCheckVerificationPublic:
    services.ledger.get_spot_check_plan(plan_id)  # 404 for an unknown plan
    return actions.verify(services, plan_id)


@router.get(
    "/{plan_id}/inputs",
    summary="Everything a round's draw read and produced, as recorded (pools included), for an "
    "offline re-run: `ledger draw verify --inputs FILE`",
    **allow(*STAFF_READERS),
)
def inputs(
    plan_id: UUID,
    services: ServicesDep,
    round_number: int | None = Query(default=None, alias="round", ge=1, description="latest"),
) -> dict[str, Any]:
    services.ledger.get_spot_check_plan(plan_id)
    found = actions.recorded_inputs(services, plan_id)
    chosen = [i for i in found if round_number is None or i.round == round_number]
    if not chosen:
        raise EntityNotFoundError(f"{plan_id} round {round_number or 'drawn'}", "draw")
    return chosen[-1].model_dump(mode="json")


@router.get(
    "/{plan_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of the plan",
    **allow(*STAFF_READERS),
)
def history(plan_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_spot_check_plan(plan_id)
    return history_of(services, plan_id)
