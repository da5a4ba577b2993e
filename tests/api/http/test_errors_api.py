"""Errors are problem+json: 404 for an unknown id, 409 naming the rule (422, invalid input, is in
test_invalid_input_api.py); a rejected request writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    inspector_body,
    join,
    ok,
    org_body,
    person_body,
)

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    """Run on SQLite and PostgreSQL: atomic rejection is the store's job on both."""
    return any_services


# -- 404 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/organizations/{id}", None),
        ("GET", "/organizations/{id}/history", None),
        ("GET", "/organizations/{id}/members", None),
        ("PATCH", "/organizations/{id}", command(name="x")),
        ("POST", "/organizations/{id}/suspension", command(starts_on="2024-06-01", until="2024-07-01")),
        ("POST", "/organizations/{id}/reinstatement", command()),
        ("POST", "/organizations/{id}/revocation", command()),
        ("POST", "/organizations/{id}/deregistration", command()),
        ("GET", "/practitioners/{id}", None),
        ("GET", "/practitioners/{id}/history", None),
        ("PATCH", "/practitioners/{id}", command(name="x")),
        ("POST", "/practitioners/{id}/departure", command()),
        ("POST", "/practitioners/{id}/deregistration", command()),
        ("POST", "/practitioners/{id}/revocation", command()),
        ("GET", "/inspectors/{id}", None),
        ("GET", "/inspectors/{id}/history", None),
        ("POST", "/inspectors/{id}/deactivation", command()),
        ("POST", "/tokens/{id}/revocation", command()),
    ],
)  # fmt: skip
def test_unknown_id_is_404_entity_exists(
    client: TestClient,
    token_for: TokenFor,
    rejected: Callable[..., Any],
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    unknown = str(uuid.uuid4())
    headers = token_for(Role.ADMIN)
    url = path.format(id=unknown)
    response = rejected(lambda: client.request(method, url, json=body, headers=headers))
    problem = assert_problem(response, 404, "EntityExists")
    assert unknown in problem["detail"]
    assert problem["context"]["entity_id"] == unknown


def test_an_id_of_another_kind_of_entity_is_404(
    client: TestClient, clerk: Headers, firm: str, lawyer: str, rejected: Callable[..., Any]
) -> None:
    assert_problem(client.get(f"/practitioners/{firm}", headers=clerk), 404, "EntityExists")
    assert_problem(client.get(f"/organizations/{lawyer}", headers=clerk), 404, "EntityExists")
    assert_problem(client.get(f"/inspectors/{firm}/history", headers=clerk), 404, "EntityExists")
    response = rejected(
        lambda: client.post(f"/organizations/{lawyer}/revocation", json=command(), headers=clerk)
    )
    assert_problem(response, 404, "EntityExists")
    # Joining an organization that does not exist (the id is a person's).
    response = rejected(lambda: join(client, clerk, lawyer, lawyer))
    assert_problem(response, 404, "EntityExists")


# -- 409: rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["ERR-F1", "err-f1", " ERR-F1 ", "ERR -F1"])
def test_duplicate_number_of_the_same_kind_is_409_number_unique_per_kind(
    client: TestClient, clerk: Headers, firm: str, rejected: Callable[..., Any], number: str
) -> None:
    response = rejected(lambda: client.post("/organizations", json=org_body(number), headers=clerk))
    problem = assert_problem(response, 409, "NumberUniquePerKind")
    assert problem["context"]["existing_id"] == firm


def test_the_same_number_in_another_kind_is_allowed(
    client: TestClient, clerk: Headers, firm: str
) -> None:
    other = created(
        client.post("/organizations", json=org_body("ERR-F1", kind="notary_office"), headers=clerk)
    )
    assert other["id"] != firm


def test_duplicate_practitioner_and_inspector_numbers_are_409(
    client: TestClient, clerk: Headers, lawyer: str, rejected: Callable[..., Any]
) -> None:
    response = rejected(
        lambda: client.post("/practitioners", json=person_body("ERR-L1"), headers=clerk)
    )
    assert_problem(response, 409, "NumberUniquePerKind")
    created(client.post("/inspectors", json=inspector_body("京司执0001"), headers=clerk))
    response = rejected(
        lambda: client.post("/inspectors", json=inspector_body("京司执0001"), headers=clerk)
    )
    assert_problem(response, 409, "NumberUniquePerKind")


def test_joining_a_second_organization_is_409_one_person_one_organization(
    client: TestClient, clerk: Headers, firm: str, lawyer: str, rejected: Callable[..., Any]
) -> None:
    ok(join(client, clerk, lawyer, firm))
    second = created(client.post("/organizations", json=org_body("ERR-F2"), headers=clerk))["id"]

    for target in (second, firm):
        response = rejected(lambda target=target: join(client, clerk, lawyer, target))
        problem = assert_problem(response, 409, "OnePersonOneOrganization")
        assert problem["context"]["organization_id"] in (firm, uuid.UUID(firm).hex)

    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk))["organization_id"] == firm
    assert ok(client.get(f"/organizations/{second}", headers=clerk))["members"] == 0
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["members"] == 1


