"""A command_id identifies one command: sending it again answers the original result and writes
nothing; sending it with anything different is a 409 and writes nothing either."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services, open_services
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    nothing_written,
    ok,
    org_body,
    person_body,
)
from tests.conftest import sqlite_memory_url

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    """Run on SQLite and PostgreSQL: atomic rejection is the store's job on both."""
    return any_services


def test_repeating_a_registration_answers_the_original_result_and_writes_nothing(
    client: TestClient, clerk: Headers, api_services: Services
) -> None:
    body = org_body("IDEM-1", command_id="reg-IDEM-1")
    first = created(client.post("/organizations", json=body, headers=clerk))
    assert first["replayed"] is False

    with nothing_written(client, api_services):
        again = client.post("/organizations", json=body, headers=clerk)
    assert again.status_code == 201
    second = again.json()
    assert (second["id"], second["version"]) == (first["id"], first["version"])
    assert second["command_id"] == "reg-IDEM-1"
    assert second["replayed"] is True
    # The position still lets a reader wait for the original write.
    assert second["position"] >= first["position"]
    listed = ok(client.get("/organizations", headers=clerk))["items"]
    assert [o["id"] for o in listed] == [first["id"]]


def test_a_retry_answers_the_original_version_even_after_later_changes(
    client: TestClient, clerk: Headers, api_services: Services
) -> None:
    body = org_body("IDEM-2", command_id="reg-IDEM-2")
    first = created(client.post("/organizations", json=body, headers=clerk))
    ok(client.patch(f"/organizations/{first['id']}", json=command(name="改名"), headers=clerk))

    with nothing_written(client, api_services):
        second = ok(client.post("/organizations", json=body, headers=clerk), 201)
    assert (second["id"], second["version"], second["replayed"]) == (first["id"], 1, True)
    assert ok(client.get(f"/organizations/{first['id']}", headers=clerk))["version"] == 2


@pytest.mark.parametrize("path", ["suspension", "affiliation", "departure", "revocation", "PATCH"])
def test_repeating_any_command_is_answered_once(
    client: TestClient, clerk: Headers, api_services: Services, path: str
) -> None:
    firm = created(client.post("/organizations", json=org_body("IDEM-F"), headers=clerk))["id"]
    lawyer = created(client.post("/practitioners", json=person_body("IDEM-P"), headers=clerk))["id"]
    if path == "departure":
        ok(
            client.post(
                f"/practitioners/{lawyer}/affiliation",
                json=command(organization_id=firm),
                headers=clerk,
            )
        )
    extra: dict[str, Any] = {
        "suspension": {"starts_on": "2024-12-01", "until": "2025-01-31"},
        "affiliation": {"organization_id": firm},
        "PATCH": {"specialties": ["刑事"]},
    }.get(path, {})
    body = command("重复提交", command_id=f"cmd-{path}", **extra)

    def send() -> Any:
        if path == "PATCH":
            return client.patch(f"/practitioners/{lawyer}", json=body, headers=clerk)
        return client.post(f"/practitioners/{lawyer}/{path}", json=body, headers=clerk)

    first = ok(send())
    state = ok(client.get(f"/practitioners/{lawyer}", headers=clerk))
    with nothing_written(client, api_services):
        second = ok(send())
    assert second["replayed"] is True and first["replayed"] is False
    assert (second["id"], second["version"]) == (first["id"], first["version"])
    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk)) == state


def _conflict(
    client: TestClient, services: Services, method: str, url: str, body: dict[str, Any],
    headers: Headers,
) -> dict[str, Any]:  # fmt: skip
    with nothing_written(client, services):
        response = client.request(method, url, json=body, headers=headers)
    return assert_problem(response, 409, "CommandIdIdentifiesOneCommand")


@pytest.mark.parametrize(
    "change",
    [
        {"name": "另一个名字律师事务所"},
        {"reason": "另一个理由"},
        {"effective_on": "2024-03-02"},
        {"kind": "notary_office"},
        {"number": "IDEM-OTHER"},
        {"head": None},
    ],
    ids=["name", "reason", "effective_on", "kind", "number", "head"],
)
def test_same_command_id_with_a_different_body_is_409(
    client: TestClient, clerk: Headers, api_services: Services, change: dict[str, Any]
) -> None:
    body = org_body("IDEM-3", command_id="reg-IDEM-3")
    first = created(client.post("/organizations", json=body, headers=clerk))

    problem = _conflict(client, api_services, "POST", "/organizations", {**body, **change}, clerk)
    assert problem["context"]["command_id"] == "reg-IDEM-3"
    # The entity the other body would have created was not created.
    assert [o["id"] for o in ok(client.get("/organizations", headers=clerk))["items"]] == [
        first["id"]
    ]


