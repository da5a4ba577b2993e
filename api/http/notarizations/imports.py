"""Notarization records imported from offices' own systems, and the 错发 detector.

Imported records are kept as received; the ledger's own commands could never record what the
detector finds (a certificate without an approval), which is why it looks only here. This router
is included before the notarizations router: its fixed paths must win over `/{matter_id}`.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.common import (
    accepted,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.notarizations.schemas import (
    ImportedNotarizationPublic,
    ImportedNotarizationsPublic,
    ImportedStepPublic,
    NotarizationImportCreate,
    NotarizationImportPublic,
    WrongIssuancePublic,
    WrongIssuancesPublic,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import CommandAccepted
from domain.core.values import Role
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedNotarizationRecord,
    ImportedStep,
)

IMPORTERS = (Role.SUPERVISOR, Role.ADMIN)

router = APIRouter(prefix="/notarizations", tags=["notarizations"], responses=PROBLEM_RESPONSES)


@router.get(
    "/wrong-issuances",
    response_model=WrongIssuancesPublic,
    summary="错发: imported certificates issued without an approval, or approved by the handler",
    description=(
        "The ledger's own commands refuse both (409 NoIssuanceWithoutApproval / "
        "ApproverIsNotHandler); records imported from an office's system are kept as received "
        "and checked here."
    ),
    **allow(*ALL_ROLES),
)
def wrong_issuances(
    services: ServicesDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> WrongIssuancesPublic:
    records = services.records.notarizations
    (irregular, next_cursor), position = read_page(
        services,
        records.imported.name,
        after,
        lambda: records.wrong_issuances(cursor=cursor, limit=limit),
    )
    items = []
    for found in irregular:
        issuance = found.record.issuance
        items.append(
            WrongIssuancePublic(
                id=found.record.id,
                source=found.record.source,
                external_number=found.record.external_number,
                office_id=found.record.office_id,
                certificate_number=issuance.certificate_number if issuance else None,
                issued_on=issuance.on if issuance else None,
                rule=found.rule,
                detail=found.detail,
            )
        )
    return WrongIssuancesPublic(items=items, next_cursor=next_cursor, position=position)


def _imported(r: ImportedNotarizationRecord) -> ImportedNotarizationPublic:
    return ImportedNotarizationPublic(
        id=r.id,
        import_id=r.import_id,
        source=r.source,
        external_number=r.external_number,
        office_id=r.office_id,
        assisting_office_id=r.record.assisting_office_id,
        matter_type=r.record.matter_type,
        handler_id=r.handler_id,
        stage=r.stage,
        steps=[ImportedStepPublic.model_validate(s.model_dump()) for s in r.record.steps],
        irregularities=[rule for rule, _ in r.issuance_irregularities()],
    )


@router.get(
    "/imported",
    response_model=ImportedNotarizationsPublic,
    summary="Records imported from offices' systems, optionally of one office",
    **allow(*ALL_ROLES),
)
def list_imported(
    services: ServicesDep,
    office_id: UUID | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> ImportedNotarizationsPublic:
    records = services.records.notarizations
    page, position = read_page(
        services,
        records.imported.name,
        after,
        lambda: records.list_imported(office_id=office_id, cursor=cursor, limit=limit),
    )
    return ImportedNotarizationsPublic(
        items=[_imported(r) for r in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/imports/{import_id}",
    response_model=NotarizationImportPublic,
    summary="One import batch and its records",
    **allow(*ALL_ROLES),
)
def get_import(import_id: UUID, ledger: LedgerDep) -> NotarizationImportPublic:
    batch = ledger.get_notarization_import(import_id)
    records = [ledger.get_imported_notarization(i) for i in batch.record_ids]
    return NotarizationImportPublic(
        id=batch.id,
        source=batch.source,
        imported_on=batch.imported_on,
        records=[_imported(r) for r in records],
    )


@router.post(
    "/imports",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Import records from an office's own system, kept as received (checked by detectors)",
    **allow(*IMPORTERS),
)
def import_records(
    body: NotarizationImportCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    records = tuple(
        ImportedNotarization(
            external_number=r.external_number,
            office_id=r.office_id,
            matter_type=r.matter_type,
            handler_id=r.handler_id,
            assisting_office_id=r.assisting_office_id,
            steps=tuple(ImportedStep.model_validate(s.model_dump()) for s in r.steps),
        )
        for r in body.records
    )
    return accepted(
        ledger.import_notarizations(meta_for(body, actor, ledger), body.source, records)
    )
