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
    meta_for,
    subject_history_of,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.personal_data import sees_personal_data
from api.http.problems import PROBLEM_RESPONSES
from api.http.registry.licences import add_licence_routes
from api.http.registry.reads import (
    AfterQuery,
    list_entries,
)
from api.http.registry.schemas import (
    AffiliationCreate,
    PractitionerChange,
    PractitionerCreate,
    PractitionerPublic,
    RegistryPage,
    Suspension,
)
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import (
    LicenceStatus,
    PractitionerKind,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

router = APIRouter(prefix="/practitioners", tags=["practitioners"], responses=PROBLEM_RESPONSES)


def _public(person: Practitioner, today_status: str) -> PractitionerPublic:
    return PractitionerPublic(
        id=person.id,
        kind=person.kind,
        number=person.number,
        name=person.details.name,
        specialties=list(person.details.specialties),
        organization_id=person.organization_id,
        status=today_status,
        recorded_status=person.status.value,
        suspension=Suspension(**person.suspension.model_dump()) if person.suspension else None,
        suspensions=[Suspension(**p.model_dump()) for p in person.suspensions],
        registered_on=person.registered_on,
        version=person.version,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Register a lawyer, notary or appraiser (执业登记)",
    **allow(*REGISTRY_WRITERS),
)
def register(body: PractitionerCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    details = PractitionerDetails(name=body.name, specialties=tuple(body.specialties))
    result = ledger.register_practitioner(
        meta_for(body, actor, ledger), body.kind, body.number, details
    )
    return accepted(result)


@router.get("", response_model=RegistryPage, summary="List practitioners", **allow(*ALL_ROLES))
def list_practitioners(
    services: ServicesDep,
    kind: PractitionerKind | None = None,
    status: LicenceStatus | None = Query(default=None, description="status in force today"),
    organization_id: UUID | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: AfterQuery = None,
) -> RegistryPage:
    return list_entries(
        services, "practitioner", kind, status, organization_id, cursor, limit, after
    )


@router.get(
    "/{entity_id}",
    response_model=PractitionerPublic,
    summary="One practitioner",
    **allow(*ALL_ROLES),
)
def get_practitioner(entity_id: UUID, ledger: LedgerDep) -> PractitionerPublic:
    person = ledger.get_practitioner(entity_id)
    return _public(person, person.status_on(ledger.today()).value)


@router.get(
    "/{entity_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a practitioner and of the records about it",
    **allow(*ALL_ROLES),
)
def practitioner_history(entity_id: UUID, services: ServicesDep, actor: ActorDep) -> HistoryPublic:
    services.ledger.get_practitioner(entity_id)
    return subject_history_of(services, entity_id, personal_data=sees_personal_data(actor))


@router.patch(
    "/{entity_id}",
    response_model=CommandAccepted,
    summary="Change a practitioner's details (变更)",
    **allow(*REGISTRY_WRITERS),
)
def change_details(
    entity_id: UUID, body: PractitionerChange, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.change_practitioner_details(meta, entity_id, changes_of(body)))


@router.post(
    "/{entity_id}/affiliation",
    response_model=CommandAccepted,
    summary="Join an organization (a person is in at most one at a time)",
    **allow(*REGISTRY_WRITERS),
)
def join(
    entity_id: UUID, body: AffiliationCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.join_organization(meta, entity_id, body.organization_id))


@router.post(
    "/{entity_id}/departure",
    response_model=CommandAccepted,
    summary="Leave the current organization",
    **allow(*REGISTRY_WRITERS),
)
def leave(
    entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.leave_organization(meta_for(body, actor, ledger), entity_id))


@router.post(
    "/{entity_id}/deregistration",
    response_model=CommandAccepted,
    summary="Deregister a practitioner (注销); ends any affiliation",
    **allow(*REGISTRY_WRITERS),
)
def deregister(
    entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.deregister_practitioner(meta_for(body, actor, ledger), entity_id))


add_licence_routes(router, Practitioner, "practitioner")
