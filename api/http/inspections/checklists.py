"""Checklists 抽查事项清单: versioned lists of inspection items per kind of subject."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

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
from api.http.inspections.schemas import (
    ChecklistCreate,
    ChecklistItemPublic,
    ChecklistPublic,
    ChecklistsPublic,
    ChecklistVersionPublic,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    HistoryPublic,
)
from domain.core.values import (
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.inspections.checklists import (
    Checklist,
    ChecklistItem,
    ChecklistVersion,
)

router = APIRouter(prefix="/checklists", tags=["checklists"], responses=PROBLEM_RESPONSES)

CHECKLIST_WRITERS = (Role.SUPERVISOR, Role.ADMIN)


def version_public(version: ChecklistVersion) -> ChecklistVersionPublic:
    return ChecklistVersionPublic(
        version=version.version,
        title=version.title,
        published_on=version.published_on,
        items=[ChecklistItemPublic(**item.model_dump()) for item in version.items],
    )


def _public(checklist: Checklist) -> ChecklistPublic:
    return ChecklistPublic(
        id=checklist.id,
        kind=checklist.kind,
        code=checklist.code,
        latest_version=len(checklist.versions),
        versions=[version_public(v) for v in checklist.versions],
        version=checklist.version,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Publish a new version of a checklist (opened by its first version)",
    **allow(*CHECKLIST_WRITERS),
)
def publish(body: ChecklistCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    items = [ChecklistItem(**item.model_dump()) for item in body.items]
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.publish_checklist(meta, body.kind, body.code, body.title, items))


@router.get(
    "",
    response_model=ChecklistsPublic,
    summary="List checklists, oldest first",
    **allow(*ALL_ROLES),
)
def list_checklists(
    services: ServicesDep,
    kind: OrganizationKind | PractitionerKind | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> ChecklistsPublic:
    records = services.records.inspections
    page, position = read_page(
        services,
        records.checklists.name,
        after,
        lambda: records.list_checklists(
            kind=kind.value if kind else None, cursor=cursor, limit=limit
        ),
    )
    return ChecklistsPublic(
        items=[_public(c) for c in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/{checklist_id}",
    response_model=ChecklistPublic,
    summary="One checklist with every published version",
    **allow(*ALL_ROLES),
)
def get_checklist(checklist_id: UUID, ledger: LedgerDep) -> ChecklistPublic:
    return _public(ledger.get_checklist(checklist_id))


@router.get(
    "/{checklist_id}/versions/{number}",
    response_model=ChecklistVersionPublic,
    summary="One published version of a checklist",
    **allow(*ALL_ROLES),
)
def get_checklist_version(
    checklist_id: UUID, number: int, ledger: LedgerDep
) -> ChecklistVersionPublic:
    return version_public(ledger.get_checklist(checklist_id).get_version(number))


@router.get(
    "/{checklist_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a checklist",
    **allow(*ALL_ROLES),
)
def checklist_history(checklist_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_checklist(checklist_id)
    return history_of(services, checklist_id)
