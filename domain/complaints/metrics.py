"""How the bureau measures complaint handling (接诉即办): 响应率, 解决率, 满意率 of the complaints
received in a period and the change against the same period a year earlier. The counts come
from the complaints view (projections/complaints); the definitions of the rates live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _percent(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else (HUNDRED * part / whole).quantize(CENT)


def year_earlier(day: date) -> date:
    """The same date a year before (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class ComplaintMetrics:
    """响应率 / 解决率 / 满意率 of the complaints received in [start, end], as recorded now."""

    start: date
    end: date
    received: int
    responded: int  # a decision on acceptance recorded (accepted, not accepted, transferred)
    resolved: int  # concluded and replied
    rated: int
    satisfied: int  # satisfied + basically satisfied
    previous_received: int  # the same period a year earlier

    @property
    def response_rate(self) -> Decimal | None:
        return _percent(self.responded, self.received)

    @property
    def resolution_rate(self) -> Decimal | None:
        return _percent(self.resolved, self.received)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return _percent(self.satisfied, self.rated)

    @property
    def year_on_year_change(self) -> Decimal | None:
        """Percent change in count against the same period a year earlier (-60.00 = down 60%);
        None when there were none then."""
        if self.previous_received == 0:
            return None
        change = HUNDRED * (self.received - self.previous_received) / self.previous_received
        return change.quantize(CENT)
