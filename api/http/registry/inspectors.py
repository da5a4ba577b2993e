from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status

from api.http.auth import (
    ALL_ROLES,
    REGISTRY_WRITERS,
    allow,
)
from api.http.common import (
    accepted,
    changes_of,
    history_of,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.inspections.schemas import (
    ConflictCreate,
    PreviousEmploymentCreate,
)
from api.http.problems import PROBLEM_RESPONSES
from api.http.registry.reads import (
    AfterQuery,
    list_entries,
)
from api.http.registry.schemas import (
    InspectorChange,
    InspectorCreate,
    InspectorPublic,
    RegistryPage,
)
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import InspectorStatus
from domain.registry.inspectors import InspectorDetails

router = APIRouter(prefix="/inspectors", tags=["inspectors"], responses=PROBLEM_RESPONSES)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Register an inspector (执法检查人员)",
    **allow(*REGISTRY_WRITERS),
)
def register(body: InspectorCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    details = InspectorDetails(name=body.name, unit=body.unit, specialties=tuple(body.specialties))
    return accepted(ledger.register_inspector(meta_for(body, actor, ledger), body.number, details))


@router.get("", response_model=RegistryPage, summary="List inspectors", **allow(*ALL_ROLES))
def list_inspectors(
    services: ServicesDep,
    status: InspectorStatus | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: AfterQuery = None,
) -> RegistryPage:
    return list_entries(services, "inspector", None, status, None, cursor, limit, after)


@router.get(
    "/{entity_id}", response_model=InspectorPublic, summary="One inspector", **allow(*ALL_ROLES)
)
def get_inspector(entity_id: UUID, ledger: LedgerDep) -> InspectorPublic:
    inspector = ledger.get_inspector(entity_id)
    return InspectorPublic(
        id=inspector.id,
        number=inspector.number,
        name=inspector.details.name,
        unit=inspector.details.unit,
        specialties=list(inspector.details.specialties),
        status=inspector.status.value,
        version=inspector.version,
    )


@router.get(
    "/{entity_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of an inspector",
    **allow(*ALL_ROLES),
)
def inspector_history(entity_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_inspector(entity_id)
    return history_of(services, entity_id)


@router.patch(
    "/{entity_id}",
    response_model=CommandAccepted,
    summary="Change an inspector's details",
    **allow(*REGISTRY_WRITERS),
)
def change_details(
    entity_id: UUID, body: InspectorChange, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.change_inspector_details(meta, entity_id, changes_of(body)))


@router.post(
    "/{entity_id}/deactivation",
    response_model=CommandAccepted,
    summary="Take an inspector out of service (no longer drawn)",
    **allow(*REGISTRY_WRITERS),
)
def deactivate(
    entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.set_inspector_active(meta, entity_id, active=False))


@router.post(
    "/{entity_id}/reactivation",
    response_model=CommandAccepted,
    summary="Return an inspector to service",
    **allow(*REGISTRY_WRITERS),
)
def reactivate(
    entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.set_inspector_active(meta, entity_id, active=True))


@router.post(
    "/{entity_id}/conflicts",
    response_model=CommandAccepted,
    summary="Declare a conflict of interest with a subject (the inspector then steps aside 回避)",
    **allow(*REGISTRY_WRITERS),
)
def declare_conflict(
    entity_id: UUID, body: ConflictCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(
        ledger.declare_inspector_conflict(meta, entity_id, body.subject_id, body.conflict)
    )


@router.post(
    "/{entity_id}/previous-employment",
    response_model=CommandAccepted,
    summary="Record an organization that employed the inspector before",
    **allow(*REGISTRY_WRITERS),
)
def record_previous_employment(
    entity_id: UUID, body: PreviousEmploymentCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(
        ledger.record_inspector_previous_employment(meta, entity_id, body.organization_id)
    )
