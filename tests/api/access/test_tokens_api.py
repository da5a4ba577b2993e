"""Bearer tokens expire and rotate (TokenValidityWithinLimits): a token is accepted from its
issue to its last day; rotation revokes one and issues its successor in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services, open_services
from tests.api.conftest import make_token_for
from tests.api.helpers import assert_problem, nothing_written, ok
from tests.conftest import sqlite_memory_url

TODAY = [date(2024, 12, 30)]


@pytest.fixture
def dated() -> Iterator[tuple[TestClient, Services]]:
    TODAY[0] = date(2024, 12, 30)
    services = open_services(sqlite_memory_url(), clock=lambda: TODAY[0])
    with TestClient(create_app(services=services)) as client:
        yield client, services
    services.close()


def test_a_token_is_accepted_until_its_last_day_then_401(
    dated: tuple[TestClient, Services],
) -> None:
    client, services = dated
    admin = make_token_for(services)("admin")
    body = {"name": "clerk.short", "role": "clerk", "reason": "临时", "valid_days": 2,
            "effective_on": "2024-12-30"}  # fmt: skip
    issued = ok(client.post("/tokens", json=body, headers=admin), 201)
    short = {"Authorization": f"Bearer {issued['token']}"}
    listed = {t["name"]: t for t in ok(client.get("/tokens", headers=admin))["items"]}
    assert listed["clerk.short"]["expires_on"] == "2024-12-31" and listed["clerk.short"]["valid"]
    TODAY[0] = date(2024, 12, 31)
    assert ok(client.get("/me", headers=short))["principal_id"] == "clerk.short"
    TODAY[0] = date(2025, 1, 1)
    refused = assert_problem(client.get("/me", headers=short), 401)
    assert "expired" in refused["detail"]


def test_token_validity_within_limits_over_http(dated: tuple[TestClient, Services]) -> None:
    client, services = dated
    admin = make_token_for(services)("admin")
    with nothing_written(client, services):
        for days in (0, 3651):
            body = {"name": "x", "role": "clerk", "reason": "r", "valid_days": days}
            assert_problem(client.post("/tokens", json=body, headers=admin), 422)


def test_rotation_revokes_the_token_and_issues_its_successor(
    dated: tuple[TestClient, Services],
) -> None:
    client, services = dated
    admin = make_token_for(services)("admin")
    body = {"name": "clerk.rot", "role": "clerk", "reason": "入职"}
    first = ok(client.post("/tokens", json=body, headers=admin), 201)
    old = {"Authorization": f"Bearer {first['token']}"}
    rotated = ok(
        client.post(f"/tokens/{first['id']}/rotation", json={"reason": "定期更换"}, headers=admin),
        201,
    )
    assert rotated["token"] and rotated["id"] != first["id"]
    assert_problem(client.get("/me", headers=old), 401)
    new = {"Authorization": f"Bearer {rotated['token']}"}
    assert ok(client.get("/me", headers=new)) == {"principal_id": "clerk.rot", "role": "clerk"}
    again = client.post(f"/tokens/{first['id']}/rotation", json={"reason": "x"}, headers=admin)
    assert_problem(again, 409, "TokenRevokedOnce")
    assert client.post(f"/tokens/{first['id']}/rotation", json={"reason": "x"},
                       headers=new).status_code == 403  # fmt: skip
