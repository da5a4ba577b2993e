"""One registry story, run the same way on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from api.services import Services
from domain.core.errors import DuplicateRegistrationError
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.registry.errors import AlreadyAffiliatedError
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from tests.conftest import CLERK, TODAY


def m(command_id: str, day: date = date(2024, 3, 1), reason: str = "scenario") -> EventMeta:
    return EventMeta(actor=CLERK, reason=reason, effective_on=day, command_id=command_id)


def test_registry_story_on_each_backend(any_services: Services) -> None:
    ledger = any_services.ledger
    firm_a = ledger.register_organization(
        m("firm-a"),
        OrganizationKind.LAW_FIRM,
        "31110000SC0001",
        OrganizationDetails(name="甲所（虚构）"),
    ).subject_id
    firm_b = ledger.register_organization(
        m("firm-b"),
        OrganizationKind.LAW_FIRM,
        "31110000SC0002",
        OrganizationDetails(name="乙所（虚构）"),
    ).subject_id
    lawyer = ledger.register_practitioner(
        m("lawyer"), PractitionerKind.LAWYER, "11101SC0001", PractitionerDetails(name="示例甲")
    ).subject_id

    joined = ledger.join_organization(m("join-a", date(2024, 3, 2)), lawyer, firm_a)
    with pytest.raises(AlreadyAffiliatedError):
        ledger.join_organization(m("join-b", date(2024, 3, 3)), lawyer, firm_b)
    with pytest.raises(DuplicateRegistrationError):
        ledger.register_practitioner(
            m("lawyer-again"),
            PractitionerKind.LAWYER,
            " 11101sc0001 ",
            PractitionerDetails(name="x"),
        )

    # A replayed command returns the original result and writes nothing.
    head = any_services.db.head()
    again = ledger.join_organization(m("join-a", date(2024, 3, 2)), lawyer, firm_a)
    assert (
        again.replayed and again.subject_id == joined.subject_id and again.version == joined.version
    )
    assert any_services.db.head() == head

    ledger.suspend_licence(
        m("suspend", date(2024, 12, 1)), Practitioner, lawyer, date(2024, 12, 1), date(2025, 5, 31)
    )
    ledger.suspend_licence(
        m("suspend-firm-b", date(2024, 1, 5)),
        Organization,
        firm_b,
        date(2024, 1, 5),
        date(2024, 2, 5),
    )

    reached = any_services.runner.catch_up("registry")
    assert reached == any_services.db.head()
    registry, db = any_services.registry, any_services.db
    suspended = registry.list(db, entity="practitioner", today=TODAY, status="suspended")
    assert [row["id"] for row in suspended.items] == [lawyer.hex]
    # firm B's suspension ended in February: in force today it is active again.
    active_firms = registry.list(db, entity="organization", today=TODAY, status="active")
    assert {row["id"] for row in active_firms.items} == {firm_a.hex, firm_b.hex}
    members = registry.list(db, entity="practitioner", today=TODAY, organization_id=firm_a)
    assert [row["id"] for row in members.items] == [lawyer.hex]

    history = ledger.history(lawyer)
    assert [type(e).__qualname__ for e in history] == [
        "Practitioner.Registered",
        "Practitioner.Joined",
        "Practitioner.LicenceSuspended",
    ]
    assert [e.meta.command_id for e in history] == ["lawyer", "join-a", "suspend"]
    positions = any_services.db.positions_of(lawyer)
    assert sorted(positions) == [1, 2, 3]
    assert positions[1] < positions[2] < positions[3]
    # The organization's own history shows the member joining, in the same transaction.
    firm_positions = any_services.db.positions_of(firm_a)
    assert abs(firm_positions[2] - positions[2]) == 1
