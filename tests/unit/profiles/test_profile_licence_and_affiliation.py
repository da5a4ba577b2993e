"""The profile's registration section (events made in memory, no database): a suspension in
force only within its period, affiliation and member count following joins and leaves."""

from __future__ import annotations

from datetime import date

from domain.core.values import LicenceStatus
from projections.profiles.render import (
    licence_status_on,
    render,
)
from tests.unit.profiles.profile_fold_support import (
    POLICY,
    Log,
    firm,
    lawyer,
    m,
    profile,
)


def test_suspension_is_in_force_only_within_its_period(log: Log) -> None:
    org = firm(log)
    org.suspend(m(date(2021, 1, 4)), date(2021, 2, 1), date(2021, 3, 31))
    log.take(org)
    state = profile(log, org)
    assert licence_status_on(state, date(2021, 1, 31)) is LicenceStatus.ACTIVE
    assert licence_status_on(state, date(2021, 2, 1)) is LicenceStatus.SUSPENDED
    assert licence_status_on(state, date(2021, 4, 1)) is LicenceStatus.ACTIVE
    shown = render(state, date(2021, 3, 1), POLICY)["registration"]
    assert shown["status"] == "suspended" and shown["recorded_status"] == "suspended"
    assert shown["suspension"] == {"starts_on": "2021-02-01", "until": "2021-03-31"}
    assert render(state, date(2021, 4, 1), POLICY)["registration"]["suspension"] is None


def test_affiliation_and_member_count_follow_joins_and_leaves(log: Log) -> None:
    org, person = firm(log), lawyer(log)
    person.join(m(date(2021, 3, 1)), org)
    org.record_member_joined(m(date(2021, 3, 1)), person.id)
    log.take(person, org)
    assert render(profile(log, person), date(2021, 3, 2), POLICY)["affiliation"] == {
        "organization_id": org.id,
        "joined_on": "2021-03-01",
    }
    assert profile(log, org)["members"] == 1
    person.leave(m(date(2022, 1, 5)))
    org.record_member_left(m(date(2022, 1, 5)), person.id)
    log.take(person, org)
    assert profile(log, person)["organization_id"] is None
    assert profile(log, org)["members"] == 0
