"""What the supervision demos share: the demo's staff, and a run that writes commands with fixed
command ids (so loading twice writes nothing the second time) and counts what it wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from domain.core.values import Actor, EventMeta, Role
from domain.ledger import ComplianceLedger

CLERK = Actor(principal_id="demo-clerk", role=Role.CLERK)
INSPECTOR_1 = Actor(principal_id="demo-inspector-1", role=Role.INSPECTOR)
INSPECTOR_2 = Actor(principal_id="demo-inspector-2", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="demo-supervisor", role=Role.SUPERVISOR)


class Printer(Protocol):
    def print(self, *objects: object) -> None: ...


@dataclass
class DemoRun:
    ledger: ComplianceLedger
    written: int = 0  # commands written this run (not replayed)

    def run(self, result: object) -> None:
        self.written += 0 if getattr(result, "replayed", False) else 1

    @staticmethod
    def meta(actor: Actor, key: str, reason: str, day: date) -> EventMeta:
        return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=f"demo:{key}")

    def workday(self, day: date) -> date:
        """`day`, or the next working day after it."""
        while not self.ledger.calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def after_working_days(self, day: date, n: int) -> date:
        return self.ledger.calendar.add_working_days(day, n).due
