"""The default source of PRC holiday schedules: the maintained `chinese-calendar` package."""

from __future__ import annotations

from functools import cache

import chinese_calendar

from domain.core.calendar import WorkingCalendar


@cache
def prc_calendar() -> WorkingCalendar:
    """Every year the package knows (it raises for later years; the domain then falls back to
    provisional weekday arithmetic instead)."""
    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return WorkingCalendar.from_days(chinese_calendar.holidays, chinese_calendar.workdays, years)
