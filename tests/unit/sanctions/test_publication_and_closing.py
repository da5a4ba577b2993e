"""After the decision: publication deadline and period, the appeal window, late decisions and
publications, and closing the SanctionCase."""

from __future__ import annotations

from datetime import date

from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
)
from domain.core.policy import (
    DEFAULT_POLICY,
)
from domain.sanctions.case import SanctionCase
from domain.sanctions.errors import (
    PublicationPeriodError,
    SanctionStageError,
)
from domain.sanctions.rules import (
    SanctionStage,
)
from tests.unit.sanctions.sanction_rules_support import (
    CALENDAR,
    decided,
    meta,
    refused,
    reviewed,
)

# -- after the decision ---------------------------------------------------------------------------


def test_publication_within_seven_working_days_of_the_decision() -> None:
    case = decided(on=date(2024, 9, 27))
    # 2024-09-29 (Sun) is a make-up working day; 1-7 October are the National Day holiday;
    # 2024-10-12 (Sat) is a make-up working day: the seventh working day.
    assert case.publication_due == date(2024, 10, 12)
    assert not case.publication_due_provisional


def test_publication_deadline_past_the_known_years_is_provisional() -> None:
    only_2024 = WorkingCalendar({y: s for y, s in CALENDAR.years.items() if y == 2024})
    deadline = SanctionCase.publication_deadline(date(2024, 12, 27), DEFAULT_POLICY, only_2024)
    assert deadline.provisional


def test_appeal_window_opens_when_the_decision_is_served() -> None:
    case = decided()
    assert case.appealable_on is None
    case.serve(meta(date(2024, 9, 30)))
    assert case.appealable_on == date(2024, 9, 30) and case.appeal_kind == "sanction"


def test_publication_period_within_limits() -> None:
    case = decided()
    case.serve(meta(date(2024, 9, 30)))
    due = Deadline(date(2024, 10, 12))
    for ends_on in (date(2024, 12, 31), date(2027, 10, 9)):
        error = refused(
            case,
            PublicationPeriodError,
            lambda e=ends_on: case.publish(meta(date(2024, 10, 8)), due, DEFAULT_POLICY, e),
        )
        assert error.rule == "PublicationPeriodWithinLimits"
    case.publish(meta(date(2024, 10, 8)), due, DEFAULT_POLICY)
    assert case.publication_ends_on == date(2027, 10, 8)  # the maximum, three years
    (published,) = case.collect_events()
    assert published.late is False and published.policy_version == DEFAULT_POLICY.version


def test_late_publication_is_recorded_not_refused() -> None:
    case = decided()
    case.serve(meta(date(2024, 9, 30)))
    case.publish(meta(date(2024, 10, 20)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    published = case.collect_events()[-1]
    assert published.late is True and published.due == date(2024, 10, 12)


def test_decision_after_its_due_date_is_recorded_as_late() -> None:
    case = decided(on=date(2024, 9, 27))  # opened 2024-03-01: due 2024-05-30
    assert case.decided_late is True


def test_closing_after_execution_or_without_a_decision() -> None:
    dismissed = reviewed()
    assert dismissed.close(meta(date(2024, 4, 5))) == "dismissed"
    refused(dismissed, SanctionStageError, lambda: dismissed.close(meta()))
    case = decided()
    refused(case, SanctionStageError, lambda: case.close(meta(date(2024, 10, 1))))
    case.serve(meta(date(2024, 9, 30)))
    refused(case, SanctionStageError, lambda: case.execute(meta(date(2024, 10, 1))))
    case.publish(meta(date(2024, 10, 8)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    case.execute(meta(date(2024, 10, 9)))
    assert case.close(meta(date(2024, 10, 10))) == "executed"
    assert case.stage is SanctionStage.CLOSED
