"""The publication deadline through the ledger: 20 working days on the PRC calendar, provisional
past the known years and recomputed, and judged under the policy in force on the result's date."""

from __future__ import annotations

from datetime import date

from domain.core.calendar import (
    Deadline,
    YearSchedule,
)
from domain.core.policy import DEFAULT_POLICY
from domain.ledger import ComplianceLedger
from store.calendar import prc_calendar
from store.config import parse_database_url
from tests.application.inspections.inspections_support import (
    Bureau,
    Meta,
)
from tests.conftest import sqlite_memory_url


def test_results_published_within_20_working_days_on_the_prc_calendar(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    """Concluded Friday 2024-09-20: the National Day week is off and Sunday 09-29 and Saturday
    10-12 are make-up working days, so the 20th working day is 2024-10-23 (weekday arithmetic
    would say 10-18)."""
    inspection = ledger.get_inspection(bureau.conclude(date(2024, 9, 20)))
    assert inspection.publication_due == date(2024, 10, 23)
    assert inspection.publication_provisional is False
    assert inspection.concluded_on == date(2024, 9, 20)


def test_publication_deadline_past_the_known_years_is_provisional_and_recomputed(
    meta: Meta,
) -> None:
    late_clock = ComplianceLedger(
        env=parse_database_url(sqlite_memory_url()).env,
        clock=lambda: date(2026, 12, 31),
        calendar=prc_calendar(),
    )
    try:
        bureau = Bureau(late_clock, meta)
        inspection_id = bureau.conclude(date(2026, 12, 15))
        inspection = late_clock.get_inspection(inspection_id)
        assert inspection.publication_provisional is True  # 2027 is not known yet
        assert inspection.publication_due is not None
        assert late_clock.inspection_publication_deadline(inspection) == Deadline(
            inspection.publication_due, provisional=True
        )
        # The 2027 schedule arrives: New Year's Day and a fictional extra day off on 01-12.
        late_clock.calendar = late_clock.calendar.with_year(
            YearSchedule(2027, frozenset({date(2027, 1, 1), date(2027, 1, 12)}))
        )
        recomputed = late_clock.inspection_publication_deadline(inspection)
        assert recomputed is not None and recomputed.provisional is False
        assert inspection.publication_due is not None
        assert recomputed.due > inspection.publication_due
    finally:
        late_clock.close()


def test_the_result_is_judged_under_the_policy_in_force_on_its_date(
    ledger: ComplianceLedger, bureau: Bureau
) -> None:
    before = ledger.get_inspection(bureau.conclude(date(2024, 9, 20)))
    ledger.publish_policy(
        bureau.sv(date(2024, 10, 1)),
        DEFAULT_POLICY.model_copy(
            update={
                "version": "2024.10",
                "effective_from": date(2024, 10, 1),
                "inspection_publication_working_days": 10,
            }
        ),
    )
    after_id = bureau.conclude(date(2024, 11, 1))
    after = ledger.get_inspection(after_id)
    assert after.publication_working_days == 10
    recorded = ledger.history(after_id)[3]
    assert recorded.policy_version == "2024.10"  # type: ignore[attr-defined]
    # The earlier inspection keeps the deadline it was given.
    assert ledger.get_inspection(before.id).publication_due == date(2024, 10, 23)
