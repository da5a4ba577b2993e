"""Inspector assignment through the ledger: at least two inspectors, conflicts from the registry
(unit, declaration, previous employment), and recusal with a replacement; refusals write nothing."""

from __future__ import annotations

from datetime import date

from domain.core.values import (
    PractitionerKind,
)
from domain.inspections.checklists import (
    default_checklists,
)
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    InspectorConflictError,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
)
from domain.ledger import ComplianceLedger
from tests.application.inspections.inspections_support import (
    Bureau,
    refused_without_writing,
)


def test_at_least_two_inspectors(ledger: ComplianceLedger, bureau: Bureau) -> None:
    inspection = bureau.plan()
    refused_without_writing(
        ledger,
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        lambda: ledger.assign_inspectors(
            bureau.sv(date(2024, 3, 1)), inspection, bureau.inspectors[:1]
        ),
    )


def test_conflicted_inspector_steps_aside_by_unit_declaration_or_previous_employment(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    a, b, c, same_unit = bureau.inspectors
    inspection = bureau.plan()
    day = date(2024, 3, 1)
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), inspection, [a, same_unit]),
    )
    ledger.declare_inspector_conflict(bureau.sv(day), b, bureau.firm, "配偶在该所执业")
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), inspection, [a, b]),
    )
    # Previous employment by the firm also keeps an inspector off its lawyers.
    ledger.record_inspector_previous_employment(bureau.sv(day), c, bureau.firm)
    lawyer_inspection = ledger.plan_inspection(
        bureau.sv(day),
        InspectionKind.ROUTINE,
        bureau.lawyer,
        ledger.publish_checklist(
            bureau.sv(day),
            PractitionerKind.LAWYER,
            "routine",
            "律师执业检查",
            default_checklists()[0].items[:3],
        ).subject_id,
    ).subject_id
    refused_without_writing(
        ledger,
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        lambda: ledger.assign_inspectors(bureau.sv(day), lawyer_inspection, [a, c]),
    )
    assert ledger.get_inspector(c).previous_employers == {bureau.firm}


def test_party_may_request_recusal_and_a_replacement_is_assigned(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    a, b, c, _ = bureau.inspectors
    inspection_id = bureau.plan()
    day = date(2024, 3, 1)
    ledger.assign_inspectors(bureau.sv(day), inspection_id, [a, b])
    ledger.recuse_inspector(
        bureau.sv(day, "当事人申请回避"), inspection_id, a, requested_by_party=True
    )
    refused_without_writing(
        ledger,
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        lambda: ledger.record_findings(
            bureau.sv(day),
            inspection_id,
            [Finding(item_id="PB-01", outcome=FindingOutcome.PASS)],
            [b],
        ),
    )
    ledger.assign_inspectors(bureau.sv(day), inspection_id, [c])
    inspection = ledger.get_inspection(inspection_id)
    assert inspection.inspector_ids == (b, c)
    assert inspection.recused == {a: True}
