"""Metrics of a period come from the views' daily counters: over the demo district they equal
what the lists of the same records say, for any period, and the dashboard shows the same."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem

Headers = dict[str, str]
PERIODS = [("2024-01-01", "2024-12-31"), ("2023-01-01", "2023-12-31"), ("2024-03-01", "2024-05-31")]


def every(client: TestClient, headers: Headers, path: str) -> list[dict]:
    items, cursor = [], None
    while True:
        params = {"limit": "500", **({"cursor": cursor} if cursor else {})}
        body = client.get(path, params=params, headers=headers).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def within(day: str | None, start: str, end: str) -> bool:
    return day is not None and start <= day <= end


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_complaint_metrics_are_the_complaints_received_in_the_period(
    district: tuple[TestClient, Headers], start: str, end: str
) -> None:
    client, headers = district
    complaints = every(client, headers, "/complaints")
    mine = [c for c in complaints if within(c["received_on"], start, end)]
    a_year_before = [str(int(start[:4]) - 1) + start[4:], str(int(end[:4]) - 1) + end[4:]]
    before = [c for c in complaints if within(c["received_on"], *a_year_before)]
    m = client.get("/complaints/metrics", params={"start": start, "end": end}, headers=headers)
    m = m.json()
    assert m["received"] == len(mine) and m["previous_received"] == len(before)
    assert m["responded"] == sum(c["decided_on"] is not None for c in mine)
    assert m["resolved"] == sum(c["replied_on"] is not None for c in mine)
    assert m["rated"] == sum(c["rating"] is not None for c in mine)
    assert m["satisfied"] == sum(c["rating"] in ("satisfied", "basically") for c in mine)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_inspection_metrics_are_the_inspections_concluded_in_the_period(
    district: tuple[TestClient, Headers], start: str, end: str
) -> None:
    client, headers = district
    inspections = [i for i in every(client, headers, "/inspections") if i["status"] != "cancelled"]
    done = [i for i in inspections if within(i["concluded_on"], start, end)]
    m = client.get("/inspections/metrics", params={"start": start, "end": end}, headers=headers)
    m = m.json()
    assert m["done"] == len(done)
    assert m["by_kind"] == dict(Counter(i["kind"] for i in done))
    assert m["published"] == sum(within(i["published_on"], start, end) for i in inspections)
    annulled = {i["id"] for i in done if i["status"] == "annulled"}
    expected = Counter(i["result"] for i in done if i["id"] not in annulled and i["result"])
    assert m["by_result"] == dict(expected)


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_notarization_metrics_are_the_matters_of_the_period(
    district: tuple[TestClient, Headers], start: str, end: str
) -> None:
    client, headers = district
    matters = every(client, headers, "/notarizations")
    params = {"start": start, "end": end}
    m = client.get("/notarizations/metrics", params=params, headers=headers).json()
    assert m["applied"] == sum(within(x["applied_on"], start, end) for x in matters)
    assert m["accepted"] == sum(within(x["accepted_on"], start, end) for x in matters)
    assert m["issued"] == sum(within(x["issued_on"], start, end) for x in matters)
    assert m["assisted_applied"] == sum(
        within(x["applied_on"], start, end) and x["assisting_office_id"] is not None
        for x in matters
    )
    board = client.get("/dashboard", params=params, headers=headers).json()
    assert {k: board["notarizations"][k] for k in m if k in board["notarizations"]} == {
        k: v for k, v in m.items() if k in board["notarizations"]
    }


def test_a_period_that_ends_before_it_starts_is_refused(
    district: tuple[TestClient, Headers],
) -> None:
    client, headers = district
    for path in ("/complaints/metrics", "/inspections/metrics", "/notarizations/metrics"):
        response = client.get(
            path, params={"start": "2024-12-31", "end": "2024-01-01"}, headers=headers
        )
        assert_problem(response, 422)
