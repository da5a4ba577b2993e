"""Fixtures of the HTTP tests that read a whole district.

- `district`: a TestClient over the demo district of tests/fixtures/layout_v1 (opened as a
  ledger written before today's side tables), and an admin's Authorization header.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services, open_services
from domain.core.values import Actor, EventMeta, Role
from tests.fixture_data import write_events_only_ledger

CLOCK = date(2025, 1, 10)


@pytest.fixture(scope="module")
def district(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    path: Path = tmp_path_factory.mktemp("paging") / "ledger.db"
    write_events_only_ledger(path)
    services: Services = open_services(f"sqlite:///{path}", clock=lambda: CLOCK)
    meta = EventMeta(
        actor=Actor(principal_id="bootstrap", role=Role.ADMIN),
        reason="paging test",
        effective_on=CLOCK,
        command_id="paging-admin",
    )
    secret = services.ledger.issue_token(meta, "paging.admin", Role.ADMIN, 30).secret
    with TestClient(create_app(services=services)) as client:
        yield client, {"Authorization": f"Bearer {secret}"}
    services.close()
