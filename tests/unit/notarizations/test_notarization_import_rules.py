"""Imported notarization records: what makes one well formed, and what the 错发 detector flags."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.notarizations.errors import ImportedRecordInvalidError
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedNotarizationRecord,
    ImportedStep,
)
from domain.notarizations.values import NotarizationStage as S
from domain.notarizations.values import NotarizationType

TODAY = date(2024, 12, 31)
OFFICE, HANDLER, APPROVER = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
META = EventMeta(
    actor=Actor(principal_id="sup", role=Role.SUPERVISOR),
    reason="导入",
    effective_on=TODAY,
    command_id="import-1",
)


def record(*steps: ImportedStep, number: str = "(2024)京兴证字1号") -> ImportedNotarization:
    return ImportedNotarization(
        external_number=number,
        office_id=OFFICE,
        matter_type=NotarizationType.INHERITANCE,
        handler_id=HANDLER,
        steps=steps,
    )


def step(stage: S, day: int, **kw: object) -> ImportedStep:
    return ImportedStep(stage=stage, on=date(2024, 3, day), **kw)  # type: ignore[arg-type]


APPLIED, ACCEPTED, EXAMINED = step(S.APPLIED, 1), step(S.ACCEPTED, 4), step(S.EXAMINED, 6)
APPROVED = step(S.APPROVED, 7, notary_id=APPROVER)
ISSUED = step(S.CERTIFICATE_ISSUED, 8, certificate_number="C-1")


def imported(r: ImportedNotarization) -> ImportedNotarizationRecord:
    r.check_well_formed(0, TODAY)
    return ImportedNotarizationRecord(meta=META, import_id=uuid.uuid4(), source="sys", record=r)


@pytest.mark.parametrize(
    ("steps", "fragment"),
    [
        ((ACCEPTED,), "first step is the application"),
        ((APPLIED, step(S.ACCEPTED, 2), step(S.EXAMINED, 1)), "dated in order"),
        ((APPLIED, step(S.APPROVED, 7)), "names its approver"),
        ((APPLIED, step(S.CERTIFICATE_ISSUED, 8)), "has its number"),
        ((APPLIED, step(S.WITHDRAWN, 2), ACCEPTED), "nothing follows withdrawn"),
        ((APPLIED, ISSUED, step(S.CERTIFICATE_ISSUED, 9, certificate_number="C-2")), "at most one"),
        ((APPLIED, step(S.REVIEW_REQUESTED, 9)), "not importable"),
        ((ImportedStep(stage=S.APPLIED, on=date(2025, 1, 2)),), "in the future"),
    ],
)
def test_imported_record_well_formed(steps: tuple[ImportedStep, ...], fragment: str) -> None:
    with pytest.raises(ImportedRecordInvalidError) as caught:
        record(*steps).check_well_formed(3, TODAY)
    assert fragment in caught.value.detail
    assert caught.value.rule == "ImportedRecordWellFormed"
    assert caught.value.field is not None and caught.value.field.startswith("records[3]")


def test_wrong_issuance_detected_without_approval() -> None:
    found = imported(record(APPLIED, ACCEPTED, EXAMINED, ISSUED)).issuance_irregularities()
    assert [rule for rule, _ in found] == ["NoIssuanceWithoutApproval"]
    assert "C-1" in found[0][1]


def test_wrong_issuance_detected_when_approval_comes_after_the_certificate() -> None:
    late_approval = step(S.APPROVED, 8, notary_id=APPROVER)
    r = imported(record(APPLIED, ACCEPTED, EXAMINED, ISSUED, late_approval))
    assert [rule for rule, _ in r.issuance_irregularities()] == ["NoIssuanceWithoutApproval"]


def test_wrong_issuance_detected_when_the_handler_approved() -> None:
    self_approved = step(S.APPROVED, 7, notary_id=HANDLER)
    r = imported(record(APPLIED, ACCEPTED, EXAMINED, self_approved, ISSUED))
    assert [rule for rule, _ in r.issuance_irregularities()] == ["ApproverIsNotHandler"]


def test_regular_and_unissued_records_are_not_flagged() -> None:
    assert (
        imported(record(APPLIED, ACCEPTED, EXAMINED, APPROVED, ISSUED)).issuance_irregularities()
        == []
    )
    assert imported(record(APPLIED, ACCEPTED, EXAMINED, APPROVED)).issuance_irregularities() == []


def test_imported_pauses_are_paired() -> None:
    r = imported(
        record(
            APPLIED,
            ACCEPTED,
            step(S.AWAITING_MATERIALS, 5),
            step(S.ACCEPTED, 11),
            step(S.AWAITING_MATERIALS, 12),
        )
    )
    assert r.pauses() == [(date(2024, 3, 5), date(2024, 3, 11)), (date(2024, 3, 12), None)]
    assert r.accepted_on == date(2024, 3, 4)
    assert r.stage is S.AWAITING_MATERIALS


def test_imported_record_id_is_per_source_and_number() -> None:
    one = record(APPLIED)
    same = record(APPLIED, ACCEPTED, number=" (2024)京兴证字1号 ")
    other = record(APPLIED, number="(2024)京兴证字2号")
    a = ImportedNotarizationRecord.create_id("第一公证处系统", one)
    assert a == ImportedNotarizationRecord.create_id("第一公证处系统", same)
    assert a != ImportedNotarizationRecord.create_id("第二公证处系统", one)
    assert a != ImportedNotarizationRecord.create_id("第一公证处系统", other)
