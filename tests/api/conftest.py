"""Fixtures for API tests through HTTP.

- `api_services`: the services the app under test runs on. SQLite in memory (`services`) by
  default; a module overrides it with `def api_services(any_services)` to run on SQLite and
  PostgreSQL.
- `client`: a TestClient over `create_app(services=api_services)`.
- `token_for(role, name=None)`: issues a bearer token through the ledger and returns the
  `Authorization` header for it (one token per role and name within a test); `clerk` is one.
- `rejected(send)`: calls `send()` and proves the store did not change.
- `firm`, `lawyer`: a registered law firm and lawyer (ids), for error cases.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from tests.api.helpers import nothing_written, register_org, register_person

BOOTSTRAP = Actor(principal_id="bootstrap.admin", role=Role.ADMIN)

TokenFor = Callable[..., dict[str, str]]


@pytest.fixture
def api_services(services: Services) -> Services:
    return services


@pytest.fixture
def client(api_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=api_services)) as test_client:
        yield test_client


@pytest.fixture
def token_for(api_services: Services) -> TokenFor:
    return make_token_for(api_services)


def make_token_for(api_services: Services) -> TokenFor:
    """Issues (once per role and name) a token and returns its Authorization header."""
    issued: dict[tuple[Role, str], dict[str, str]] = {}

    def headers(role: Role | str, name: str | None = None) -> dict[str, str]:
        role = Role(role)
        name = name or f"{role.value}.test"
        if (role, name) not in issued:
            meta = EventMeta(
                actor=BOOTSTRAP,
                reason="test token",
                effective_on=date(2024, 1, 2),
                command_id=f"token-{uuid.uuid4()}",
            )
            token = api_services.ledger.issue_token(meta, name, role, 3650)  # any test date
            assert token.secret is not None
            issued[(role, name)] = {"Authorization": f"Bearer {token.secret}"}
        return issued[(role, name)]

    return headers


@pytest.fixture
def clerk(token_for: TokenFor) -> dict[str, str]:
    """Authorization headers of a registry clerk (the usual writer)."""
    return token_for(Role.CLERK)


@pytest.fixture
def rejected(client: TestClient, api_services: Services) -> Callable[..., Any]:
    def send(request: Callable[[], Any]) -> Any:
        with nothing_written(client, api_services):
            return request()

    return send


@pytest.fixture
def firm(client: TestClient, clerk: dict[str, str]) -> str:
    return register_org(client, clerk, "ERR-F1")


@pytest.fixture
def lawyer(client: TestClient, clerk: dict[str, str]) -> str:
    return register_person(client, clerk, "ERR-L1")