@pytest.mark.parametrize("closing", ["revocation", "deregistration"])
def test_a_closed_record_is_409_no_change_after_revocation_or_deregistration(
    client: TestClient, clerk: Headers, firm: str, rejected: Callable[..., Any], closing: str
) -> None:
    ok(client.post(f"/organizations/{firm}/{closing}", json=command(), headers=clerk))
    version = ok(client.get(f"/organizations/{firm}", headers=clerk))["version"]

    for method, path, body in [
        ("PATCH", "", command(name="改名")),
        ("POST", "/suspension", command(starts_on="2024-06-01", until="2024-07-01")),
        ("POST", "/reinstatement", command()),
        ("POST", "/revocation", command()),
    ]:
        response = rejected(
            lambda m=method, p=path, b=body: client.request(
                m, f"/organizations/{firm}{p}", json=b, headers=clerk
            )
        )
        assert_problem(response, 409, "NoChangeAfterRevocationOrDeregistration")
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["version"] == version


def test_a_deregistered_practitioner_is_409_even_for_deregistration(
    client: TestClient, clerk: Headers, lawyer: str, rejected: Callable[..., Any]
) -> None:
    ok(client.post(f"/practitioners/{lawyer}/deregistration", json=command(), headers=clerk))
    for path in ("deregistration", "departure", "revocation"):
        response = rejected(
            lambda p=path: client.post(
                f"/practitioners/{lawyer}/{p}", json=command(), headers=clerk
            )
        )
        assert_problem(response, 409, "NoChangeAfterRevocationOrDeregistration")


def test_deregistering_an_organization_with_members_is_409(
    client: TestClient, clerk: Headers, firm: str, lawyer: str, rejected: Callable[..., Any]
) -> None:
    ok(join(client, clerk, lawyer, firm))
    response = rejected(
        lambda: client.post(f"/organizations/{firm}/deregistration", json=command(), headers=clerk)
    )
    problem = assert_problem(response, 409, "DeregisterOnlyWithoutMembers")
    assert problem["context"]["members"] == 1
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["status"] == "active"


def test_joining_an_organization_of_the_wrong_kind_is_409(
    client: TestClient, clerk: Headers, lawyer: str, rejected: Callable[..., Any]
) -> None:
    office = created(
        client.post("/organizations", json=org_body("ERR-N1", kind="notary_office"), headers=clerk)
    )["id"]
    response = rejected(lambda: join(client, clerk, lawyer, office))
    assert_problem(response, 409, "PractitionerJoinsMatchingOrganizationKind")


def test_joining_a_revoked_organization_is_409_and_changes_neither_side(
    client: TestClient, clerk: Headers, firm: str, lawyer: str, rejected: Callable[..., Any]
) -> None:
    ok(client.post(f"/organizations/{firm}/revocation", json=command(), headers=clerk))
    response = rejected(lambda: join(client, clerk, lawyer, firm))
    assert_problem(response, 409, "JoinOnlyOpenOrganization")
    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk))["organization_id"] is None
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["members"] == 0


def test_suspension_rules_are_409(
    client: TestClient, clerk: Headers, lawyer: str, rejected: Callable[..., Any]
) -> None:
    url = f"/practitioners/{lawyer}"
    response = rejected(lambda: client.post(f"{url}/reinstatement", json=command(), headers=clerk))
    assert_problem(response, 409, "ReinstateOnlyWhenSuspended")
    suspend = command(starts_on="2024-12-01", until="2025-01-31")
    ok(client.post(f"{url}/suspension", json=suspend, headers=clerk))
    overlapping = command(starts_on="2025-01-15", until="2025-02-28")
    response = rejected(lambda: client.post(f"{url}/suspension", json=overlapping, headers=clerk))
    assert_problem(response, 409, "OneSuspensionAtATime")
    response = rejected(lambda: client.post(f"{url}/departure", json=command(), headers=clerk))
    assert_problem(response, 409, "LeaveOnlyWhenAffiliated")


def test_revoking_a_revoked_token_is_409(
    client: TestClient, token_for: TokenFor, rejected: Callable[..., Any]
) -> None:
    admin = token_for(Role.ADMIN)
    issued = ok(
        client.post("/tokens", json={"name": "x.y", "role": "clerk", "reason": "r"}, headers=admin),
        201,
    )
    url = f"/tokens/{issued['id']}/revocation"
    ok(client.post(url, json=command(), headers=admin))
    response = rejected(lambda: client.post(url, json=command(), headers=admin))
    assert_problem(response, 409, "TokenRevokedOnce")


def test_a_rejected_multi_entity_command_leaves_both_entities_unchanged(
    client: TestClient, clerk: Headers, firm: str, lawyer: str, rejected: Callable[..., Any]
) -> None:
    before = (
        ok(client.get(f"/practitioners/{lawyer}/history", headers=clerk)),
        ok(client.get(f"/organizations/{firm}/history", headers=clerk)),
    )
    ok(join(client, clerk, lawyer, firm))
    ok(client.post(f"/practitioners/{lawyer}/departure", json=command(), headers=clerk))
    ok(client.post(f"/organizations/{firm}/revocation", json=command(), headers=clerk))
    response = rejected(lambda: join(client, clerk, lawyer, firm))
    assert_problem(response, 409, "JoinOnlyOpenOrganization")
    after = (
        ok(client.get(f"/practitioners/{lawyer}/history", headers=clerk)),
        ok(client.get(f"/organizations/{firm}/history", headers=clerk)),
    )
    assert len(after[0]["events"]) == len(before[0]["events"]) + 2
    assert len(after[1]["events"]) == len(before[1]["events"]) + 3
