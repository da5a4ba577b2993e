"""Every list route pages: `limit` and `cursor` in, `next_cursor` out, a stable order. Walked a
few items at a time, each list over the demo district (the layout_v1 fixture) gives exactly the
items of one big page, none twice; a cursor of another list, or none at all, is a 422 that names
`cursor` and writes nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem

CLOCK = date(2025, 1, 10)
# Lists whose items are not the ledger's records, or not open-ended: the problem catalogue
# (one entry per rule of the code), an office-by-office report, an export file, and the signed
# checkpoints, which page by tree size (`since`) as C2SP logs do.
NOT_PAGED = {
    "/problems",
    "/notarizations/backlog",
    "/subjects/{subject_id}/audit-trail/export",
    "/integrity/checkpoints",
}
# Record documents that carry an `items` field of their own (a checklist's, an inspection's).
DOCUMENTS = {"/checklists/{checklist_id}/versions/{number}", "/inspections/{inspection_id}"}


def list_routes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """GET routes without path parameters whose answer has an `items` array."""
    found = {}
    for path, item in spec["paths"].items():
        op = item.get("get")
        if op is None:
            continue
        schema = op["responses"]["200"]["content"].get("application/json", {}).get("schema", {})
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].split("/")[-1]]
        if "items" in schema.get("properties", {}):
            found[path] = op
    return found


def test_every_list_route_takes_a_cursor_and_answers_a_next_cursor(
    district: tuple[TestClient, dict[str, str]],
) -> None:
    client, _ = district
    spec = client.get("/openapi.json").json()
    routes = list_routes(spec)
    assert len(routes) >= 25
    for path, op in routes.items():
        if path in NOT_PAGED | DOCUMENTS:
            continue
        params = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        assert {"cursor", "limit"} <= params, path


# (path, query) of the lists walked, with filters where a list needs or shows them.
WALKS: list[tuple[str, dict[str, str]]] = [
    ("/complaints", {}),
    ("/complaints", {"stage": "rated"}),
    ("/complaints", {"received_from": "2024-01-01", "received_to": "2024-06-30"}),
    ("/complaints/overdue", {"as_of": "2024-12-31"}),
    ("/inspections", {}),
    ("/inspections", {"kind": "annual", "planned_from": "2024-04-01"}),
    ("/inspections/overdue", {"as_of": "2024-12-31"}),
    ("/checklists", {}),
    ("/evaluations", {}),
    ("/sanctions", {}),
    ("/sanctions/overdue", {"as_of": "2024-06-30"}),
    ("/appeals", {}),
    ("/notarizations", {}),
    ("/notarizations/missed-issuances", {"as_of": "2024-12-31"}),
    ("/notarizations/imported", {}),
    ("/notarizations/wrong-issuances", {}),
    ("/case-file-reviews", {}),
    ("/spot-checks", {}),
    ("/tokens", {}),
    ("/policies", {}),
    ("/organizations", {}),
    ("/practitioners", {"kind": "notary"}),
]


def walk(client: TestClient, headers: dict[str, str], path: str, query: dict[str, str],
         limit: int) -> list[str]:  # fmt: skip
    items: list[str] = []
    cursor = None
    for _ in range(2000):
        params = {**query, "limit": str(limit), **({"cursor": cursor} if cursor else {})}
        page = client.get(path, params=params, headers=headers)
        assert page.status_code == 200, (path, page.text)
        body = page.json()
        assert len(body["items"]) <= limit
        items += [json.dumps(i, sort_keys=True) for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{path}: the cursors never end")


@pytest.mark.parametrize(("path", "query"), WALKS, ids=[p + str(q) for p, q in WALKS])
def test_a_list_walked_page_by_page_is_the_list(
    district: tuple[TestClient, dict[str, str]], path: str, query: dict[str, str]
) -> None:
    client, headers = district
    whole = walk(client, headers, path, query, 500)
    assert whole, f"{path}: the demo district has nothing to list here"
    assert len(set(whole)) == len(whole)
    for limit in (1, 7):
        if limit == 1 and len(whole) > 300:
            continue  # a long list walked by 7 proves the same
        assert walk(client, headers, path, query, limit) == whole, (path, limit)


def test_a_cursor_of_another_list_or_none_at_all_is_refused(
    district: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = district
    complaints = client.get("/complaints", params={"limit": "1"}, headers=headers).json()
    inspections = client.get("/inspections", params={"limit": "1"}, headers=headers).json()
    for path, cursor in (
        ("/inspections", complaints["next_cursor"]),
        ("/complaints", inspections["next_cursor"]),
        ("/complaints/overdue", complaints["next_cursor"]),
        ("/complaints", "not-a-cursor"),
        ("/policies", "bm90LWEtY3Vyc29y"),
    ):
        response = client.get(path, params={"cursor": cursor}, headers=headers)
        problem = assert_problem(response, 422)
        assert "cursor" in json.dumps(problem), (path, problem)
    # A day's overdue list does not page another day's.
    first = client.get(
        "/complaints/overdue", params={"as_of": "2024-12-31", "limit": "1"}, headers=headers
    ).json()
    other_day = client.get(
        "/complaints/overdue",
        params={"as_of": "2024-12-30", "cursor": first["next_cursor"]},
        headers=headers,
    )
    assert_problem(other_day, 422)
