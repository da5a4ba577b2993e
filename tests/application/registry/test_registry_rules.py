"""Registry rules that need the ledger: uniqueness, idempotency, one transaction per command,
history, and tokens. SQLite in memory, fixed clock (TODAY = 2024-12-31)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain.access.errors import TokenRevokedError
from domain.core.errors import (
    DuplicateRegistrationError,
    EffectiveDateInFutureError,
    EntityNotFoundError,
    IdempotencyConflictError,
    LedgerError,
    NothingToChangeError,
)
from domain.core.receipts import CommandReceipt
from domain.core.values import (
    Actor,
    EventMeta,
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import OrganizationHasMembersError
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from store.config import parse_database_url
from tests.conftest import CLERK, TODAY, sqlite_memory_url

Meta = Callable[..., EventMeta]
FIRM = OrganizationDetails(name="北京市大兴区某律师事务所", head="赵六")


def head(ledger: ComplianceLedger) -> int | None:
    return ledger.recorder.max_notification_id()


def stored(ledger: ComplianceLedger, after: int | None = None) -> list[tuple[int, UUID, str]]:
    notifications = ledger.recorder.select_notifications(
        start=after, limit=10_000, inclusive_of_start=after is None
    )
    return [(n.id, UUID(str(n.originator_id)), n.topic) for n in notifications]


def refused_without_writing(
    ledger: ComplianceLedger, error: type[LedgerError], rule: str, command: Callable[[], object]
) -> LedgerError:
    before = stored(ledger)
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert stored(ledger) == before
    return caught.value


def register_firm(ledger: ComplianceLedger, meta: Meta, number: str = "31110000A1") -> UUID:
    return ledger.register_organization(meta(), OrganizationKind.LAW_FIRM, number, FIRM).subject_id


def register_lawyer(
    ledger: ComplianceLedger, meta: Meta, number: str = "11101201810000001"
) -> UUID:
    return ledger.register_practitioner(
        meta(), PractitionerKind.LAWYER, number, PractitionerDetails(name="张三")
    ).subject_id


# -- NumberUniquePerKind ---------------------------------------------------------------------


def test_number_unique_per_kind(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta, "31110000a1")
    assert firm_id == Organization.create_id(OrganizationKind.LAW_FIRM, "31110000A1")

    for same_number in ("31110000A1", " 31110000a1 ", "3111 0000 A1"):
        error = refused_without_writing(
            ledger,
            DuplicateRegistrationError,
            "NumberUniquePerKind",
            lambda n=same_number: ledger.register_organization(
                meta(), OrganizationKind.LAW_FIRM, n, OrganizationDetails(name="另一家")
            ),
        )
        assert error.context == {"existing_id": str(firm_id)}
    assert ledger.get_organization(firm_id).details == FIRM

    # The same number for another kind of organization is another registration.
    notary = ledger.register_organization(
        meta(), OrganizationKind.NOTARY_OFFICE, "31110000A1", OrganizationDetails(name="公证处")
    )
    assert notary.subject_id != firm_id
    assert ledger.get_organization(notary.subject_id).kind is OrganizationKind.NOTARY_OFFICE


def test_number_unique_per_kind_for_practitioners_and_inspectors(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    lawyer_id = register_lawyer(ledger, meta, "A-1")
    refused_without_writing(
        ledger,
        DuplicateRegistrationError,
        "NumberUniquePerKind",
        lambda: register_lawyer(ledger, meta, "a-1"),
    )
    notary = ledger.register_practitioner(
        meta(), PractitionerKind.NOTARY, "A-1", PractitionerDetails(name="李四")
    )
    assert notary.subject_id != lawyer_id

    details = InspectorDetails(name="王五", unit="律师工作科")
    ledger.register_inspector(meta(), "京司执0001", details)
    refused_without_writing(
        ledger,
        DuplicateRegistrationError,
        "NumberUniquePerKind",
        lambda: ledger.register_inspector(meta(), " 京司执 0001", details),
    )


# -- idempotency -----------------------------------------------------------------------------


def test_retried_command_is_replayed_and_writes_nothing(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    first_meta = meta(command_id="register-firm-1")
    first = ledger.register_organization(first_meta, OrganizationKind.LAW_FIRM, "X1", FIRM)
    assert first.replayed is False
    assert first.position == head(ledger)
    before = stored(ledger)

    # A retry is the same command with the same command_id: the original result, nothing new.
    # (It is not refused as a duplicate registration: the receipt answers first.)
    retry = ledger.register_organization(
        meta(command_id="register-firm-1"), OrganizationKind.LAW_FIRM, "x1", FIRM
    )
    assert retry.replayed is True
    assert (retry.command_id, retry.subject_id, retry.version) == (
        first.command_id,
        first.subject_id,
        first.version,
    )
    assert stored(ledger) == before

    # A later change does not alter what the retry of the first command answers.
    firm_id = first.subject_id
    ledger.suspend_licence(meta(), Organization, firm_id, date(2024, 12, 1), date(2025, 1, 31))
    again = ledger.register_organization(first_meta, OrganizationKind.LAW_FIRM, "X1", FIRM)
    assert again.replayed is True
    assert again.version == 1
    assert ledger.get_organization(firm_id).version == 2


def test_retried_multi_aggregate_command_answers_with_its_subject(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    join_meta = meta(command_id="join-1")
    joined = ledger.join_organization(join_meta, lawyer_id, firm_id)
    before = stored(ledger)
    retry = ledger.join_organization(join_meta, lawyer_id, firm_id)
    assert retry.replayed is True
    assert (retry.subject_id, retry.version) == (lawyer_id, joined.version) == (lawyer_id, 2)
    assert stored(ledger) == before


def test_retried_token_issue_does_not_reveal_a_new_secret(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    issue_meta = meta(command_id="issue-1")
    issued = ledger.issue_token(issue_meta, "clerk.b", Role.CLERK)
    assert issued.secret is not None
    before = stored(ledger)
    retry = ledger.issue_token(issue_meta, "clerk.b", Role.CLERK)
    assert retry.secret is None
    assert retry.result.replayed is True
    assert retry.result.subject_id == issued.result.subject_id
    assert stored(ledger) == before


@pytest.mark.parametrize(
    "different",
    ["number", "kind", "details", "reason", "effective_on", "principal", "command"],
)
def test_command_id_identifies_one_command(
    ledger: ComplianceLedger, meta: Meta, different: str
) -> None:
    ledger.register_organization(meta(command_id="cmd-1"), OrganizationKind.LAW_FIRM, "X1", FIRM)
    kind, number, details = OrganizationKind.LAW_FIRM, "X1", FIRM
    reason, effective_on, actor = (
        "test",
        date(2024, 6, 1),
        Actor(principal_id="clerk.test", role=Role.CLERK),
    )
    if different == "number":
        number = "X2"
    elif different == "kind":
        kind = OrganizationKind.NOTARY_OFFICE
    elif different == "details":
        details = OrganizationDetails(name="另一家")
    elif different == "reason":
        reason = "another reason"
    elif different == "effective_on":
        effective_on = date(2024, 6, 2)
    elif different == "principal":
        actor = Actor(principal_id="clerk.other", role=Role.CLERK)
    second = meta(command_id="cmd-1", reason=reason, effective_on=effective_on, actor=actor)

    def send() -> object:
        if different == "command":
            return ledger.register_inspector(second, "X1", InspectorDetails(name="n", unit="u"))
        return ledger.register_organization(second, kind, number, details)

    error = refused_without_writing(
        ledger, IdempotencyConflictError, "CommandIdIdentifiesOneCommand", send
    )
    assert error.context["command_id"] == "cmd-1"
    assert error.context["original_command"] == "RegisterOrganization"


def test_refused_command_leaves_its_command_id_unused(ledger: ComplianceLedger, meta: Meta) -> None:
    register_firm(ledger, meta, "X1")
    with pytest.raises(DuplicateRegistrationError):
        ledger.register_organization(
            meta(command_id="cmd-2"), OrganizationKind.LAW_FIRM, "X1", FIRM
        )
    # No receipt was written for the refusal, so the id is free for a corrected command.
    assert CommandReceipt.id_for("cmd-2") not in ledger.repository
    result = ledger.register_organization(
        meta(command_id="cmd-2"), OrganizationKind.LAW_FIRM, "X2", FIRM
    )
    assert result.replayed is False


def test_retry_of_a_command_sent_without_effective_date_is_the_same_command_next_day(
    meta: Meta,
) -> None:
    """A date the ledger filled in (effective today) is not part of what the client sent, so a
    retry on the next day is still a retry, not a conflicting command."""
    today = [TODAY - timedelta(days=1)]
    ledger = ComplianceLedger(
        env=parse_database_url(sqlite_memory_url()).env, clock=lambda: today[0]
    )
    try:

        def sent_today() -> EventMeta:
            return EventMeta.effective_today(
                actor=CLERK, reason="登记", today=ledger.today(), command_id="cmd-today"
            )

        first = ledger.register_organization(sent_today(), OrganizationKind.LAW_FIRM, "X1", FIRM)
        today[0] = TODAY
        before = stored(ledger)
        retry = ledger.register_organization(sent_today(), OrganizationKind.LAW_FIRM, "X1", FIRM)
        assert retry.replayed is True
        assert retry.subject_id == first.subject_id
        assert stored(ledger) == before
        # A date the client did send is part of the command: another one is another command.
        with pytest.raises(IdempotencyConflictError):
            ledger.register_organization(
                meta(command_id="cmd-today", reason="登记", effective_on=TODAY),
                OrganizationKind.LAW_FIRM,
                "X1",
                FIRM,
            )
    finally:
        ledger.close()


def test_change_changes_something(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta)
    for changes in ({}, {"name": FIRM.name}, {"name": FIRM.name, "head": FIRM.head}):
        refused_without_writing(
            ledger,
            NothingToChangeError,
            "ChangeChangesSomething",
            lambda c=changes: ledger.change_organization_details(meta(), firm_id, c),
        )
    ledger.change_organization_details(meta(), firm_id, {"head": "钱七"})
    assert ledger.get_organization(firm_id).details.head == "钱七"


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


# -- EntityExists ----------------------------------------------------------------------------


def test_unknown_id_is_entity_not_found(ledger: ComplianceLedger, meta: Meta) -> None:
    unknown = uuid4()
    for read in (
        ledger.get_organization,
        ledger.get_practitioner,
        ledger.get_inspector,
        ledger.history,
    ):
        with pytest.raises(EntityNotFoundError) as caught:
            read(unknown)
        assert caught.value.rule == "EntityExists"
        assert caught.value.context == {"entity_id": str(unknown)}

    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    for command in (
        lambda: ledger.suspend_licence(meta(), Practitioner, unknown, date(2024, 1, 1), TODAY),
        lambda: ledger.join_organization(meta(), lawyer_id, unknown),
        lambda: ledger.join_organization(meta(), unknown, firm_id),
        lambda: ledger.set_inspector_active(meta(), unknown, active=False),
        lambda: ledger.revoke_token(meta(), unknown),
        # An id of another kind of record is not found either.
        lambda: ledger.revoke_licence(meta(), Practitioner, firm_id),
        lambda: ledger.change_organization_details(meta(), lawyer_id, {"name": "x"}),
    ):
        refused_without_writing(ledger, EntityNotFoundError, "EntityExists", command)


# -- EffectiveDateNotInFuture ----------------------------------------------------------------


def test_effective_date_not_in_future(ledger: ComplianceLedger, meta: Meta) -> None:
    tomorrow = TODAY + timedelta(days=1)
    error = refused_without_writing(
        ledger,
        EffectiveDateInFutureError,
        "EffectiveDateNotInFuture",
        lambda: ledger.register_organization(
            meta(effective_on=tomorrow), OrganizationKind.LAW_FIRM, "X1", FIRM
        ),
    )
    assert error.field == "effective_on"
    assert Organization.create_id(OrganizationKind.LAW_FIRM, "X1") not in ledger.repository

    firm_id = register_firm(ledger, meta)
    refused_without_writing(
        ledger,
        EffectiveDateInFutureError,
        "EffectiveDateNotInFuture",
        lambda: ledger.revoke_licence(meta(effective_on=tomorrow), Organization, firm_id),
    )
    # Today (Asia/Shanghai) is not the future; a suspension may still start in the future.
    ledger.suspend_licence(
        meta(effective_on=TODAY), Organization, firm_id, tomorrow, tomorrow + timedelta(days=30)
    )
    firm = ledger.get_organization(firm_id)
    assert firm.status_on(TODAY) is LicenceStatus.ACTIVE
    assert firm.status_on(tomorrow) is LicenceStatus.SUSPENDED


# -- tokens ----------------------------------------------------------------------------------


def test_authenticate_returns_the_actor_until_the_token_is_revoked(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    issued = ledger.issue_token(meta(), "supervisor.b", Role.SUPERVISOR)
    assert issued.secret is not None
    assert ledger.authenticate(issued.secret) == Actor(
        principal_id="supervisor.b", role=Role.SUPERVISOR
    )
    assert ledger.authenticate(issued.secret + "x") is None
    assert ledger.authenticate("clg_" + "A" * 43) is None

    other = ledger.issue_token(meta(), "clerk.c", Role.CLERK)
    ledger.revoke_token(meta(), issued.result.subject_id)

    assert ledger.authenticate(issued.secret) is None
    assert other.secret is not None
    assert ledger.authenticate(other.secret) == Actor(principal_id="clerk.c", role=Role.CLERK)
    refused_without_writing(
        ledger,
        TokenRevokedError,
        "TokenRevokedOnce",
        lambda: ledger.revoke_token(meta(), issued.result.subject_id),
    )


def test_issued_tokens_have_distinct_secrets(ledger: ComplianceLedger, meta: Meta) -> None:
    secrets = {ledger.issue_token(meta(), "clerk.d", Role.CLERK).secret for _ in range(5)}
    assert len(secrets) == 5
    assert all(s is not None and s.startswith("clg_") for s in secrets)
    assert {t.name for t in ledger.list_tokens()} == {"clerk.d"}
    assert len(ledger.list_tokens()) == 5