def test_same_command_id_for_another_command_is_409(
    client: TestClient, clerk: Headers, api_services: Services
) -> None:
    firm = created(
        client.post("/organizations", json=org_body("IDEM-4", command_id="shared-1"), headers=clerk)
    )["id"]
    problem = _conflict(
        client,
        api_services,
        "POST",
        f"/organizations/{firm}/revocation",
        command(command_id="shared-1"),
        clerk,
    )
    assert problem["context"]["original_command"] == "RegisterOrganization"
    problem = _conflict(
        client, api_services, "POST", "/practitioners",
        person_body("IDEM-P4", command_id="shared-1"), clerk,
    )  # fmt: skip
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["status"] == "active"


def test_same_command_id_from_another_principal_is_409(
    client: TestClient, token_for: TokenFor, api_services: Services
) -> None:
    body = org_body("IDEM-5", command_id="reg-IDEM-5")
    created(client.post("/organizations", json=body, headers=token_for(Role.CLERK, "clerk.a")))
    _conflict(
        client, api_services, "POST", "/organizations", body, token_for(Role.CLERK, "clerk.b")
    )


def test_a_rejected_command_does_not_use_up_its_command_id(
    client: TestClient, clerk: Headers
) -> None:
    firm = created(client.post("/organizations", json=org_body("IDEM-6"), headers=clerk))["id"]
    body = command("复牌", command_id="reinstate-1")
    assert_problem(
        client.post(f"/organizations/{firm}/reinstatement", json=body, headers=clerk),
        409,
        "ReinstateOnlyWhenSuspended",
    )
    suspend = command(starts_on="2024-12-01", until="2025-01-31")
    ok(client.post(f"/organizations/{firm}/suspension", json=suspend, headers=clerk))
    accepted = ok(client.post(f"/organizations/{firm}/reinstatement", json=body, headers=clerk))
    assert accepted["replayed"] is False
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["status"] == "active"


def test_repeating_a_token_issue_does_not_show_the_secret_again(
    client: TestClient, token_for: TokenFor, api_services: Services
) -> None:
    admin = token_for(Role.ADMIN)
    body = {"name": "clerk.new", "role": "clerk", "reason": "新入职", "command_id": "tok-new"}
    first = ok(client.post("/tokens", json=body, headers=admin), 201)
    with nothing_written(client, api_services):
        second = ok(client.post("/tokens", json=body, headers=admin), 201)
    assert second["id"] == first["id"] and second["replayed"] is True
    assert first["token"] and second["token"] is None
    names = [t["name"] for t in ok(client.get("/tokens", headers=admin))["items"]]
    assert names.count("clerk.new") == 1


def test_a_retry_on_the_next_day_of_a_command_without_effective_on_is_the_same_command() -> None:
    """A client that omitted effective_on and retries after midnight (Beijing) sends the very
    same body: it must get the original answer, not a conflict with itself."""
    today = [date(2024, 12, 31)]
    services = open_services(sqlite_memory_url(), clock=lambda: today[0])
    try:
        meta = EventMeta(
            actor=Actor(principal_id="bootstrap.admin", role=Role.ADMIN),
            reason="test token",
            effective_on=date(2024, 1, 2),
            command_id="token-retry",
        )
        secret = services.ledger.issue_token(meta, "clerk.retry", Role.CLERK, 3650).secret
        headers = {"Authorization": f"Bearer {secret}"}
        body = org_body("IDEM-DAY", command_id="reg-IDEM-DAY")
        del body["effective_on"]
        with TestClient(create_app(services=services)) as client:
            first = created(client.post("/organizations", json=body, headers=headers))
            today[0] = date(2025, 1, 1)
            with nothing_written(client, services):
                again = client.post("/organizations", json=body, headers=headers)
            assert again.status_code == 201, again.text
            assert again.json()["replayed"] is True
            assert (again.json()["id"], again.json()["version"]) == (first["id"], 1)
    finally:
        services.close()
