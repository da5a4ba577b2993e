"""The compliance profile fold on its own (events made in memory, no database): what starts a
profile, `apply` leaving its input alone, the handled topics, and plain JSON state."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import orjson
from eventsourcing.utils import resolve_topic

from domain.registry.organizations import OrganizationDetails
from domain.sanctions.rules import (
    SanctionKind,
    SanctionTerms,
)
from projections.profiles.fold import (
    apply,
    fold_profile,
)
from projections.profiles.handlers import HANDLERS
from tests.unit.profiles.profile_fold_support import (
    Log,
    firm,
    lawyer,
    m,
    profile,
    sanction,
)


def test_registration_starts_a_profile_and_other_subjects_leave_it(log: Log) -> None:
    org, other = firm(log), firm(log, "U-F2")
    org.change_details(m(date(2021, 5, 1)), OrganizationDetails(name="新名称律所"))
    other.change_details(m(date(2021, 5, 1)), OrganizationDetails(name="别家"))
    log.take(org, other)
    state, last = fold_profile(org.id, log)
    assert state is not None
    assert (state["id"], state["name"], state["registered_on"]) == (
        org.id.hex,
        "新名称律所",
        "2020-01-02",
    )
    assert last == 3  # the change of name; the other firm's events are not this profile's
    assert apply(None, log.events[2][1]) is None  # only a registration starts a profile


def test_apply_never_changes_the_state_it_is_given(log: Log) -> None:
    org = firm(log)
    state = profile(log, org)
    frozen = orjson.dumps(state)
    org.suspend(m(date(2021, 1, 4)), date(2021, 2, 1), date(2021, 3, 31))
    log.take(org)
    after = apply(state, log.events[-1][1])
    assert orjson.dumps(state) == frozen
    assert after is not None and after["status"] == "suspended"
    # An event about nothing in the profile returns the very same state.
    assert apply(after, log.events[0][1]) is after


def test_every_handled_topic_is_a_stored_event_topic() -> None:
    for topic in HANDLERS:
        cls = resolve_topic(topic)
        assert getattr(cls, "TOPIC", None) == topic, topic


def test_the_state_is_plain_json_so_stored_and_folded_profiles_compare(log: Log) -> None:
    person = lawyer(log)
    fine = SanctionTerms(kind=SanctionKind.FINE, amount=Decimal("5000.50"))
    case = sanction(log, person, decided=date(2024, 3, 1), terms=fine)
    state = profile(log, person)
    assert orjson.loads(orjson.dumps(state)) == state
    assert state["sanctions"][case.id.hex]["terms"] == {
        "kind": "fine",
        "amount": "5000.50",
        "months": None,
    }
