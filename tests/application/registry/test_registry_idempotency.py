"""Idempotency through the ledger: a retry (same command_id, same command) is answered from its
receipt and writes nothing; another command under a used command_id is refused. SQLite in
memory, fixed clock (TODAY = 2024-12-31)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.core.errors import (
    DuplicateRegistrationError,
    IdempotencyConflictError,
)
from domain.core.receipts import CommandReceipt
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from store.config import parse_database_url
from tests.application.registry.registry_ledger_support import (
    FIRM,
    Meta,
    head,
    refused_without_writing,
    register_firm,
    register_lawyer,
    stored,
)
from tests.conftest import CLERK, TODAY, sqlite_memory_url

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
