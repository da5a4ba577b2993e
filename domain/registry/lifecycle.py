"""The licence lifecycle shared by organizations and practitioners.

Registered -> (DetailsChanged | LicenceSuspended <-> LicenceReinstated)* -> LicenceRevoked
-> Deregistered.  After revocation only deregistration (and, for a person, leaving the
organization) is allowed; after deregistration nothing is.

Only the checks are shared: each aggregate declares its own events with their own topics.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.core.errors import SuspensionPeriodInvalidError
from domain.core.values import (
    EventMeta,
    LicenceStatus,
    SuspensionPeriod,
)
from domain.registry.errors import (
    AlreadySuspendedError,
    BeforeRegistrationError,
    NotSuspendedError,
    RecordClosedError,
)


class Licensed:
    """State, checks and lifecycle commands of anything that holds a licence or registration.

    The concrete aggregate declares the events `_suspend`, `_reinstate` and `_revoke`."""

    _suspend: Any
    _reinstate: Any
    _revoke: Any

    status: LicenceStatus
    suspensions: tuple[SuspensionPeriod, ...]  # periods recorded since the last reinstatement
    number: str
    registered_on: date

    @property
    def suspension(self) -> SuspensionPeriod | None:
        """The latest recorded period (each one starts after the one before has ended)."""
        return self.suspensions[-1] if self.suspensions else None

    def suspend(self, meta: EventMeta, starts_on: date, until: date) -> None:
        self.check_open()
        period = self.check_suspension_ends_after_it_starts(starts_on, until)
        self.check_no_overlapping_suspension(period)
        self._suspend(meta, period)

    def reinstate(self, meta: EventMeta) -> None:
        self.check_open()
        self.check_suspended()
        self._reinstate(meta)

    def revoke(self, meta: EventMeta) -> None:
        self.check_open()
        self._revoke(meta)

    def status_on(self, day: date) -> LicenceStatus:
        """The status in force on `day`: a recorded suspension counts only within its period."""
        if self.status is LicenceStatus.SUSPENDED:
            if any(period.covers(day) for period in self.suspensions):
                return LicenceStatus.SUSPENDED
            return LicenceStatus.ACTIVE
        return self.status

    def check_existed_on(self, day: date) -> None:
        """RecordsFollowRegistration: nothing is recorded about a subject for a date before it
        was registered."""
        if day < self.registered_on:
            raise BeforeRegistrationError(
                f"{self.number} was registered on {self.registered_on}; nothing about it can be "
                f"recorded for {day}",
                registered_on=str(self.registered_on),
                effective_on=str(day),
            )

    def check_open(self) -> None:
        """NoChangeAfterRevocationOrDeregistration."""
        if self.status in (LicenceStatus.REVOKED, LicenceStatus.DEREGISTERED):
            raise RecordClosedError(
                f"{self.number} is {self.status.value}: the record is closed",
                status=self.status.value,
            )

    def check_not_deregistered(self) -> None:
        if self.status is LicenceStatus.DEREGISTERED:
            raise RecordClosedError(
                f"{self.number} is deregistered: nothing changes any more",
                status=self.status.value,
            )

    @staticmethod
    def check_suspension_ends_after_it_starts(starts_on: date, until: date) -> SuspensionPeriod:
        if until <= starts_on:
            raise SuspensionPeriodInvalidError(
                f"a suspension must end after it starts (starts {starts_on}, until {until})",
                starts_on=str(starts_on),
                until=str(until),
            )
        return SuspensionPeriod(starts_on=starts_on, until=until)

    def check_no_overlapping_suspension(self, period: SuspensionPeriod) -> None:
        """OneSuspensionAtATime: a new period starts after every recorded one has ended."""
        for current in self.suspensions:
            if period.starts_on <= current.until:
                raise AlreadySuspendedError(
                    f"{self.number} is already suspended from {current.starts_on} until "
                    f"{current.until}; reinstate first or start the new period after it",
                    starts_on=str(current.starts_on),
                    until=str(current.until),
                )

    def check_suspended(self) -> None:
        if self.status is not LicenceStatus.SUSPENDED:
            raise NotSuspendedError(
                f"{self.number} is {self.status.value}, not suspended", status=self.status.value
            )
