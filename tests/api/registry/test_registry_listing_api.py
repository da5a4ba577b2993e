"""Listing the registry through HTTP: filters, cursor pagination, members, read-your-writes.
Every test here runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from tests.api.helpers import (
    command,
    created,
    join,
    list_all,
    ok,
    org_body,
    register_org,
    register_person,
)

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


# -- listing --------------------------------------------------------------------------------------


def test_list_filters_by_kind_and_status(client: TestClient, clerk: Headers) -> None:
    firms = [register_org(client, clerk, f"KIND-F{i}") for i in range(3)]
    notaries = [register_org(client, clerk, f"KIND-N{i}", kind="notary_office") for i in range(2)]
    mediation = register_org(client, clerk, "KIND-M0", kind="mediation_committee")
    ok(client.post(f"/organizations/{firms[1]}/revocation", json=command(), headers=clerk))

    def ids(query: str) -> list[str]:
        return [o["id"] for o in ok(client.get(f"/organizations{query}", headers=clerk))["items"]]

    assert ids("?kind=law_firm") == firms
    assert ids("?kind=notary_office") == notaries
    assert ids("?kind=mediation_committee") == [mediation]
    assert ids("?kind=appraisal_institution") == []
    assert ids("?status=revoked") == [firms[1]]
    assert ids("?kind=law_firm&status=active") == [firms[0], firms[2]]
    assert ids("?kind=notary_office&status=revoked") == []
    assert ids("") == [*firms, *notaries, mediation]
    items = ok(client.get("/organizations?kind=notary_office", headers=clerk))["items"]
    assert {(i["entity"], i["kind"]) for i in items} == {("organization", "notary_office")}


def test_practitioners_list_filters_by_kind_and_organization(
    client: TestClient, clerk: Headers
) -> None:
    firm = register_org(client, clerk, "PF-1")
    office = register_org(client, clerk, "PF-2", kind="notary_office")
    lawyers = [register_person(client, clerk, f"PL-{i}") for i in range(2)]
    notary = register_person(client, clerk, "PN-1", kind="notary")
    ok(join(client, clerk, lawyers[1], firm))
    ok(join(client, clerk, notary, office))

    def ids(query: str) -> list[str]:
        return [p["id"] for p in ok(client.get(f"/practitioners{query}", headers=clerk))["items"]]

    assert ids("?kind=lawyer") == lawyers
    assert ids("?kind=notary") == [notary]
    assert ids(f"?organization_id={firm}") == [lawyers[1]]
    assert ids(f"?organization_id={office}&kind=lawyer") == []
    # Organizations are not practitioners, and the other way round.
    assert firm not in ids("")
    assert lawyers[0] not in [
        o["id"] for o in ok(client.get("/organizations", headers=clerk))["items"]
    ]


@pytest.mark.parametrize(("count", "limit"), [(7, 3), (6, 3), (3, 3), (1, 1), (5, 500)])
def test_cursor_pagination_returns_every_entry_once_in_registration_order(
    client: TestClient, clerk: Headers, count: int, limit: int
) -> None:
    expected = [register_org(client, clerk, f"PAGE-{i:02d}") for i in range(count)]
    # Practitioners are in another list: they must not leak into this one.
    register_person(client, clerk, "PAGE-P")

    pages = list_all(client, clerk, "/organizations", limit)

    seen = [entry for page in pages for entry in page]
    assert len(seen) == len(set(seen)), "an entry appeared twice"
    assert seen == expected
    assert all(len(page) == limit for page in pages[:-1])
    assert 1 <= len(pages[-1]) <= limit, "no empty trailing page"
    assert len(pages) == -(-count // limit)


def test_pagination_is_stable_while_entries_are_added(client: TestClient, clerk: Headers) -> None:
    first = [register_org(client, clerk, f"GROW-{i}") for i in range(4)]
    page = ok(client.get("/organizations", params={"limit": 2}, headers=clerk))
    assert [o["id"] for o in page["items"]] == first[:2]
    late = register_org(client, clerk, "GROW-late")
    rest = ok(
        client.get(
            "/organizations", params={"limit": 10, "cursor": page["next_cursor"]}, headers=clerk
        )
    )
    assert [o["id"] for o in rest["items"]] == [*first[2:], late]
    assert rest["next_cursor"] is None


def test_members_list_pages_with_a_cursor(client: TestClient, clerk: Headers) -> None:
    firm = register_org(client, clerk, "MEM-F")
    lawyers = [register_person(client, clerk, f"MEM-{i}") for i in range(5)]
    for lawyer in lawyers:
        ok(join(client, clerk, lawyer, firm))
    pages = list_all(client, clerk, f"/organizations/{firm}/members", 2)
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(i for p in pages for i in p) == sorted(lawyers)
    firm_entry = ok(client.get("/organizations", headers=clerk))["items"][0]
    assert firm_entry["members"] == 5


def test_list_reflects_a_write_immediately(client: TestClient, clerk: Headers) -> None:
    result = created(client.post("/organizations", json=org_body("RYW-1"), headers=clerk))
    page = ok(client.get("/organizations", headers=clerk))
    assert page["position"] >= result["position"]
    assert [o["id"] for o in page["items"]] == [result["id"]]
