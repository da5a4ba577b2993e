"""Inspections over HTTP from plan to close, referral for sanction, and the overdue publications
and rectifications (a late publication is accepted and recorded as late)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import (
    assert_problem,
    command,
    ok,
)
from tests.api.inspections.inspections_api_support import (
    Setup,
)


def test_an_inspection_walks_from_plan_to_close_over_http(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    view = ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))
    assert view["status"] == "result_recorded"
    assert view["publication_due"] == "2024-10-23"  # 20 PRC working days after 2024-09-20
    assert view["publication_provisional"] is False
    assert view["checklist_version"] == 1
    assert view["appealable_on"] == "2024-09-20"
    party = next(i for i in view["items"] if i["item_id"] == "PB-01")
    assert party["category"] == "party_building" and party["finding"]["outcome"] == "pass"
    fee = next(i for i in view["items"] if i["item_id"] == "FF-01")
    assert fee["finding"] == {"outcome": "fail", "note": "未公示", "evidence": ["笔录-1"]}

    ok(
        setup.post(
            f"/inspections/{inspection}/rectification",
            command(
                "责令整改",
                due_on="2024-10-31",
                requirements="公示收费标准",
                effective_on="2024-09-23",
            ),
            setup.inspector,
        )
    )
    ok(
        setup.post(
            f"/inspections/{inspection}/publication", command("公示", effective_on="2024-10-08")
        )
    )
    ok(
        setup.post(
            f"/inspections/{inspection}/rectification/verification",
            command("复查", passed=True, effective_on="2024-10-30"),
            setup.inspector,
        )
    )
    ok(setup.post(f"/inspections/{inspection}/closing", command("结案", effective_on="2024-10-31")))

    view = ok(client.get(f"/inspections/{inspection}", headers=setup.clerk))
    assert view["status"] == "closed"
    assert view["follow_up"] == "rectification_verified"
    assert view["rectification"]["passed"] is True
    assert view["published_on"] == "2024-10-08" and view["published_late"] is False

    history = ok(client.get(f"/inspections/{inspection}/history", headers=setup.auditor))
    assert [e["event"] for e in history["events"]][-1] == "ledger.Inspection.Closed"
    listed = ok(
        client.get("/inspections", params={"subject_id": setup.firm}, headers=setup.auditor)
    )
    assert [i["id"] for i in listed["items"]] == [inspection]
    assert (
        ok(client.get("/inspections", params={"status": "planned"}, headers=setup.auditor))["items"]
        == []
    )


def test_referral_for_sanction_over_http(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    ok(
        setup.post(
            f"/inspections/{inspection}/referral",
            command("移送立案", effective_on="2024-09-25"),
            setup.inspector,
        )
    )
    view = ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))
    assert view["status"] == "referred_for_sanction"
    assert view["referral"] == {"referred_on": "2024-09-25", "case_id": None}


def test_overdue_lists_publications_and_rectifications(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    ok(
        setup.post(
            f"/inspections/{inspection}/rectification",
            command(
                "责令整改",
                due_on="2024-10-31",
                requirements="公示收费标准",
                effective_on="2024-09-23",
            ),
            setup.inspector,
        )
    )
    report = ok(
        client.get("/inspections/overdue", params={"as_of": "2024-11-04"}, headers=setup.auditor)
    )
    assert report["as_of"] == "2024-11-04"
    assert report["items"][0] == {
        "inspection_id": inspection,
        "subject_id": setup.firm,
        "kind": "annual",
        "what": "publication",
        "due_on": "2024-10-23",
        "provisional": False,
        "days_overdue": 12,
    }
    assert [(r["what"], r["due_on"], r["days_overdue"]) for r in report["items"][1:]] == [
        ("rectification", "2024-10-31", 4)
    ]
    # Late publication is accepted (an alert, not a block) and recorded as late.
    ok(
        setup.post(
            f"/inspections/{inspection}/publication", command("公示", effective_on="2024-11-04")
        )
    )
    assert (
        ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))["published_late"]
        is True
    )
    report = ok(
        client.get("/inspections/overdue", params={"as_of": "2024-11-04"}, headers=setup.auditor)
    )
    assert [r["what"] for r in report["items"]] == ["rectification"]
    assert_problem(
        client.get("/inspections/overdue", params={"as_of": "soon"}, headers=setup.auditor), 422
    )
