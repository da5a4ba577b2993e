"""The `setup` fixture of the inspection HTTP tests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.inspections.inspections_api_support import Setup


@pytest.fixture
def setup(client: TestClient, token_for: TokenFor) -> Setup:
    return Setup(client, token_for)
