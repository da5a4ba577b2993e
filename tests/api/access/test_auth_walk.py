"""Every route says who may call it, and the app enforces exactly that.

The walk is generated from the app's own routes, so a route added later is covered without
editing this file: it must declare `x-roles` or `x-public`, refuse anonymous callers with 401 and
every role it does not name with 403.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.services import Services, open_services
from domain.core.values import Role
from tests.api.conftest import TokenFor, make_token_for
from tests.api.helpers import (
    REGISTRY_PREFIXES,
    ROLES,
    RouteSpec,
    assert_problem,
    nothing_written,
    ok,
    org_body,
    route_specs,
)
from tests.conftest import fixed_clock, sqlite_memory_url


@pytest.fixture(scope="module")
def api_services() -> Iterator[Services]:
    """One database for the whole walk: its requests are refused, so they write nothing (each
    test checks that), and building a database per route made the walk the slowest suite."""
    built = open_services(sqlite_memory_url(), clock=fixed_clock)
    yield built
    built.close()


@pytest.fixture(scope="module")
def client(api_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services=api_services)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def token_for(api_services: Services) -> TokenFor:
    return make_token_for(api_services)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`route`: every route; `protected`: every route that needs a token; `public_route`: the
    others. Built from a fresh app at collection, so new routes join the walk by themselves."""
    specs = route_specs(create_app())
    for name, chosen in (
        ("route", specs),
        ("protected", [s for s in specs if not s.public]),
        ("public_route", [s for s in specs if s.public]),
    ):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, chosen, ids=[str(s) for s in chosen])


@pytest.fixture
def specs(client: TestClient) -> list[RouteSpec]:
    found = route_specs(client.app)  # type: ignore[arg-type]
    assert found, "the walk found no routes"
    return found


def test_the_walk_covers_every_documented_operation(
    client: TestClient, specs: list[RouteSpec]
) -> None:
    documented = {
        (method.upper(), path)
        for path, operations in ok(client.get("/openapi.json"))["paths"].items()
        for method in operations
    }
    walked = {(s.method, s.path) for s in specs}
    assert len(documented) > 20
    assert documented <= walked, documented - walked


def test_route_declares_exactly_one_of_roles_or_public(route: RouteSpec) -> None:
    assert (route.roles is not None) != route.public, route.extra
    if route.roles is not None:
        assert route.roles, "x-roles must name at least one role"
        assert set(route.roles) <= set(ROLES), route.roles
        assert len(set(route.roles)) == len(route.roles)


def test_route_without_token_is_401(
    client: TestClient, api_services: Services, protected: RouteSpec
) -> None:
    with nothing_written(client, api_services):
        response = client.request(protected.method, protected.url(), json={})
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].lower().startswith("bearer")


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer clg_not-a-token-anyone-issued",
        "Bearer ",
        "Basic Y2xlcmsudGVzdDpzZWNyZXQ=",
        "clg_no-scheme-at-all",
    ],
    ids=["garbage-bearer", "empty-bearer", "basic", "no-scheme"],
)
def test_route_with_garbage_credentials_is_401(
    client: TestClient, protected: RouteSpec, authorization: str
) -> None:
    response = client.request(
        protected.method, protected.url(), json={}, headers={"Authorization": authorization}
    )
    assert_problem(response, 401)
    assert "www-authenticate" in response.headers


def test_route_refuses_every_role_it_does_not_declare_with_403(
    client: TestClient, token_for: TokenFor, api_services: Services, protected: RouteSpec
) -> None:
    assert protected.roles is not None
    headers = {role: token_for(role) for role in ROLES}
    with nothing_written(client, api_services):
        for role in ROLES:
            response = client.request(
                protected.method, protected.url(), json={}, headers=headers[role]
            )
            if role in protected.roles:
                # Past the guard: an empty body or an unknown id, never an auth failure.
                assert response.status_code not in (401, 403), (role, response.text)
            else:
                body = assert_problem(response, 403)
                assert role in body["detail"], body


