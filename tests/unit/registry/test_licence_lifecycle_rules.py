"""Licence lifecycle rules on the aggregates alone, for organizations and practitioners alike:
closed records, suspension periods, reinstatement, detail changes. A refused command leaves
the aggregate exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain.core.errors import (
    NothingToChangeError,
    SuspensionPeriodInvalidError,
)
from domain.core.values import LicenceStatus
from domain.registry.errors import (
    AlreadySuspendedError,
    NotSuspendedError,
    RecordClosedError,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from tests.unit.registry.registry_rules_support import (
    event_names,
    meta,
    organization,
    practitioner,
    refused,
    saved,
)

# -- licence lifecycle, for organizations and practitioners alike ----------------------------

LICENSEES: dict[str, Callable[[], Organization | Practitioner]] = {
    "organization": organization,
    "practitioner": practitioner,
}


def change_details(record: Organization | Practitioner) -> None:
    if isinstance(record, Organization):
        record.change_details(meta(), OrganizationDetails(name="新名称"))
    else:
        record.change_details(meta(), PractitionerDetails(name="李四"))


CHANGES: dict[str, Callable[[Organization | Practitioner], object]] = {
    "change_details": change_details,
    "suspend": lambda r: r.suspend(meta(), date(2024, 7, 1), date(2024, 8, 1)),
    "reinstate": lambda r: r.reinstate(meta()),
    "revoke": lambda r: r.revoke(meta()),
}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("close", ["revoke", "deregister"])
@pytest.mark.parametrize("kind", list(LICENSEES))
def test_no_change_after_revocation_or_deregistration(kind: str, close: str, change: str) -> None:
    record = LICENSEES[kind]()
    if change == "reinstate":
        # Closed while suspended, so only the closure can be what refuses the reinstatement.
        record.suspend(meta(), date(2024, 6, 1), date(2024, 12, 1))
    getattr(record, close)(meta())
    saved(record)
    error = refused(
        record,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: CHANGES[change](record),
    )
    assert error.context["status"] == record.status.value


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_no_change_after_deregistration_not_even_deregistration(kind: str) -> None:
    record = LICENSEES[kind]()
    record.deregister(meta())
    saved(record)
    refused(
        record,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: record.deregister(meta()),
    )


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_revoked_record_can_still_be_deregistered(kind: str) -> None:
    record = LICENSEES[kind]()
    record.revoke(meta())
    record.deregister(meta())
    assert event_names(record)[-2:] == ["LicenceRevoked", "Deregistered"]
    assert record.status is LicenceStatus.DEREGISTERED


def test_practitioner_closed_record_rules_on_affiliation() -> None:
    firm = organization()
    lawyer = practitioner()
    lawyer.join(meta(), firm)
    lawyer.revoke(meta())
    saved(lawyer)
    # A revoked person's affiliation still has to end ...
    assert lawyer.leave(meta()) == firm.id
    assert event_names(lawyer) == ["Left"]
    # ... but a revoked person joins nothing.
    refused(
        lawyer,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: lawyer.join(meta(), firm),
    )
    lawyer.deregister(meta())
    saved(lawyer)
    refused(
        lawyer,
        RecordClosedError,
        "NoChangeAfterRevocationOrDeregistration",
        lambda: lawyer.leave(meta()),
    )


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_suspension_ends_after_it_starts(kind: str) -> None:
    record = LICENSEES[kind]()
    starts = date(2024, 7, 1)
    for until in (starts, starts - timedelta(days=1), date(2023, 1, 1)):
        error = refused(
            record,
            SuspensionPeriodInvalidError,
            "SuspensionEndsAfterItStarts",
            lambda until=until: record.suspend(meta(), starts, until),
        )
        assert error.field == "until"
    record.suspend(meta(), starts, starts + timedelta(days=1))
    assert event_names(record) == ["LicenceSuspended"]
    assert record.suspension is not None
    assert (record.suspension.starts_on, record.suspension.until) == (starts, date(2024, 7, 2))


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_reinstate_only_when_suspended(kind: str) -> None:
    record = LICENSEES[kind]()
    refused(
        record, NotSuspendedError, "ReinstateOnlyWhenSuspended", lambda: record.reinstate(meta())
    )

    record.suspend(meta(), date(2024, 7, 1), date(2024, 9, 30))
    record.reinstate(meta())
    assert event_names(record) == ["LicenceSuspended", "LicenceReinstated"]
    assert record.status is LicenceStatus.ACTIVE
    assert record.suspension is None

    refused(
        record, NotSuspendedError, "ReinstateOnlyWhenSuspended", lambda: record.reinstate(meta())
    )


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_one_suspension_at_a_time(kind: str) -> None:
    record = LICENSEES[kind]()
    record.suspend(meta(), date(2024, 7, 1), date(2024, 9, 30))
    saved(record)
    overlapping = [
        (date(2024, 9, 30), date(2024, 10, 31)),  # starts on the current period's last day
        (date(2024, 8, 1), date(2024, 8, 31)),  # inside it
        (date(2024, 6, 1), date(2024, 7, 15)),  # starts before it
        (date(2024, 1, 1), date(2024, 2, 1)),  # wholly before it
    ]
    for starts_on, until in overlapping:
        refused(
            record,
            AlreadySuspendedError,
            "OneSuspensionAtATime",
            lambda s=starts_on, u=until: record.suspend(meta(), s, u),
        )

    # A new period may start the day after the current one ends ...
    record.suspend(meta(), date(2024, 10, 1), date(2024, 10, 31))
    assert record.suspension is not None
    assert record.suspension.starts_on == date(2024, 10, 1)
    # ... and after reinstatement any period is allowed again.
    record.reinstate(meta())
    record.suspend(meta(), date(2024, 7, 1), date(2024, 7, 2))
    assert event_names(record) == ["LicenceSuspended", "LicenceReinstated", "LicenceSuspended"]


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_suspension_in_force_only_within_its_period(kind: str) -> None:
    record = LICENSEES[kind]()
    assert record.status_on(date(2024, 8, 1)) is LicenceStatus.ACTIVE

    record.suspend(meta(), date(2024, 7, 1), date(2024, 9, 30))
    assert record.status is LicenceStatus.SUSPENDED  # as recorded
    assert record.status_on(date(2024, 6, 30)) is LicenceStatus.ACTIVE
    assert record.status_on(date(2024, 7, 1)) is LicenceStatus.SUSPENDED
    assert record.status_on(date(2024, 8, 15)) is LicenceStatus.SUSPENDED
    assert record.status_on(date(2024, 9, 30)) is LicenceStatus.SUSPENDED
    assert record.status_on(date(2024, 10, 1)) is LicenceStatus.ACTIVE

    record.reinstate(meta())
    assert record.status_on(date(2024, 8, 15)) is LicenceStatus.ACTIVE

    record.revoke(meta())
    assert record.status_on(date(2024, 8, 15)) is LicenceStatus.REVOKED


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_suspension_in_force_stays_in_force_after_a_follow_on_suspension(kind: str) -> None:
    """OneSuspensionAtATime lets a new period start after the current one ends; recording it must
    not cancel the current period, which was never reinstated."""
    record = LICENSEES[kind]()
    record.suspend(meta(), date(2024, 12, 1), date(2025, 1, 31))
    assert record.status_on(date(2025, 1, 15)) is LicenceStatus.SUSPENDED

    record.suspend(meta(), date(2025, 2, 1), date(2025, 3, 31))

    assert record.status_on(date(2025, 2, 15)) is LicenceStatus.SUSPENDED
    assert record.status_on(date(2025, 1, 15)) is LicenceStatus.SUSPENDED
    assert record.status_on(date(2025, 4, 1)) is LicenceStatus.ACTIVE

    # Reinstatement ends every recorded period.
    record.reinstate(meta())
    assert record.status_on(date(2025, 1, 15)) is LicenceStatus.ACTIVE
    assert record.status_on(date(2025, 2, 15)) is LicenceStatus.ACTIVE


@pytest.mark.parametrize("kind", list(LICENSEES))
def test_change_changes_something(kind: str) -> None:
    record = LICENSEES[kind]()
    current = record.details
    equal_copy = type(current).model_validate(current.model_dump())
    for same in (current, equal_copy):
        refused(
            record,
            NothingToChangeError,
            "ChangeChangesSomething",
            lambda same=same: record.change_details(meta(), same),
        )
    change_details(record)
    assert event_names(record) == ["DetailsChanged"]
    assert record.details != current
