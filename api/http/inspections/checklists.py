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


@router.get("", response_model=ChecklistsPublic, summary="List checklists", **allow(*ALL_ROLES))
def list_checklists(
    ledger: LedgerDep, kind: OrganizationKind | PractitionerKind | None = None
) -> ChecklistsPublic:
    return ChecklistsPublic(items=[_public(c) for c in ledger.list_checklists(kind)])


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
