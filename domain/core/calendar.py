"""The PRC working-day calendar (工作日), as data.

The State Council publishes each year's holidays and make-up working days (调休) late in the
year before. The calendar therefore knows a set of years; a deadline that runs past them is
computed with plain weekday arithmetic and marked provisional, to be recomputed when the
schedule arrives — never an error. The data comes from outside the domain (the
`chinese-calendar` package by default, or a schedule a bureau loads).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool = False  # computed past the years the calendar knows

    def is_overdue(self, today: date) -> bool:
        return today > self.due


@dataclass(frozen=True)
class YearSchedule:
    year: int
    holidays: frozenset[date]  # official days off that would otherwise be working days
    workdays: frozenset[date] = frozenset()  # weekend days that are working days (调休)


@dataclass
class WorkingCalendar:
    years: dict[int, YearSchedule] = field(default_factory=dict)
    # Per year, the working days from 1 January up to each day of it (built once, on demand):
    # counting the working days between two dates is then two lookups a year, not a walk.
    _counted: dict[int, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_days(
        cls, holidays: Iterable[date], workdays: Iterable[date], years: Iterable[int]
    ) -> WorkingCalendar:
        hol, work = set(holidays), set(workdays)
        return cls(
            {
                y: YearSchedule(
                    y,
                    frozenset(d for d in hol if d.year == y),
                    frozenset(d for d in work if d.year == y),
                )
                for y in years
            }
        )

    def with_year(self, schedule: YearSchedule) -> WorkingCalendar:
        return WorkingCalendar({**self.years, schedule.year: schedule})  # counted afresh

    def knows(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        schedule = self.years.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                return True
            if day in schedule.holidays:
                return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> Deadline:
        """The `days`-th working day after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, provisional, left = start, False, days
        while left:
            day += timedelta(days=1)
            provisional = provisional or not self.knows(day)
            if self.is_working_day(day):
                left -= 1
        return Deadline(day, provisional)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end] (0 when end is not after start)."""
        if end <= start:
            return 0
        if start.year == end.year:
            return self._through(end) - self._through(start)
        count = self._year_total(start.year) - self._through(start)
        for year in range(start.year + 1, end.year):
            count += self._year_total(year)
        return count + self._through(end)

    def _cumulative(self, year: int) -> tuple[int, ...]:
        found = self._counted.get(year)
        if found is None:
            running, counts = 0, []
            day = date(year, 1, 1)
            while day.year == year:
                running += self.is_working_day(day)
                counts.append(running)
                day += timedelta(days=1)
            found = self._counted[year] = tuple(counts)
        return found

    def _through(self, day: date) -> int:
        """Working days from 1 January of its year up to `day`, itself included."""
        return self._cumulative(day.year)[day.timetuple().tm_yday - 1]

    def _year_total(self, year: int) -> int:
        return self._cumulative(year)[-1]


def add_calendar_days(start: date, days: int) -> Deadline:
    return Deadline(start + timedelta(days=days))


def add_months(start: date, months: int) -> Deadline:
    """Same day `months` later (clamped to the month's end), as statutes count months."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return Deadline(date(year, month, day))
        except ValueError:
            continue
    return Deadline(date(year, month, start.day))


def schedule_from_mapping(
    year: int, holidays: Mapping[date, str], workdays: Mapping[date, str]
) -> YearSchedule:
    return YearSchedule(
        year,
        frozenset(d for d in holidays if d.year == year),
        frozenset(d for d in workdays if d.year == year),
    )
