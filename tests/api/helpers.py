"""Helpers shared by the API tests: request bodies, problem assertions, the route walk."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

from api.services import Services
from domain.core.values import Role

PROBLEM_JSON = "application/problem+json"
ROLES = tuple(r.value for r in Role)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REGISTRY_PREFIXES = ("/organizations", "/practitioners", "/inspectors")

# -- request bodies -----------------------------------------------------------------------------


def org_body(number: str, kind: str = "law_firm", **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "number": number,
        "name": f"北京测试{number}事务所",
        "address": "北京市大兴区测试路1号",
        "head": "张测试",
        "reason": "设立登记",
        "effective_on": "2024-03-01",
    }
    return {**body, **overrides}


def person_body(number: str, kind: str = "lawyer", **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "number": number,
        "name": f"李{number}",
        "specialties": ["民商事"],
        "reason": "执业登记",
        "effective_on": "2024-03-15",
    }
    return {**body, **overrides}


def inspector_body(number: str, **overrides: Any) -> dict[str, Any]:
    body = {"number": number, "name": "王测试", "unit": "律师工作科", "reason": "执法证备案"}
    return {**body, **overrides}


def command(reason: str = "测试", **fields: Any) -> dict[str, Any]:
    return {"reason": reason, **fields}


# -- requests -----------------------------------------------------------------------------------


def register_org(client: TestClient, headers: dict[str, str], number: str, **kw: Any) -> str:
    """Register an organization; its id."""
    response = client.post("/organizations", json=org_body(number, **kw), headers=headers)
    return str(created(response)["id"])


def register_person(client: TestClient, headers: dict[str, str], number: str, **kw: Any) -> str:
    """Register a practitioner; its id."""
    response = client.post("/practitioners", json=person_body(number, **kw), headers=headers)
    return str(created(response)["id"])


def join(
    client: TestClient, headers: dict[str, str], person: str, org: str, **fields: Any
) -> Response:
    body = command("加入", organization_id=org, **fields)
    return client.post(f"/practitioners/{person}/affiliation", json=body, headers=headers)


def list_all(client: TestClient, headers: dict[str, str], url: str, limit: int) -> list[list[str]]:
    """Follow next_cursor until it is None; the ids, page by page."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        page = ok(client.get(url, params=params, headers=headers))
        pages.append([item["id"] for item in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 100, "pagination does not end"


# -- responses ----------------------------------------------------------------------------------


def ok(response: Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def created(response: Response) -> dict[str, Any]:
    """A command accepted with 201: the CommandAccepted body."""
    body: dict[str, Any] = ok(response, 201)
    assert set(body) >= {"id", "version", "position", "command_id", "replayed"}, body
    return body


def assert_problem(response: Response, status: int, rule: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status` (and naming `rule`, if given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status, body
    assert body["type"] and body["title"] and body["detail"], body
    if rule is not None:
        assert body.get("rule") == rule, body
        assert body["type"].endswith("/" + rule), body
    return body


def error_locs(problem: dict[str, Any]) -> list[list[str]]:
    errors = problem.get("errors")
    assert isinstance(errors, list) and errors, problem
    for error in errors:
        assert error["loc"] and error["msg"] and error["type"], error
    return [list(e["loc"]) for e in errors]


def log_position(client: TestClient) -> int:
    return int(ok(client.get("/health"))["log_position"])


@contextmanager
def nothing_written(client: TestClient, services: Services) -> Iterator[None]:
    """The block writes no event: neither the stored count nor the log head moves."""
    count, head = services.db.event_count(), log_position(client)
    yield
    assert services.db.event_count() == count, "a rejected request wrote events"
    assert log_position(client) == head, "a rejected request moved the log head"


# -- the route walk -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    extra: dict[str, Any]

    @property
    def roles(self) -> tuple[str, ...] | None:
        roles = self.extra.get("x-roles")
        return tuple(roles) if roles is not None else None

    @property
    def public(self) -> bool:
        return self.extra.get("x-public") is True

    @property
    def writes(self) -> bool:
        return self.method in WRITE_METHODS

    def url(self) -> str:
        """The path with every parameter filled by a fresh uuid4 (an entity that is not there)."""
        return re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _api_routes(app: FastAPI) -> Iterator[tuple[APIRoute, str]]:
    """Every APIRoute with its full path. FastAPI >= 0.16x keeps included routers as wrappers
    in `app.routes`; `iter_route_contexts` flattens them (prefix applied)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        for route in app.routes:
            if isinstance(route, APIRoute):
                yield route, route.path
        return
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            assert context.path is not None
            yield context.original_route, context.path


def route_specs(app: FastAPI) -> list[RouteSpec]:
    specs = []
    for route, path in _api_routes(app):
        for method in sorted(route.methods):
            specs.append(RouteSpec(method, path, dict(route.openapi_extra or {})))
    return specs
