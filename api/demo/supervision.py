"""Supervision data for the demo district (issue #3 item 7), in the order a year of supervision
runs: the checklists and the annual inspections (api/demo/inspections.py), the appraisal
institutions' integrity grades (evaluations.py), then the sanction cases (sanctions.py), one of
which the inspections referred.

Deterministic (seeded Random, fixed dates in 2023-2024) and idempotent (every command has a
fixed command_id), like the rest of the demo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from api.demo.context import DemoRun, Printer
from api.demo.evaluations import OTHER_DISTRICT, PERIOD, load_grading_demo
from api.demo.inspections import REFERRED_FIRM, load_inspection_demo
from api.demo.sanctions import REFERRED_CASE, case_number, load_sanction_demo
from domain.ledger import ComplianceLedger


@dataclass(frozen=True)
class SupervisionSummary:
    written: int  # commands written this run (not replayed)
    line: str


def load_supervision_demo(
    ledger: ComplianceLedger,
    law_firms: Sequence[UUID],
    lawyers: Sequence[UUID],
    appraisal_institutions: Sequence[UUID],
    appraisers: Sequence[UUID],
    inspectors_by_unit: Mapping[str, Sequence[UUID]],
    progress: Printer | None = None,
) -> SupervisionSummary:
    demo = DemoRun(ledger)
    inspected = load_inspection_demo(
        demo, law_firms, inspectors_by_unit, case_number(REFERRED_CASE)
    )
    if progress:
        progress.print(f"annual inspections: {inspected.inspections}")
    grades = load_grading_demo(demo, appraisal_institutions)
    if progress:
        progress.print(f"integrity grades: {len(grades)}")
    cases = load_sanction_demo(
        demo, lawyers, appraisers, law_firms[REFERRED_FIRM], inspected.referral
    )
    if progress:
        progress.print(f"sanction cases: {cases}")

    counts = {g: sum(1 for p in grades if p.initial_grade == g) for g in "ABC"}
    line = (
        f"supervision: {inspected.checklists} checklists; {inspected.inspections} annual "
        f"inspections (2024: {inspected.non_compliant} non-compliant, "
        f"{inspected.rectifications} rectifications ordered, {inspected.verified} verified, "
        f"1 referred for sanction, {inspected.late} published late, "
        f"{inspected.unpublished} unpublished, {inspected.closed} closed); {len(grades)} "
        f"integrity grades {PERIOD} (A {counts['A']}, B {counts['B']}, C {counts['C']}, "
        f"{sum(1 for p in grades if p.initial_total is None)} not graded; "
        f"{sum(p.joint for p in grades)} joint with {OTHER_DISTRICT}; "
        f"{sum(p.varied_total is not None for p in grades)} varied C->B on objection); "
        f"{cases} sanction cases (1 repeat offence escalated to a 3-month suspension, "
        "1 municipal decision)"
    )
    return SupervisionSummary(written=demo.written, line=line)
