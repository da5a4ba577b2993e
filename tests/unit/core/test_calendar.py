"""Deadlines in working days follow the PRC calendar, and turn provisional past known years."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.core.calendar import (
    WorkingCalendar,
    YearSchedule,
    add_months,
)
from store.calendar import prc_calendar


def test_working_days_skip_holidays_and_count_make_up_days() -> None:
    calendar = prc_calendar()
    # National Day 2024: Oct 1-7 off; Sunday Sep 29 and Saturday Oct 12 are working days.
    assert not calendar.is_working_day(date(2024, 10, 1))
    assert calendar.is_working_day(date(2024, 9, 29))
    assert calendar.is_working_day(date(2024, 10, 12))
    deadline = calendar.add_working_days(date(2024, 9, 20), 20)
    assert deadline.due == date(2024, 10, 23) and not deadline.provisional
    # Plain Monday-Friday arithmetic would say otherwise.
    assert WorkingCalendar().add_working_days(date(2024, 9, 20), 20).due == date(2024, 10, 18)


def test_deadline_past_the_known_years_is_provisional_not_an_error() -> None:
    calendar = prc_calendar()
    last_known = max(calendar.years)
    deadline = calendar.add_working_days(date(last_known, 12, 10), 20)
    assert deadline.due.year == last_known + 1
    assert deadline.provisional


def test_a_loaded_schedule_makes_the_deadline_firm_and_moves_it() -> None:
    base = WorkingCalendar()
    start = date(2031, 1, 27)
    provisional = base.add_working_days(start, 5)
    assert provisional.provisional
    schedule = YearSchedule(2031, frozenset({date(2031, 1, 28), date(2031, 1, 29)}))
    firm = base.with_year(schedule).add_working_days(start, 5)
    assert not firm.provisional
    assert firm.due > provisional.due


def test_months_are_counted_as_statutes_count_them() -> None:
    assert add_months(date(2024, 3, 15), 6).due == date(2024, 9, 15)
    assert add_months(date(2024, 8, 31), 6).due == date(2025, 2, 28)
    assert add_months(date(2023, 12, 31), 2).due == date(2024, 2, 29)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    span=st.integers(min_value=-40, max_value=1200),
)
def test_working_days_between_counts_the_working_days_after_start_up_to_end(
    start: date, span: int
) -> None:
    """The count by per-year tables equals walking the days one by one, across years known
    and not known to the calendar."""
    calendar = prc_calendar()
    end = start + timedelta(days=span)
    walked, day = 0, start
    while day < end:
        day += timedelta(days=1)
        walked += calendar.is_working_day(day)
    assert calendar.working_days_between(start, end) == walked
