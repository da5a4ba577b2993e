"""Inspections through the ledger from plan to close, and the overdue publications and
rectifications as of a date (overdue is an alert, not a block)."""

from __future__ import annotations

from datetime import date

from domain.inspections.values import (
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from tests.application.inspections.inspections_support import (
    Bureau,
)
from tests.conftest import read


def test_an_inspection_walks_from_plan_to_close(ledger: ComplianceLedger, bureau: Bureau) -> None:
    inspection_id = bureau.conclude(date(2024, 3, 1))
    ledger.order_rectification(
        bureau.sv(date(2024, 3, 4)), inspection_id, date(2024, 4, 4), "公示收费标准"
    )
    ledger.publish_inspection(bureau.sv(date(2024, 3, 15)), inspection_id)
    ledger.verify_rectification(bureau.sv(date(2024, 4, 3)), inspection_id, passed=True)
    ledger.close_inspection(bureau.sv(date(2024, 4, 5)), inspection_id)
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.status is InspectionStatus.CLOSED
    assert inspection.published_late is False
    topics = [type(e).TOPIC for e in ledger.history(inspection_id)]  # type: ignore[attr-defined]
    assert topics == [
        "ledger.Inspection.Planned",
        "ledger.Inspection.InspectorsAssigned",
        "ledger.Inspection.FindingsRecorded",
        "ledger.Inspection.ResultRecorded",
        "ledger.Inspection.RectificationOrdered",
        "ledger.Inspection.Published",
        "ledger.Inspection.RectificationVerified",
        "ledger.Inspection.Closed",
    ]


def test_overdue_publications_and_rectifications_as_of_a_date(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    unpublished = bureau.conclude(date(2024, 9, 20))  # due 2024-10-23
    published = bureau.conclude(date(2024, 9, 20))
    ledger.publish_inspection(bureau.sv(date(2024, 10, 8)), published)
    rectifying = bureau.conclude(date(2024, 9, 2))
    ledger.order_rectification(bureau.sv(date(2024, 9, 3)), rectifying, date(2024, 10, 31), "整改")
    ledger.publish_inspection(bureau.sv(date(2024, 9, 4)), rectifying)

    assert read(ledger).inspections.overdue(date(2024, 10, 23)).items == []

    report = read(ledger).inspections.overdue(date(2024, 11, 4))
    assert [(o.what, o.inspection.id, o.due_on, o.days_overdue) for o in report.items] == [
        ("publication", unpublished, date(2024, 10, 23), 12),
        ("rectification", rectifying, date(2024, 10, 31), 4),
    ]
    only = read(ledger).inspections.overdue(date(2024, 11, 4), what="rectification")
    assert [o.inspection.id for o in only.items] == [rectifying]

    # Overdue is an alert, not a block: the late publication is accepted and marked late.
    ledger.publish_inspection(bureau.sv(date(2024, 11, 4)), unpublished)
    assert ledger.get_inspection(unpublished).published_late is True
    ledger.verify_rectification(bureau.sv(date(2024, 11, 5)), rectifying, passed=True)
    assert read(ledger).inspections.overdue(date(2024, 11, 6)).items == []