def test_public_route_answers_without_a_token(
    public_route: RouteSpec, api_services: Services
) -> None:
    assert public_route.method == "GET", "public callers only read"
    app = create_app(services=api_services)
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        response = anonymous.request(public_route.method, public_route.url())
    assert response.status_code not in (401, 403), response.text
    assert response.status_code < 500, response.text


# -- the role policy --------------------------------------------------------------------------


def test_auditor_is_read_only_everywhere(specs: list[RouteSpec]) -> None:
    writes = [s for s in specs if s.writes]
    assert writes
    offending = [str(s) for s in writes if Role.AUDITOR.value in (s.roles or ())]
    assert offending == []


def test_no_write_route_is_public(specs: list[RouteSpec]) -> None:
    assert [str(s) for s in specs if s.writes and s.public] == []


def test_registry_writes_allow_exactly_clerk_supervisor_admin(specs: list[RouteSpec]) -> None:
    registry_writes = [s for s in specs if s.writes and s.path.startswith(REGISTRY_PREFIXES)]
    assert len(registry_writes) >= 15
    for spec in registry_writes:
        assert set(spec.roles or ()) == {"clerk", "supervisor", "admin"}, str(spec)


def test_token_management_is_admin_only(specs: list[RouteSpec]) -> None:
    token_routes = [s for s in specs if s.path.startswith("/tokens")]
    assert {s.method for s in token_routes} >= {"GET", "POST"}
    for spec in token_routes:
        assert spec.roles == ("admin",), str(spec)


def test_health_is_public(client: TestClient, specs: list[RouteSpec]) -> None:
    health = [s for s in specs if s.path == "/health"]
    assert health and all(s.public for s in health)
    body = ok(client.get("/health"))
    assert body["status"] == "ok"
    assert isinstance(body["log_position"], int)


# -- tokens in use ------------------------------------------------------------------------------


def test_token_acts_as_its_principal_and_role(client: TestClient, token_for: TokenFor) -> None:
    me = ok(client.get("/me", headers=token_for(Role.SUPERVISOR, "supervisor.li")))
    assert me == {"principal_id": "supervisor.li", "role": "supervisor"}


def test_revoked_token_is_401(client: TestClient, token_for: TokenFor) -> None:
    admin = token_for(Role.ADMIN)
    issued = ok(
        client.post(
            "/tokens",
            json={"name": "clerk.leaving", "role": "clerk", "reason": "新入职"},
            headers=admin,
        ),
        201,
    )
    assert issued["token"] and issued["replayed"] is False
    leaving = {"Authorization": f"Bearer {issued['token']}"}
    assert ok(client.get("/me", headers=leaving))["principal_id"] == "clerk.leaving"

    ok(client.post(f"/tokens/{issued['id']}/revocation", json={"reason": "离职"}, headers=admin))

    response = client.get("/me", headers=leaving)
    assert_problem(response, 401)
    assert "www-authenticate" in response.headers
    write = client.post("/organizations", json=org_body("REVOKED-1"), headers=leaving)
    assert_problem(write, 401)
    listed = {t["name"]: t for t in ok(client.get("/tokens", headers=admin))["items"]}
    assert listed["clerk.leaving"]["revoked"] is True
    # Other tokens are untouched by one revocation.
    assert ok(client.get("/me", headers=admin))["role"] == "admin"


def test_token_secret_is_shown_once_and_only_its_hash_is_listed(
    client: TestClient, token_for: TokenFor
) -> None:
    admin = token_for(Role.ADMIN)
    body = {"name": "auditor.zhao", "role": "auditor", "reason": "审计", "command_id": "tok-1"}
    first = ok(client.post("/tokens", json=body, headers=admin), 201)
    again = ok(client.post("/tokens", json=body, headers=admin), 201)
    assert first["token"] and again["token"] is None
    assert again["id"] == first["id"] and again["replayed"] is True
    listing = client.get("/tokens", headers=admin)
    assert first["token"] not in listing.text


def test_unknown_path_and_wrong_method_are_problems_too(client: TestClient) -> None:
    assert_problem(client.get("/no-such-resource"), 404)
    response = client.delete("/organizations")
    assert_problem(response, 405)
    assert response.headers["allow"]
