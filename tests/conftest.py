"""Shared fixtures.

- `ledger`: a ComplianceLedger on SQLite in memory (one database per test), fixed clock.
- `services`: the composed services (ledger, db, view runner) on SQLite in memory.
- `any_services`: the same, parametrized over SQLite and PostgreSQL. PostgreSQL comes from
  LEDGER_TEST_DATABASE_URL; without it those cases skip with the reason, unless
  LEDGER_REQUIRE_POSTGRES=1, when they fail (CI).
- `meta(...)`: EventMeta builder with a fresh command_id.
- `read(ledger)`: the record views' reads (lists, overdue, metrics), caught up.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from api.services import Records, Services, open_services, records_of
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.ledger import ComplianceLedger
from projections.runner.views import ViewRunner
from store.calendar import prc_calendar
from store.config import parse_database_url
from store.database import Database
from store.postgres import drop_schema

# The shared helpers of the test folders (*_support.py, helpers.py) assert too: rewritten like
# the tests, their failures show the values compared. Registered before any test imports them.
_HERE = Path(__file__).parent
pytest.register_assert_rewrite(
    *sorted(
        ".".join(("tests", *p.relative_to(_HERE).with_suffix("").parts))
        for pattern in ("*_support.py", "helpers.py")
        for p in _HERE.rglob(pattern)
    )
)

TODAY = date(2024, 12, 31)
CLERK = Actor(principal_id="clerk.test", role=Role.CLERK)


def fixed_clock() -> date:
    return TODAY


def read(ledger: ComplianceLedger) -> Records:
    """The record views of `ledger`'s database, caught up to everything it recorded: what the
    API's lists read, for tests that drive the ledger directly."""
    db = Database(ledger.recorder)
    records = records_of(ledger, db)
    runner = ViewRunner(ledger, db, records.views())
    runner.create_tables()
    runner.catch_up_all()
    return records


def sqlite_memory_url() -> str:
    return f"sqlite:///:memory:?name=t{uuid.uuid4().hex}"


def postgres_base_url() -> str | None:
    """The PostgreSQL URL for tests, or skip/fail with a clear reason."""
    url = os.environ.get("LEDGER_TEST_DATABASE_URL")
    if url:
        return url
    reason = (
        "PostgreSQL tests need LEDGER_TEST_DATABASE_URL "
        "(e.g. postgresql://root@127.0.0.1:5432/test); .ci/run sets it"
    )
    if os.environ.get("LEDGER_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"LEDGER_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)  # the PostgreSQL gate: skipped only when no URL is configured
    return None


def postgres_test_url() -> str:
    """A fresh schema per test on the test PostgreSQL database."""
    base = postgres_base_url()
    assert base is not None
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}schema=t_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def meta() -> Callable[..., EventMeta]:
    def build(
        reason: str = "test",
        effective_on: date = date(2024, 6, 1),
        actor: Actor = CLERK,
        command_id: str | None = None,
    ) -> EventMeta:
        return EventMeta(
            actor=actor,
            reason=reason,
            effective_on=effective_on,
            command_id=command_id or f"test-{uuid.uuid4()}",
        )

    return build


@pytest.fixture
def ledger() -> Iterator[ComplianceLedger]:
    config = parse_database_url(sqlite_memory_url())
    app = ComplianceLedger(env=config.env, clock=fixed_clock, calendar=prc_calendar())
    yield app
    app.close()


@pytest.fixture
def services() -> Iterator[Services]:
    built = open_services(sqlite_memory_url(), clock=fixed_clock)
    yield built
    built.close()


@pytest.fixture
def postgres_services() -> Iterator[Services]:
    url = postgres_test_url()
    built = open_services(url, clock=fixed_clock)
    yield built
    built.close()
    drop_schema(built.config)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_services(request: pytest.FixtureRequest) -> Iterator[Services]:
    if request.param == "sqlite":
        yield request.getfixturevalue("services")
    else:
        yield request.getfixturevalue("postgres_services")
