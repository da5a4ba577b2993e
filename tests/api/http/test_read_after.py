"""Read-your-writes over HTTP: a command answers with its log position; a read over a stored view
with `?after=POSITION` reflects that write, or answers 503 with Retry-After (rule
ReadAfterPosition) when the view is behind and nobody brings it up in time. On SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import consistency
from api.services import Services
from projections.runner.loop import ProjectionLoop
from tests.api.helpers import (
    assert_problem,
    created,
    inspector_body,
    ok,
    org_body,
    person_body,
    register_org,
)

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def external(api_services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """LEDGER_PROJECTIONS=external with no `ledger project` running (yet), and a short wait."""
    monkeypatch.setattr(consistency, "WAIT_SECONDS", 0.3)
    api_services.runner.catch_up_all()  # tokens and fixtures are in the views already
    api_services.views_in_process = False
    yield api_services
    api_services.views_in_process = True


def _write(client: TestClient, clerk: Headers, path: str, body: dict[str, object]) -> int:
    position = created(client.post(path, json=body, headers=clerk))["position"]
    assert isinstance(position, int) and position > 0
    return position


WRITES = {
    "/organizations": ("/organizations", org_body("RA-F1")),
    "/practitioners": ("/practitioners", person_body("RA-L1")),
    "/inspectors": ("/inspectors", inspector_body("RA-I1")),
}


@pytest.mark.parametrize("listing", sorted(WRITES))
def test_a_read_after_a_write_reflects_it(client: TestClient, clerk: Headers, listing: str) -> None:
    path, body = WRITES[listing]
    response = client.post(path, json=body, headers=clerk)
    accepted = created(response)
    page = ok(client.get(listing, params={"after": accepted["position"]}, headers=clerk))
    assert page["position"] >= accepted["position"]
    assert str(accepted["id"]) in [item["id"] for item in page["items"]]


def test_members_read_after_a_join_reflect_it(client: TestClient, clerk: Headers) -> None:
    firm = register_org(client, clerk, "RA-F2")
    person = created(client.post("/practitioners", json=person_body("RA-L2"), headers=clerk))
    joined = ok(
        client.post(
            f"/practitioners/{person['id']}/affiliation",
            json={"reason": "加入", "organization_id": firm, "effective_on": "2024-04-01"},
            headers=clerk,
        )
    )
    page = ok(
        client.get(
            f"/organizations/{firm}/members", params={"after": joined["position"]}, headers=clerk
        )
    )
    assert [item["id"] for item in page["items"]] == [str(person["id"])]


def test_a_read_after_a_position_the_view_has_not_reached_answers_503_with_retry_after(
    client: TestClient, clerk: Headers, external: Services
) -> None:
    before = external.runner.position("registry")
    position = _write(client, clerk, "/organizations", org_body("RA-F3"))
    response = client.get("/organizations", params={"after": position}, headers=clerk)
    problem = assert_problem(response, 503, rule="ReadAfterPosition")
    assert response.headers["Retry-After"].isdigit()
    assert problem["context"] == {"view": "registry", "position": before, "after": position}
    # With views kept by `ledger project`, a request never writes them.
    assert external.runner.position("registry") == before


def test_without_after_an_external_view_answers_as_it_stands(
    client: TestClient, clerk: Headers, external: Services
) -> None:
    before = external.runner.position("registry")
    _write(client, clerk, "/organizations", org_body("RA-F4"))
    page = ok(client.get("/organizations", headers=clerk))
    assert page["position"] == before
    assert page["items"] == []


def test_once_the_runner_catches_up_the_read_answers(
    client: TestClient, clerk: Headers, external: Services
) -> None:
    position = _write(client, clerk, "/organizations", org_body("RA-F5"))
    assert (
        client.get("/organizations", params={"after": position}, headers=clerk).status_code == 503
    )
    external.runner.catch_up_all()  # what `ledger project` does
    page = ok(client.get("/organizations", params={"after": position}, headers=clerk))
    assert page["position"] >= position and len(page["items"]) == 1


def test_a_read_waits_for_a_running_runner_within_the_bound(
    client: TestClient, clerk: Headers, external: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(consistency, "WAIT_SECONDS", 10.0)
    loop = ProjectionLoop(external.runner, poll_seconds=0.2)
    loop.start()
    try:
        position = _write(client, clerk, "/organizations", org_body("RA-F6"))
        page = ok(client.get("/organizations", params={"after": position}, headers=clerk))
        assert page["position"] >= position and len(page["items"]) == 1
    finally:
        loop.stop_and_join()


@pytest.mark.parametrize("after", ["-1", "soon", "1.5"])
def test_after_is_a_log_position(client: TestClient, clerk: Headers, after: str) -> None:
    response = client.get("/organizations", params={"after": after}, headers=clerk)
    assert_problem(response, 422)
