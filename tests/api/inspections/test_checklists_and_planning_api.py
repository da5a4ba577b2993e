"""Checklists and planning over HTTP: checklist versions and their rules, planning rules, an id of
another kind as 404, and a retried plan answering the original."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.services import Services
from tests.api.helpers import (
    assert_problem,
    created,
    ok,
    register_org,
)
from tests.api.inspections.inspections_api_support import (
    Rejected,
    Setup,
    law_firm_checklist_body,
)


def test_checklists_over_http(setup: Setup, client: TestClient, rejected: Rejected) -> None:
    one = ok(client.get(f"/checklists/{setup.checklist}", headers=setup.auditor))
    assert one["kind"] == "law_firm" and one["latest_version"] == 1
    assert {i["category"] for i in one["versions"][0]["items"]} >= {"party_building", "fee_filing"}
    second = law_firm_checklist_body(title="修订版", effective_on="2024-06-01")
    second["items"] = second["items"][:-1]
    assert (
        created(client.post("/checklists", json=second, headers=setup.supervisor))["id"]
        == setup.checklist
    )
    version = ok(client.get(f"/checklists/{setup.checklist}/versions/1", headers=setup.auditor))
    assert len(version["items"]) == len(setup.items)
    assert_problem(
        client.get(f"/checklists/{setup.checklist}/versions/9", headers=setup.auditor), 404
    )
    listed = ok(client.get("/checklists", params={"kind": "law_firm"}, headers=setup.auditor))
    assert [c["latest_version"] for c in listed["items"]] == [2]
    assert (
        ok(client.get("/checklists", params={"kind": "notary_office"}, headers=setup.auditor))[
            "items"
        ]
        == []
    )
    history = ok(client.get(f"/checklists/{setup.checklist}/history", headers=setup.auditor))
    assert [e["event"] for e in history["events"]] == [
        "ledger.Checklist.Opened",
        "ledger.Checklist.Published",
        "ledger.Checklist.Published",
    ]

    repeated = law_firm_checklist_body(code="dup")
    repeated["items"] = [repeated["items"][0], repeated["items"][0]]
    response = rejected(lambda: client.post("/checklists", json=repeated, headers=setup.supervisor))
    assert_problem(response, 422, "ChecklistItemIdsUnique")
    bad = law_firm_checklist_body(code="bad")
    bad["items"][0]["category"] = "entertainment"
    assert_problem(
        rejected(lambda: client.post("/checklists", json=bad, headers=setup.supervisor)), 422
    )
    response = rejected(
        lambda: client.post("/checklists", json=law_firm_checklist_body(), headers=setup.clerk)
    )
    assert_problem(response, 403)


def test_planning_rules(setup: Setup, client: TestClient, rejected: Rejected) -> None:
    notary = register_org(client, setup.clerk, "NOTARY-IN-1", kind="notary_office")
    body = {
        "kind": "routine",
        "subject_id": notary,
        "checklist_id": setup.checklist,
        "reason": "检查",
    }
    response = rejected(lambda: client.post("/inspections", json=body, headers=setup.supervisor))
    assert_problem(response, 409, "ChecklistMatchesSubjectKind")
    complaint = {
        "kind": "complaint",
        "subject_id": setup.firm,
        "checklist_id": setup.checklist,
        "reason": "投诉",
    }
    response = rejected(
        lambda: client.post("/inspections", json=complaint, headers=setup.supervisor)
    )
    assert_problem(response, 422, "ComplaintInspectionCitesComplaint")
    without_party_building = law_firm_checklist_body(code="annual-lite")
    without_party_building["items"] = [
        i for i in without_party_building["items"] if i["category"] != "party_building"
    ]
    lite = created(
        client.post("/checklists", json=without_party_building, headers=setup.supervisor)
    )["id"]
    annual = {"kind": "annual", "subject_id": setup.firm, "checklist_id": lite, "reason": "年检"}
    response = rejected(lambda: client.post("/inspections", json=annual, headers=setup.supervisor))
    assert_problem(response, 409, "AnnualInspectionCoversRequiredCategories")
    unknown = {**annual, "subject_id": setup.checklist}
    assert_problem(
        rejected(lambda: client.post("/inspections", json=unknown, headers=setup.supervisor)), 404
    )


def test_an_id_of_another_kind_is_404(setup: Setup, client: TestClient) -> None:
    assert_problem(
        client.get(f"/inspections/{setup.checklist}", headers=setup.auditor), 404, "EntityExists"
    )
    assert_problem(
        client.get(f"/checklists/{setup.firm}", headers=setup.auditor), 404, "EntityExists"
    )
    assert_problem(client.get(f"/inspections/{setup.firm}/history", headers=setup.auditor), 404)


def test_a_retried_plan_answers_the_original(
    setup: Setup, client: TestClient, api_services: Services
) -> None:
    body = {
        "kind": "routine",
        "subject_id": setup.firm,
        "checklist_id": setup.checklist,
        "reason": "日常检查",
        "command_id": "plan-once",
    }
    first = created(client.post("/inspections", json=body, headers=setup.supervisor))
    count = api_services.db.event_count()
    again = created(client.post("/inspections", json=body, headers=setup.supervisor))
    assert again["id"] == first["id"] and again["replayed"] is True
    assert api_services.db.event_count() == count
