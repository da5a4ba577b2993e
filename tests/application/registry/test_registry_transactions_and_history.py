"""What an accepted command writes: all events of a multi-aggregate command (join, leave,
deregister) with its receipt in one transaction, and each record's history oldest first.
SQLite in memory, fixed clock (TODAY = 2024-12-31)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.core.receipts import CommandReceipt
from domain.core.values import (
    Actor,
    LicenceStatus,
    OrganizationKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import OrganizationHasMembersError
from domain.registry.organizations import Organization
from tests.application.registry.registry_ledger_support import (
    FIRM,
    Meta,
    head,
    refused_without_writing,
    register_firm,
    register_lawyer,
    stored,
)
from tests.conftest import TODAY

# -- one transaction per command -------------------------------------------------------------


def test_join_records_both_sides_in_one_transaction(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    before = head(ledger)
    join_meta = meta()

    result = ledger.join_organization(join_meta, lawyer_id, firm_id)

    written = stored(ledger, after=before)
    assert [(originator, topic) for _, originator, topic in written] == [
        (lawyer_id, "ledger.Practitioner.Joined"),
        (firm_id, "ledger.Organization.MemberJoined"),
        (CommandReceipt.id_for(join_meta.command_id), "ledger.CommandReceipt.Accepted"),
    ]
    positions = [position for position, _, _ in written]
    assert positions == list(range(positions[0], positions[0] + 3))
    assert result.position == positions[-1]
    assert (result.subject_id, result.version) == (lawyer_id, 2)
    assert ledger.get_practitioner(lawyer_id).organization_id == firm_id
    assert ledger.get_organization(firm_id).members == {lawyer_id}
    receipt = ledger.repository.get(CommandReceipt.id_for(join_meta.command_id))
    assert receipt.versions == {lawyer_id.hex: 2, firm_id.hex: 2}


def test_leave_records_member_left(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    ledger.join_organization(meta(), lawyer_id, firm_id)
    before = head(ledger)
    ledger.leave_organization(meta(), lawyer_id)
    topics = [(originator, topic) for _, originator, topic in stored(ledger, after=before)]
    assert topics[:2] == [
        (lawyer_id, "ledger.Practitioner.Left"),
        (firm_id, "ledger.Organization.MemberLeft"),
    ]
    assert ledger.get_organization(firm_id).members == set()
    assert ledger.get_practitioner(lawyer_id).organization_id is None


def test_deregistering_an_affiliated_practitioner_records_member_left(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    ledger.join_organization(meta(), lawyer_id, firm_id)
    refused_without_writing(
        ledger,
        OrganizationHasMembersError,
        "DeregisterOnlyWithoutMembers",
        lambda: ledger.deregister_organization(meta(), firm_id),
    )
    before = head(ledger)
    deregister_meta = meta()

    ledger.deregister_practitioner(deregister_meta, lawyer_id)

    assert [(o, t) for _, o, t in stored(ledger, after=before)] == [
        (lawyer_id, "ledger.Practitioner.Deregistered"),
        (firm_id, "ledger.Organization.MemberLeft"),
        (CommandReceipt.id_for(deregister_meta.command_id), "ledger.CommandReceipt.Accepted"),
    ]
    firm = ledger.get_organization(firm_id)
    assert firm.members == set()
    # With its last member gone, the organization may now be deregistered.
    ledger.deregister_organization(meta(), firm_id)
    assert ledger.get_organization(firm_id).status is LicenceStatus.DEREGISTERED


def test_deregistering_an_unaffiliated_practitioner_touches_no_organization(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    lawyer_id = register_lawyer(ledger, meta)
    before = head(ledger)
    ledger.deregister_practitioner(meta(), lawyer_id)
    topics = [t for _, _, t in stored(ledger, after=before)]
    assert topics == ["ledger.Practitioner.Deregistered", "ledger.CommandReceipt.Accepted"]


# -- history ---------------------------------------------------------------------------------


def test_history_is_oldest_first_with_meta(ledger: ComplianceLedger, meta: Meta) -> None:
    supervisor = Actor(principal_id="supervisor.a", role=Role.SUPERVISOR)
    registered = meta(reason="登记", effective_on=date(2024, 1, 2))
    suspended = meta(reason="停业整顿", effective_on=date(2024, 3, 4), actor=supervisor)
    reinstated = meta(reason="整顿完毕", effective_on=TODAY)
    firm_id = ledger.register_organization(
        registered, OrganizationKind.LAW_FIRM, "X1", FIRM
    ).subject_id
    ledger.suspend_licence(suspended, Organization, firm_id, date(2024, 3, 4), date(2024, 9, 3))
    ledger.reinstate_licence(reinstated, Organization, firm_id)

    events = ledger.history(firm_id)

    assert [type(e).__name__ for e in events] == [
        "Registered",
        "LicenceSuspended",
        "LicenceReinstated",
    ]
    assert [e.originator_version for e in events] == [1, 2, 3]
    assert [e.meta for e in events] == [registered, suspended, reinstated]  # type: ignore[attr-defined]
    assert events[1].meta.actor == supervisor  # type: ignore[attr-defined]
    assert events[1].meta.reason == "停业整顿"  # type: ignore[attr-defined]
    assert events[1].meta.effective_on == date(2024, 3, 4)  # type: ignore[attr-defined]
    assert events[1].meta.command_id == suspended.command_id  # type: ignore[attr-defined]
    timestamps = [e.timestamp for e in events]
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in timestamps)
    assert timestamps == sorted(timestamps)
