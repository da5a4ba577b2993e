"""Input that can never be valid is a 422 problem with field errors (`errors[].loc`), never a
500; and a rejected request writes nothing."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    error_locs,
    ok,
    org_body,
    person_body,
)

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    """Run on SQLite and PostgreSQL: atomic rejection is the store's job on both."""
    return any_services


# -- 422: input that can never be valid -----------------------------------------------------------


def test_missing_fields_are_422_with_each_field_located(
    client: TestClient, clerk: Headers, rejected: Callable[..., Any]
) -> None:
    response = rejected(lambda: client.post("/organizations", json={}, headers=clerk))
    locs = error_locs(assert_problem(response, 422))
    for field in ("kind", "number", "name", "reason"):
        assert ["body", field] in locs, locs
    assert ["body", "address"] not in locs  # optional


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "bank"),
        ("kind", None),
        ("number", ""),
        ("number", "   "),
        ("name", " \t "),
        ("number", "x" * 65),
        ("name", ""),
        ("name", 42),
        ("reason", ""),
        ("reason", "   "),
        ("reason", "长" * 2001),
        ("effective_on", "2024-02-30"),
        ("effective_on", "yesterday"),
        ("effective_on", 20240101),
        ("command_id", "has spaces"),
        ("command_id", ""),
        ("command_id", "x" * 201),
        ("address", "x" * 301),
    ],
)
def test_invalid_field_is_422_located_at_that_field(
    client: TestClient, clerk: Headers, rejected: Callable[..., Any], field: str, value: Any
) -> None:
    body = {**org_body("ERR-INVALID"), field: value}
    response = rejected(lambda: client.post("/organizations", json=body, headers=clerk))
    locs = error_locs(assert_problem(response, 422))
    assert locs and all(loc[:2] == ["body", field] for loc in locs), locs


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'"a string"', b"null", b""],
    ids=["malformed", "array", "string", "null", "empty"],
)
def test_a_body_that_is_not_a_json_object_is_422(
    client: TestClient, clerk: Headers, rejected: Callable[..., Any], content: bytes
) -> None:
    headers = {**clerk, "Content-Type": "application/json"}
    response = rejected(lambda: client.post("/organizations", content=content, headers=headers))
    assert_problem(response, 422)


def test_unknown_fields_are_422(
    client: TestClient, clerk: Headers, firm: str, rejected: Callable[..., Any]
) -> None:
    response = rejected(
        lambda: client.patch(f"/organizations/{firm}", json=command(colour="blue"), headers=clerk)
    )
    assert ["body", "colour"] in error_locs(assert_problem(response, 422))


def test_patch_setting_a_required_detail_to_null_is_422(
    client: TestClient, clerk: Headers, firm: str, rejected: Callable[..., Any]
) -> None:
    response = rejected(
        lambda: client.patch(f"/organizations/{firm}", json=command(name=None), headers=clerk)
    )
    problem = assert_problem(response, 422)
    assert any("name" in loc for loc in error_locs(problem)), problem
    assert (
        ok(client.get(f"/organizations/{firm}", headers=clerk))["name"]
        == org_body("ERR-F1")["name"]
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/organizations", org_body("ERR-FUT")),
        ("POST", "/practitioners", person_body("ERR-FUT")),
        ("PATCH", "/organizations/{firm}", command(name="未来")),
        ("POST", "/organizations/{firm}/suspension", command(starts_on="2025-01-01", until="2025-02-01")),
        ("POST", "/organizations/{firm}/revocation", command()),
        ("POST", "/practitioners/{lawyer}/affiliation", {"reason": "r", "organization_id": "{firm}"}),
    ],
)  # fmt: skip
def test_effective_on_in_the_future_is_422_effective_date_not_in_future(
    client: TestClient,
    clerk: Headers,
    firm: str,
    lawyer: str,
    rejected: Callable[..., Any],
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    url = path.format(firm=firm, lawyer=lawyer)
    sent = {k: v.format(firm=firm) if isinstance(v, str) else v for k, v in body.items()}
    sent["effective_on"] = "2025-01-01"  # TODAY is 2024-12-31 in Beijing
    response = rejected(lambda: client.request(method, url, json=sent, headers=clerk))
    problem = assert_problem(response, 422, "EffectiveDateNotInFuture")
    assert ["body", "effective_on"] in error_locs(problem)
    assert problem["context"]["today"] == "2024-12-31"


def test_effective_on_today_is_accepted(client: TestClient, clerk: Headers) -> None:
    created(
        client.post(
            "/organizations", json=org_body("ERR-TODAY", effective_on="2024-12-31"), headers=clerk
        )
    )


@pytest.mark.parametrize(
    ("starts_on", "until"), [("2024-07-01", "2024-07-01"), ("2024-07-01", "2024-06-30")]
)
def test_suspension_that_does_not_end_after_it_starts_is_422(
    client: TestClient,
    clerk: Headers,
    firm: str,
    rejected: Callable[..., Any],
    starts_on: str,
    until: str,
) -> None:
    body = command(starts_on=starts_on, until=until)
    response = rejected(
        lambda: client.post(f"/organizations/{firm}/suspension", json=body, headers=clerk)
    )
    problem = assert_problem(response, 422, "SuspensionEndsAfterItStarts")
    assert ["body", "until"] in error_locs(problem)
    assert ok(client.get(f"/organizations/{firm}", headers=clerk))["status"] == "active"


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        "!!!",
        "ü",
        _cursor("x:5"),
        _cursor("r:abc"),
        _cursor("r:"),
        _cursor("r:" + "9" * 30),  # forged: past any 64-bit position
        _cursor("r:-" + "9" * 30),
    ],
    ids=["short", "punctuation", "non-ascii", "other-prefix", "not-a-number", "empty",
         "huge", "huge-negative"],
)  # fmt: skip
def test_bad_cursor_is_422_located_at_the_cursor(
    client: TestClient, clerk: Headers, firm: str, cursor: str
) -> None:
    for url in (
        "/organizations",
        "/practitioners",
        "/inspectors",
        f"/organizations/{firm}/members",
    ):
        response = client.get(url, params={"cursor": cursor}, headers=clerk)
        problem = assert_problem(response, 422)
        assert ["query", "cursor"] in error_locs(problem), (url, problem)


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=many", "limit"),
        ("kind=bank", "kind"),
        ("status=sleeping", "status"),
        ("organization_id=nope", "organization_id"),
    ],
)
def test_bad_list_parameters_are_422(
    client: TestClient, clerk: Headers, query: str, loc: str
) -> None:
    url = "/practitioners" if loc == "organization_id" else "/organizations"
    problem = assert_problem(client.get(f"{url}?{query}", headers=clerk), 422)
    assert ["query", loc] in error_locs(problem)


def test_malformed_id_in_the_path_is_422(client: TestClient, clerk: Headers) -> None:
    problem = assert_problem(client.get("/organizations/not-a-uuid", headers=clerk), 422)
    assert ["path", "entity_id"] in error_locs(problem)
