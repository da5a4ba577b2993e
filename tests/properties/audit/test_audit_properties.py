"""Law of the superseded view, on SQLite and PostgreSQL: for random sequences of commands sent
through ComplianceLedger (details changed, licences suspended and reinstated, inspectors
deactivated and reactivated, tokens revoked, sanction cases decided, published and appealed
with every outcome), the view caught up in random chunks (random batch sizes, between random
commands) == the view rebuilt from scratch == the on-demand fold of the whole log.

Refused commands are part of the sequences: they write nothing, and the law holds regardless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.services import Services, open_services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionTerms,
)
from projections.audit.superseded import fold_superseded
from projections.runner.events import iter_events
from store.postgres import drop_schema
from tests.conftest import fixed_clock, postgres_base_url, postgres_test_url, sqlite_memory_url

SUPERVISOR = Actor(principal_id="supervisor.prop", role=Role.SUPERVISOR)
INSPECTOR = Actor(principal_id="inspector.prop", role=Role.INSPECTOR)

Command = tuple[Any, ...]
people = st.integers(0, 1)
sanctions = st.tuples(
    st.just("sanction"),
    st.booleans(),  # a suspension (else a warning)
    st.booleans(),  # published
    st.sampled_from([None, AppealOutcome.UPHELD, AppealOutcome.VARIED, AppealOutcome.ANNULLED]),
)
commands: st.SearchStrategy[Command] = st.one_of(
    st.tuples(st.just("details"), st.sampled_from(["org", "person", "inspector"]), people),
    st.tuples(st.just("suspend"), st.sampled_from(["org", "person"]), people),
    st.tuples(st.just("reinstate"), st.sampled_from(["org", "person"]), people),
    st.tuples(st.just("inspector_active"), people, st.booleans()),
    st.tuples(st.just("issue_token")),
    st.tuples(st.just("revoke_token"), st.integers(0, 3)),
    sanctions,
    sanctions,  # twice as likely: each one is a whole case and an appeal
    st.tuples(st.just("catch_up"), st.integers(1, 9)),  # with this batch size
)
sequences = st.lists(commands, min_size=4, max_size=25)


class World:
    """Sends the commands; a refused registry command (LedgerError) writes nothing."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.ledger = services.ledger
        self.sent = 0
        self.tokens: list[UUID] = []
        self.orgs = [self._org(n) for n in range(2)]
        self.people = [self._person(n) for n in range(2)]
        self.inspectors = [self._inspector(n) for n in range(2)]

    def meta(self, on: date = date(2024, 6, 1), actor: Actor = SUPERVISOR) -> EventMeta:
        self.sent += 1
        return EventMeta(actor=actor, reason="性质", effective_on=on, command_id=f"p{self.sent}")

    def _org(self, n: int) -> UUID:
        return self.ledger.register_organization(
            self.meta(date(2020, 1, 2)), OrganizationKind.LAW_FIRM, f"PO-{n}",
            OrganizationDetails(name=f"所{n}"),
        ).subject_id  # fmt: skip

    def _person(self, n: int) -> UUID:
        return self.ledger.register_practitioner(
            self.meta(date(2020, 1, 2)), PractitionerKind.LAWYER, f"PP-{n}",
            PractitionerDetails(name=f"人{n}"),
        ).subject_id  # fmt: skip

    def _inspector(self, n: int) -> UUID:
        details = InspectorDetails(name=f"查{n}", unit="一科")
        return self.ledger.register_inspector(
            self.meta(date(2020, 1, 2)), f"PI-{n}", details
        ).subject_id

    def send(self, command: Command) -> None:
        if command[0] == "sanction":
            self._sanction(*command[1:])  # always valid: a refusal here fails the test
            return
        with suppress(LedgerError):  # e.g. reinstating a licence that is not suspended
            self._send(command)

    def _send(self, command: Command) -> None:
        name, *args = command
        ledger = self.ledger
        if name == "details":
            what, n = args
            if what == "org":
                ledger.change_organization_details(
                    self.meta(), self.orgs[n], {"name": f"所{self.sent}"}
                )
            elif what == "person":
                ledger.change_practitioner_details(
                    self.meta(), self.people[n], {"name": f"人{self.sent}"}
                )
            else:
                ledger.change_inspector_details(
                    self.meta(), self.inspectors[n], {"unit": f"{self.sent}科"}
                )
        elif name in ("suspend", "reinstate"):
            what, n = args
            cls: type[Organization] | type[Practitioner]
            cls, subject = (
                (Organization, self.orgs[n]) if what == "org" else (Practitioner, self.people[n])
            )
            if name == "suspend":
                ledger.suspend_licence(
                    self.meta(), cls, subject, date(2024, 6, 2), date(2024, 7, 1)
                )
            else:
                ledger.reinstate_licence(self.meta(), cls, subject)
        elif name == "inspector_active":
            ledger.set_inspector_active(self.meta(), self.inspectors[args[0]], args[1])
        elif name == "issue_token":
            self.tokens.append(
                ledger.issue_token(self.meta(), "clerk.prop", Role.CLERK).result.subject_id
            )
        elif name == "revoke_token":
            if args[0] < len(self.tokens):
                ledger.revoke_token(self.meta(), self.tokens[args[0]])
        else:
            runner = self.services.runner
            runner.BATCH = args[0]
            runner.catch_up("superseded")

    def _sanction(self, suspension: bool, publish: bool, outcome: AppealOutcome | None) -> None:
        """A case against a fresh lawyer, decided and served, maybe published and appealed."""
        ledger = self.ledger
        lawyer = self._person(100 + self.sent)
        on = date(2024, 3, 1)
        case = ledger.open_sanction_case(
            self.meta(on, INSPECTOR), f"京兴司罚〔2024〕{self.sent}号", lawyer,
            CaseOrigin.OTHER, "线索", None,
        ).subject_id  # fmt: skip
        kind = SanctionKind.PRACTICE_SUSPENSION if suspension else SanctionKind.WARNING
        terms = SanctionTerms(kind=kind, months=6 if suspension else None)
        ledger.investigate_sanction_case(self.meta(on, INSPECTOR), case, "查明")
        ledger.serve_pre_decision_notice(self.meta(on, INSPECTOR), case, kind)
        if kind.carries_hearing_right:
            ledger.waive_sanction_hearing(self.meta(on, INSPECTOR), case)
        ledger.pass_sanction_legal_review(self.meta(on), case, "同意")
        ledger.propose_sanction_decision(self.meta(on, INSPECTOR), case, terms, on, "事实", "法")
        starts = date(2024, 4, 1) if suspension else None
        ledger.approve_sanction_decision(self.meta(date(2024, 3, 20)), case, starts)
        ledger.serve_sanction_decision(self.meta(date(2024, 3, 25)), case)
        if publish:
            ledger.publish_sanction(self.meta(date(2024, 3, 25)), case)
        if outcome is None:
            return
        appeal = ledger.file_appeal(
            self.meta(date(2024, 4, 2)), AppealKind.RECONSIDERATION, "sanction", case, "申请人",
            "过重",
        ).subject_id  # fmt: skip
        ledger.accept_appeal(self.meta(date(2024, 4, 3)), appeal)
        varied = (
            {"kind": "practice_suspension", "months": 3}
            if suspension
            else {"kind": "fine", "amount": "1000"}
        )
        new_result = varied if outcome is AppealOutcome.VARIED else None
        ledger.decide_appeal(self.meta(date(2024, 4, 20)), appeal, outcome, new_result)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Callable[[], str]:
    """A maker of fresh database URLs (one database per example)."""
    if request.param == "sqlite":
        return sqlite_memory_url
    postgres_base_url()  # skips (or fails under LEDGER_REQUIRE_POSTGRES=1) without PostgreSQL
    return postgres_test_url


@contextmanager
def fresh_services(url: str) -> Iterator[Services]:
    services = open_services(url, clock=fixed_clock)
    try:
        yield services
    finally:
        services.close()
        if services.db.is_postgres:
            drop_schema(services.config)


def stored(services: Services) -> tuple[list[Any], list[Any]]:
    view = services.superseded
    return view.all_links(services.db), view.standing_rows(services.db)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(sequence=sequences)
def test_incremental_equals_rebuilt_equals_on_demand_fold(
    database_url: Callable[[], str], sequence: list[Command]
) -> None:
    with fresh_services(database_url()) as services:
        world = World(services)
        for command in sequence:
            world.send(command)
        services.runner.catch_up("superseded")  # the rest, in whatever batch size was last
        incremental = stored(services)

        links, fold = fold_superseded(iter_events(services.ledger))
        assert incremental == (links, fold.rows())

        services.runner.BATCH = 1000
        services.runner.rebuild("superseded")
        assert stored(services) == incremental
