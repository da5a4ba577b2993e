"""Planning through the ledger: no deregistered or unknown subject, checklist versions never change
a recorded inspection, listing by subject and status, and idempotency by command id."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.core.errors import (
    EntityNotFoundError,
)
from domain.core.values import (
    OrganizationKind,
)
from domain.inspections.checklists import (
    Checklist,
    default_checklists,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    InspectionKind,
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import RecordClosedError
from tests.application.inspections.inspections_support import (
    ITEMS,
    Bureau,
    Meta,
    refused_without_writing,
)
from tests.conftest import read


def test_a_deregistered_subject_is_not_inspected(
    ledger: ComplianceLedger, bureau: Bureau, meta: Meta
) -> None:
    ledger.leave_organization(meta(effective_on=date(2024, 2, 1)), bureau.lawyer)
    ledger.deregister_organization(meta(effective_on=date(2024, 2, 2)), bureau.firm)
    refused_without_writing(
        ledger,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: bureau.plan(),
    )


def test_unknown_subject_checklist_or_inspector_is_not_found(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    with pytest.raises(EntityNotFoundError):
        ledger.plan_inspection(
            bureau.sv(date(2024, 3, 1)), InspectionKind.ROUTINE, bureau.checklist, bureau.checklist
        )
    with pytest.raises(EntityNotFoundError):
        ledger.plan_inspection(
            bureau.sv(date(2024, 3, 1)), InspectionKind.ROUTINE, bureau.firm, bureau.firm
        )
    inspection = bureau.plan()
    with pytest.raises(EntityNotFoundError):
        ledger.assign_inspectors(
            bureau.sv(date(2024, 3, 1)), inspection, [bureau.firm, bureau.lawyer]
        )


def test_publishing_a_new_checklist_version_never_changes_a_recorded_inspection(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    inspection_id = bureau.plan()
    template = default_checklists()[0]
    ledger.publish_checklist(
        bureau.sv(date(2024, 6, 1)),
        template.kind,
        template.code,
        template.title + "（2024修订）",
        template.items[:-1],
    )
    checklist = ledger.get_checklist(bureau.checklist)
    assert [v.version for v in checklist.versions] == [1, 2]
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.checklist_version == 1
    assert inspection.item_ids == ITEMS
    assert ledger.checklist_version_of(inspection).item_ids == ITEMS
    # Findings still follow version 1, including the item version 2 dropped.
    bureau.conclude(date(2024, 6, 2), inspection=inspection_id)
    assert "FF-02" in ledger.get_inspection(inspection_id).findings
    checklists = read(ledger).inspections.list_checklists(kind=OrganizationKind.LAW_FIRM.value)
    assert checklists.items[0].id == Checklist.create_id(OrganizationKind.LAW_FIRM, "annual")


def test_list_inspections_by_subject_and_status(ledger: ComplianceLedger, bureau: Bureau) -> None:
    planned = bureau.plan()
    concluded = bureau.conclude(date(2024, 3, 2))
    inspections = read(ledger).inspections

    def ids(**filters: object) -> list[UUID]:
        return [i.id for i in inspections.list(**filters).items]

    assert ids(subject_id=bureau.firm) == [planned, concluded]
    assert ids(status=InspectionStatus.PLANNED.value) == [planned]
    assert ids(status=InspectionStatus.RESULT_RECORDED.value) == [concluded]
    assert ids(subject_id=bureau.lawyer) == []


def test_planning_is_idempotent_by_command_id(ledger: ComplianceLedger, bureau: Bureau) -> None:
    meta = bureau.sv(date(2024, 3, 1))
    first = ledger.plan_inspection(meta, InspectionKind.ANNUAL, bureau.firm, bureau.checklist)
    again = ledger.plan_inspection(meta, InspectionKind.ANNUAL, bureau.firm, bureau.checklist)
    assert again.replayed and again.subject_id == first.subject_id
    assert first.subject_id == Inspection.create_id(meta)
    assert len(read(ledger).inspections.list().items) == 1
