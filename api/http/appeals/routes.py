from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.http.appeals.schemas import (
    AppealCreate,
    AppealDecision,
    AppealPublic,
    AppealRejection,
    AppealsPublic,
)
from api.http.auth import (
    ALL_ROLES,
    allow,
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
from domain.appeals.appeal import Appeal, AppealKind, AppealStatus
from domain.core.values import Role

router = APIRouter(prefix="/appeals", tags=["appeals"], responses=PROBLEM_RESPONSES)

RECORDERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
DECIDERS = (Role.SUPERVISOR, Role.ADMIN)


def _public(appeal: Appeal) -> AppealPublic:
    return AppealPublic(
        id=appeal.id,
        kind=appeal.kind,
        target_kind=appeal.target_kind,
        target_id=appeal.target_id,
        appellant=appeal.appellant,
        grounds=appeal.grounds,
        filed_on=appeal.filed_on,
        deadline=appeal.deadline,
        status=appeal.status.value,
        outcome=appeal.outcome,
        decided_on=appeal.decided_on,
        version=appeal.version,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="File an appeal (the filing window is checked: late is a 409 naming the deadline)",
    **allow(*RECORDERS),
)
def file_appeal(body: AppealCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    result = ledger.file_appeal(
        meta_for(body, actor, ledger),
        body.kind,
        body.target_kind,
        body.target_id,
        body.appellant,
        body.grounds,
    )
    return accepted(result)


@router.get(
    "",
    response_model=AppealsPublic,
    summary="Appeals by the result appealed against, status and kind, in the order filed",
    **allow(*ALL_ROLES),
)
def list_appeals(
    services: ServicesDep,
    target_id: UUID | None = None,
    status: AppealStatus | None = None,
    kind: AppealKind | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> AppealsPublic:
    records = services.records.appeals
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            target_id=target_id,
            status=status.value if status else None,
            kind=kind.value if kind else None,
            cursor=cursor,
            limit=limit,
        ),
    )
    return AppealsPublic(
        items=[_public(a) for a in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get("/{appeal_id}", response_model=AppealPublic, summary="One appeal", **allow(*ALL_ROLES))
def get_appeal(appeal_id: UUID, ledger: LedgerDep) -> AppealPublic:
    return _public(ledger.get_appeal(appeal_id))


@router.get(
    "/{appeal_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of an appeal",
    **allow(*ALL_ROLES),
)
def appeal_history(appeal_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_appeal(appeal_id)
    return history_of(services, appeal_id)


@router.post(
    "/{appeal_id}/acceptance",
    response_model=CommandAccepted,
    summary="Accept an appeal for decision (受理)",
    **allow(*DECIDERS),
)
def accept(
    appeal_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.accept_appeal(meta_for(body, actor, ledger), appeal_id))


@router.post(
    "/{appeal_id}/rejection",
    response_model=CommandAccepted,
    summary="Reject an appeal as late or inadmissible (不予受理)",
    **allow(*DECIDERS),
)
def reject(
    appeal_id: UUID, body: AppealRejection, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.reject_appeal(meta_for(body, actor, ledger), appeal_id, body.grounds))


@router.post(
    "/{appeal_id}/decision",
    response_model=CommandAccepted,
    summary="Decide: upheld, varied or annulled (varied/annulled change the target and withdraw "
    "its publication in the same transaction)",
    **allow(*DECIDERS),
)
def decide(
    appeal_id: UUID, body: AppealDecision, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.decide_appeal(meta, appeal_id, body.outcome, body.new_result))
