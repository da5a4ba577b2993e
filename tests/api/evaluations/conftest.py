"""Fixtures for the evaluation API tests: every test in this folder runs on SQLite and on
PostgreSQL (`api_services`), and `supervisor` is the municipal supervisor's headers."""

from __future__ import annotations

import pytest

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.evaluations.evaluations_api_support import Headers


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for(Role.SUPERVISOR, "supervisor.li")
