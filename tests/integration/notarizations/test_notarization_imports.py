"""Importing notarization records on SQLite and PostgreSQL: kept as received in one transaction,
imported once, refused whole when one record is wrong; the 错发 and 漏发 detectors read them."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

import pytest

from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.notarizations.errors import (
    ImportedRecordInvalidError,
    RecordImportedOnceError,
)
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedStep,
)
from domain.notarizations.values import NotarizationStage as S
from domain.notarizations.values import NotarizationType
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from tests.conftest import CLERK, read

SUPERVISOR = Actor(principal_id="sup.test", role=Role.SUPERVISOR)
SOURCE = "第一公证处业务系统"


def _meta(actor: Actor = CLERK, on: date = date(2020, 1, 2)) -> EventMeta:
    return EventMeta(actor=actor, reason="r", effective_on=on, command_id=f"c-{uuid.uuid4()}")


@pytest.fixture
def ids(any_services: Services) -> dict[str, UUID]:
    ledger = any_services.ledger
    office = ledger.register_organization(
        _meta(), OrganizationKind.NOTARY_OFFICE, "IMP-N1", OrganizationDetails(name="第一公证处")
    ).subject_id
    found = {"office": office}
    for name in ("handler", "approver"):
        person = ledger.register_practitioner(
            _meta(), PractitionerKind.NOTARY, f"IMP-{name}", PractitionerDetails(name=name)
        ).subject_id
        ledger.join_organization(_meta(), person, office)
        found[name] = person
    return found


def _record(ids: dict[str, UUID], number: str, *steps: ImportedStep) -> ImportedNotarization:
    return ImportedNotarization(
        external_number=number,
        office_id=ids["office"],
        matter_type=NotarizationType.INHERITANCE,
        handler_id=ids["handler"],
        steps=steps,
    )


def _s(stage: S, on: date, **kw: object) -> ImportedStep:
    return ImportedStep(stage=stage, on=on, **kw)  # type: ignore[arg-type]


def test_import_keeps_records_and_detects_wrong_and_missed_issuance(
    any_services: Services, ids: dict[str, UUID]
) -> None:
    ledger = any_services.ledger
    applied, accepted = _s(S.APPLIED, date(2024, 9, 2)), _s(S.ACCEPTED, date(2024, 9, 3))
    approved = _s(S.APPROVED, date(2024, 9, 10), notary_id=ids["approver"])
    records = (
        _record(
            ids,
            "R-1",
            applied,
            accepted,
            _s(S.CERTIFICATE_ISSUED, date(2024, 9, 9), certificate_number="C-1"),
        ),
        _record(
            ids,
            "R-2",
            applied,
            accepted,
            approved,
            _s(S.CERTIFICATE_ISSUED, date(2024, 9, 11), certificate_number="C-2"),
        ),
        _record(ids, "R-3", applied, accepted, approved),  # approved, never issued
    )
    head = any_services.db.head()
    result = ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, records)
    # one batch + three records, one transaction (and the receipt)
    assert any_services.db.head() - head == 5
    batch = ledger.get_notarization_import(result.subject_id)
    assert batch.source == SOURCE and len(batch.record_ids) == 3

    wrong = read(ledger).notarizations.wrong_issuances(limit=500)[0]
    assert [(w.record.external_number, w.rule) for w in wrong] == [
        ("R-1", "NoIssuanceWithoutApproval")
    ]
    # accepted Tue 3 Sep 2024; 15 working days count Sat 14 Sep (调休, a working day) and
    # skip the Mid-Autumn holiday 15-17 Sep: due Wed 25 Sep, overdue on 2 Dec. R-2 was issued;
    # R-1 too, wrongly.
    missed = read(ledger).notarizations.imported_missed_issuances(date(2024, 12, 2))
    assert [(m.record.external_number, m.due) for m in missed] == [("R-3", date(2024, 9, 25))]
    assert not read(ledger).notarizations.imported_missed_issuances(date(2024, 9, 25))
    # The ledger's own matters are untouched by an import.
    assert read(ledger).notarizations.list(limit=500).items == []


def test_imported_once(any_services: Services, ids: dict[str, UUID]) -> None:
    ledger = any_services.ledger
    record = _record(ids, "R-9", _s(S.APPLIED, date(2024, 9, 2)))
    ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, (record,))
    head = any_services.db.head()
    with pytest.raises(RecordImportedOnceError) as caught:
        ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, (record,))
    assert caught.value.rule == "ImportedOnce"
    assert any_services.db.head() == head
    # The same number from another system is another record.
    ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), "另一系统", (record,))


def test_import_refused_whole_when_one_record_is_wrong(
    any_services: Services, ids: dict[str, UUID]
) -> None:
    ledger = any_services.ledger
    good = _record(ids, "R-1", _s(S.APPLIED, date(2024, 9, 2)))
    unknown_notary = good.model_copy(update={"external_number": "R-2", "handler_id": uuid.uuid4()})
    head = any_services.db.head()
    with pytest.raises(ImportedRecordInvalidError) as caught:
        ledger.import_notarizations(
            _meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, (good, unknown_notary)
        )
    assert caught.value.field == "records[1]"
    with pytest.raises(ImportedRecordInvalidError, match="twice"):
        ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, (good, good))
    not_an_office = good.model_copy(update={"office_id": ids["handler"]})
    with pytest.raises(ImportedRecordInvalidError):
        ledger.import_notarizations(_meta(SUPERVISOR, date(2024, 12, 2)), SOURCE, (not_an_office,))
    assert any_services.db.head() == head
    assert read(ledger).notarizations.list_imported().items == []
