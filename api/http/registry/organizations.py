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
    OrganizationChange,
    OrganizationCreate,
    OrganizationPublic,
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
    OrganizationKind,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)

router = APIRouter(prefix="/organizations", tags=["organizations"], responses=PROBLEM_RESPONSES)


def _public(org: Organization, today_status: str) -> OrganizationPublic:
    return OrganizationPublic(
        id=org.id,
        kind=org.kind,
        number=org.number,
        name=org.details.name,
        address=org.details.address,
        head=org.details.head,
        status=today_status,
        recorded_status=org.status.value,
        suspension=Suspension(**org.suspension.model_dump()) if org.suspension else None,
        suspensions=[Suspension(**p.model_dump()) for p in org.suspensions],
        members=len(org.members),
        registered_on=org.registered_on,
        version=org.version,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Register an organization (登记)",
    **allow(*REGISTRY_WRITERS),
)
def register(body: OrganizationCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    details = OrganizationDetails(name=body.name, address=body.address, head=body.head)
    result = ledger.register_organization(
        meta_for(body, actor, ledger), body.kind, body.number, details
    )
    return accepted(result)


@router.get("", response_model=RegistryPage, summary="List organizations", **allow(*ALL_ROLES))
def list_organizations(
    services: ServicesDep,
    kind: OrganizationKind | None = None,
    status: LicenceStatus | None = Query(default=None, description="status in force today"),
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: AfterQuery = None,
) -> RegistryPage:
    return list_entries(services, "organization", kind, status, None, cursor, limit, after)


@router.get(
    "/{entity_id}",
    response_model=OrganizationPublic,
    summary="One organization",
    **allow(*ALL_ROLES),
)
def get_organization(entity_id: UUID, ledger: LedgerDep) -> OrganizationPublic:
    org = ledger.get_organization(entity_id)
    return _public(org, org.status_on(ledger.today()).value)


@router.get(
    "/{entity_id}/members",
    response_model=RegistryPage,
    summary="Practitioners currently in this organization",
    **allow(*ALL_ROLES),
)
def list_members(
    entity_id: UUID,
    services: ServicesDep,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    after: AfterQuery = None,
) -> RegistryPage:
    services.ledger.get_organization(entity_id)
    return list_entries(services, "practitioner", None, None, entity_id, cursor, limit, after)


@router.get(
    "/{entity_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of an organization and of the records about it",
    **allow(*ALL_ROLES),
)
def organization_history(entity_id: UUID, services: ServicesDep, actor: ActorDep) -> HistoryPublic:
    services.ledger.get_organization(entity_id)
    return subject_history_of(services, entity_id, personal_data=sees_personal_data(actor))


@router.patch(
    "/{entity_id}",
    response_model=CommandAccepted,
    summary="Change an organization's details (变更)",
    **allow(*REGISTRY_WRITERS),
)
def change_details(
    entity_id: UUID, body: OrganizationChange, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.change_organization_details(meta, entity_id, changes_of(body)))


@router.post(
    "/{entity_id}/deregistration",
    response_model=CommandAccepted,
    summary="Deregister an organization (注销); it must have no members",
    **allow(*REGISTRY_WRITERS),
)
def deregister(
    entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.deregister_organization(meta_for(body, actor, ledger), entity_id))


add_licence_routes(router, Organization, "organization")
