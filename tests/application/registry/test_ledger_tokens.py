"""API tokens through the ledger: authentication until revocation, revocation only once, and a
distinct secret for every issue. SQLite in memory, fixed clock (TODAY = 2024-12-31)."""

from __future__ import annotations

from domain.access.errors import TokenRevokedError
from domain.core.values import (
    Actor,
    Role,
)
from domain.ledger import ComplianceLedger
from tests.application.registry.registry_ledger_support import (
    Meta,
    refused_without_writing,
)
from tests.conftest import read

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
    assert {t.name for t in read(ledger).tokens.list(limit=500).items} == {"clerk.d"}
    assert len(read(ledger).tokens.list(limit=500).items) == 5
