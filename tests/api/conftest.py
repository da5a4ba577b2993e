"""Fixtures for API tests through HTTP.

- `api_services`: the services the app under test runs on. SQLite in memory by default; a test
  module overrides it (`def api_services(any_services)`) to run on SQLite and PostgreSQL.
- `client`: a TestClient over `create_app(services=api_services)`.
- `token_for(role, name=None)`: issues a bearer token through the ledger and returns the
  `Authorization` header for it (one token per role and name, reused within a test).
- `event_count()`: the number of stored events, to prove a rejected request wrote nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services import Services
from domain.values import Actor, EventMeta, Role

PROBLEM_JSON = "application/problem+json"
ROLES = tuple(Role)
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
            token = api_services.ledger.issue_token(meta, name, role)
            assert token.secret is not None
            issued[(role, name)] = {"Authorization": f"Bearer {token.secret}"}
        return issued[(role, name)]

    return headers


@pytest.fixture
def event_count(api_services: Services) -> Callable[[], int]:
    return api_services.db.event_count


def assert_problem(response: Any, status: int, rule: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status` (and naming `rule`, if given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    if rule is not None:
        assert body.get("rule") == rule, body
        assert body["type"].endswith(rule)
    return body
