"""The registry through HTTP: register, join, suspend, reinstate, revoke, deregister, change
details, and read the history (listing: test_registry_listing_api.py). Every test here runs on
SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    error_locs,
    join,
    log_position,
    nothing_written,
    ok,
    org_body,
    person_body,
    register_org,
    register_person,
)
from tests.conftest import TODAY

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


# -- registering ------------------------------------------------------------------------------


def test_registering_an_organization_answers_201_with_the_command_result(
    client: TestClient, clerk: Headers
) -> None:
    before = log_position(client)
    body = org_body("31110000EX0001", command_id="reg-31110000EX0001")
    result = created(client.post("/organizations", json=body, headers=clerk))

    assert result["version"] == 1
    assert result["replayed"] is False
    assert result["command_id"] == "reg-31110000EX0001"
    assert isinstance(result["position"], int) and result["position"] > before
    assert result["position"] == log_position(client)

    org = ok(client.get(f"/organizations/{result['id']}", headers=clerk))
    assert org["id"] == result["id"]
    assert (org["kind"], org["number"], org["name"]) == ("law_firm", "31110000EX0001", body["name"])
    assert (org["address"], org["head"]) == (body["address"], body["head"])
    assert (org["status"], org["recorded_status"]) == ("active", "active")
    assert org["suspension"] is None
    assert org["members"] == 0
    assert org["registered_on"] == "2024-03-01"
    assert org["version"] == 1


def test_command_without_effective_on_takes_effect_today(
    client: TestClient, clerk: Headers
) -> None:
    body = org_body("TODAY-1")
    del body["effective_on"]
    org = created(client.post("/organizations", json=body, headers=clerk))
    assert ok(client.get(f"/organizations/{org['id']}", headers=clerk))["registered_on"] == str(
        TODAY
    )


def test_generated_command_ids_differ_per_command(client: TestClient, clerk: Headers) -> None:
    first = created(client.post("/organizations", json=org_body("GEN-1"), headers=clerk))
    second = created(client.post("/organizations", json=org_body("GEN-2"), headers=clerk))
    assert first["command_id"] and second["command_id"]
    assert first["command_id"] != second["command_id"]


# -- the whole lifecycle ----------------------------------------------------------------------


def test_registry_lifecycle_from_registration_to_deregistration(
    client: TestClient, token_for: TokenFor
) -> None:
    clerk = token_for(Role.CLERK, "clerk.wang")
    supervisor = token_for(Role.SUPERVISOR, "supervisor.li")
    auditor = token_for(Role.AUDITOR)

    firm = register_org(client, clerk, "31110000LC0001")
    lawyer = register_person(client, clerk, "11101202410000001")

    joined = ok(join(client, clerk, lawyer, firm))
    assert (joined["id"], joined["version"]) == (lawyer, 2)
    person = ok(client.get(f"/practitioners/{lawyer}", headers=auditor))
    assert person["organization_id"] == firm
    assert (person["status"], person["kind"], person["version"]) == ("active", "lawyer", 2)
    assert ok(client.get(f"/organizations/{firm}", headers=auditor))["members"] == 1
    members = ok(client.get(f"/organizations/{firm}/members", headers=auditor))
    assert [m["id"] for m in members["items"]] == [lawyer]
    assert members["items"][0]["organization_id"] == firm

    # Suspended for a period covering today (inclusive end).
    suspend = command("京司罚〔2024〕3号", starts_on="2024-12-01", until=str(TODAY))
    ok(client.post(f"/practitioners/{lawyer}/suspension", json=suspend, headers=supervisor))
    person = ok(client.get(f"/practitioners/{lawyer}", headers=auditor))
    assert (person["status"], person["recorded_status"]) == ("suspended", "suspended")
    assert person["suspension"] == {"starts_on": "2024-12-01", "until": str(TODAY)}
    suspended = ok(client.get("/practitioners?status=suspended", headers=auditor))
    assert [p["id"] for p in suspended["items"]] == [lawyer]
    assert suspended["items"][0]["suspended_until"] == str(TODAY)

    ok(client.post(f"/practitioners/{lawyer}/reinstatement", json=command(), headers=supervisor))
    person = ok(client.get(f"/practitioners/{lawyer}", headers=auditor))
    assert (person["status"], person["suspension"]) == ("active", None)
    assert ok(client.get("/practitioners?status=suspended", headers=auditor))["items"] == []

    change = command("备案变更", specialties=["刑事", "行政"])
    ok(client.patch(f"/practitioners/{lawyer}", json=change, headers=clerk))
    person = ok(client.get(f"/practitioners/{lawyer}", headers=auditor))
    assert person["specialties"] == ["刑事", "行政"]
    assert person["name"] == person_body("11101202410000001")["name"]

    ok(client.post(f"/practitioners/{lawyer}/revocation", json=command("吊销"), headers=supervisor))
    assert ok(client.get(f"/practitioners/{lawyer}", headers=auditor))["status"] == "revoked"
    revoked = ok(client.get("/practitioners?status=revoked", headers=auditor))
    assert [p["id"] for p in revoked["items"]] == [lawyer]

    # A revoked lawyer's affiliation still ends when the record is deregistered.
    ok(client.post(f"/practitioners/{lawyer}/deregistration", json=command(), headers=clerk))
    person = ok(client.get(f"/practitioners/{lawyer}", headers=auditor))
    assert (person["status"], person["organization_id"]) == ("deregistered", None)
    assert ok(client.get(f"/organizations/{firm}", headers=auditor))["members"] == 0
    assert ok(client.get(f"/organizations/{firm}/members", headers=auditor))["items"] == []

    ok(client.post(f"/organizations/{firm}/deregistration", json=command(), headers=clerk))
    org = ok(client.get(f"/organizations/{firm}", headers=auditor))
    assert org["status"] == "deregistered"
    listed = ok(client.get("/organizations?status=deregistered", headers=auditor))
    assert [o["id"] for o in listed["items"]] == [firm]

    topics = [
        e["event"]
        for e in ok(client.get(f"/practitioners/{lawyer}/history", headers=auditor))["events"]
    ]
    assert topics == [
        "ledger.Practitioner.Registered",
        "ledger.Practitioner.Joined",
        "ledger.Practitioner.LicenceSuspended",
        "ledger.Practitioner.LicenceReinstated",
        "ledger.Practitioner.DetailsChanged",
        "ledger.Practitioner.LicenceRevoked",
        "ledger.Practitioner.Deregistered",
    ]
    org_topics = [
        e["event"]
        for e in ok(client.get(f"/organizations/{firm}/history", headers=auditor))["events"]
    ]
    assert org_topics == [
        "ledger.Organization.Registered",
        "ledger.Organization.MemberJoined",
        "ledger.Organization.MemberLeft",
        "ledger.Organization.Deregistered",
    ]


def test_leaving_an_organization_frees_the_person_to_join_another(
    client: TestClient, clerk: Headers
) -> None:
    first = register_org(client, clerk, "LEAVE-A")
    second = register_org(client, clerk, "LEAVE-B")
    lawyer = register_person(client, clerk, "LEAVE-P")
    ok(join(client, clerk, lawyer, first))
    ok(client.post(f"/practitioners/{lawyer}/departure", json=command("离所"), headers=clerk))
    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk))["organization_id"] is None
    assert ok(client.get(f"/organizations/{first}/members", headers=clerk))["items"] == []

    ok(join(client, clerk, lawyer, second))
    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk))["organization_id"] == second
    assert [
        m["id"] for m in ok(client.get(f"/organizations/{second}/members", headers=clerk))["items"]
    ] == [lawyer]


# -- suspension in force, by the fixed clock ----------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "until", "today_status"),
    [
        ("2024-12-01", "2025-03-01", "suspended"),  # covers today
        ("2024-12-31", "2025-01-31", "suspended"),  # starts today
        ("2024-11-01", "2024-12-31", "suspended"),  # ends today (inclusive)
        ("2024-06-01", "2024-06-30", "active"),  # ended before today
        ("2024-11-01", "2024-12-30", "active"),  # ended yesterday
        ("2025-01-01", "2025-02-01", "active"),  # decided now, in force from tomorrow
    ],
)
def test_organization_status_is_suspended_only_within_the_period(
    client: TestClient, clerk: Headers, starts_on: str, until: str, today_status: str
) -> None:
    org = register_org(client, clerk, "SUSP-1")
    body = command("停业整顿", starts_on=starts_on, until=until, effective_on="2024-05-20")
    ok(client.post(f"/organizations/{org}/suspension", json=body, headers=clerk))

    shown = ok(client.get(f"/organizations/{org}", headers=clerk))
    assert shown["status"] == today_status
    assert shown["recorded_status"] == "suspended"
    assert shown["suspension"] == {"starts_on": starts_on, "until": until}

    other = "suspended" if today_status == "active" else "active"
    in_status = ok(client.get(f"/organizations?status={today_status}", headers=clerk))["items"]
    assert [o["id"] for o in in_status] == [org]
    assert in_status[0]["status"] == today_status
    assert ok(client.get(f"/organizations?status={other}", headers=clerk))["items"] == []


def test_practitioner_whose_suspension_ended_is_active_and_listed_so(
    client: TestClient, clerk: Headers
) -> None:
    lawyer = register_person(client, clerk, "SUSP-P")
    body = command(
        "停止执业", starts_on="2024-06-01", until="2024-09-30", effective_on="2024-05-20"
    )
    ok(client.post(f"/practitioners/{lawyer}/suspension", json=body, headers=clerk))
    person = ok(client.get(f"/practitioners/{lawyer}", headers=clerk))
    assert (person["status"], person["recorded_status"]) == ("active", "suspended")
    active = ok(client.get("/practitioners?status=active", headers=clerk))["items"]
    assert [p["id"] for p in active] == [lawyer]


# -- changing details ---------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(client: TestClient, clerk: Headers) -> None:
    org = register_org(client, clerk, "PATCH-1")
    before = ok(client.get(f"/organizations/{org}", headers=clerk))
    result = ok(
        client.patch(
            f"/organizations/{org}",
            json=command("住所变更", address="北京市大兴区示例路2号"),
            headers=clerk,
        )
    )
    assert result["version"] == before["version"] + 1
    after = ok(client.get(f"/organizations/{org}", headers=clerk))
    assert after["address"] == "北京市大兴区示例路2号"
    assert (after["name"], after["head"]) == (before["name"], before["head"])
    assert after["version"] == result["version"]


def test_patch_with_explicit_null_clears_an_optional_field(
    client: TestClient, clerk: Headers
) -> None:
    org = register_org(client, clerk, "PATCH-2")
    ok(client.patch(f"/organizations/{org}", json=command(head=None), headers=clerk))
    after = ok(client.get(f"/organizations/{org}", headers=clerk))
    assert after["head"] is None
    assert after["address"] == org_body("PATCH-2")["address"]


def test_renaming_shows_in_the_list(client: TestClient, clerk: Headers) -> None:
    org = register_org(client, clerk, "PATCH-3")
    ok(client.patch(f"/organizations/{org}", json=command(name="新名称律师事务所"), headers=clerk))
    assert ok(client.get("/organizations", headers=clerk))["items"][0]["name"] == "新名称律师事务所"


# -- history --------------------------------------------------------------------------------------


def test_history_shows_each_event_with_the_actor_from_the_token(
    client: TestClient, token_for: TokenFor
) -> None:
    clerk = token_for(Role.CLERK, "clerk.wang")
    supervisor = token_for(Role.SUPERVISOR, "supervisor.li")
    firm = register_org(client, clerk, "HIST-F")
    registered = created(
        client.post(
            "/practitioners",
            json=person_body("HIST-P", reason="执业登记", effective_on="2024-03-15"),
            headers=clerk,
        )
    )
    lawyer = registered["id"]
    joined = ok(join(client, clerk, lawyer, firm, effective_on="2024-04-01"))
    suspend = command(
        "京司罚〔2024〕7号", starts_on="2024-10-01", until="2024-10-31", effective_on="2024-09-20"
    )
    suspended = ok(
        client.post(f"/practitioners/{lawyer}/suspension", json=suspend, headers=supervisor)
    )

    history = ok(client.get(f"/practitioners/{lawyer}/history", headers=token_for(Role.AUDITOR)))
    assert history["id"] == lawyer
    events = history["events"]
    assert [e["event"] for e in events] == [
        "ledger.Practitioner.Registered",
        "ledger.Practitioner.Joined",
        "ledger.Practitioner.LicenceSuspended",
    ]
    assert [e["version"] for e in events] == [1, 2, 3]
    assert [e["actor"] for e in events] == [
        {"principal_id": "clerk.wang", "role": "clerk"},
        {"principal_id": "clerk.wang", "role": "clerk"},
        {"principal_id": "supervisor.li", "role": "supervisor"},
    ]
    assert [e["reason"] for e in events] == ["执业登记", "加入", "京司罚〔2024〕7号"]
    assert [e["effective_on"] for e in events] == ["2024-03-15", "2024-04-01", "2024-09-20"]
    assert [e["command_id"] for e in events] == [
        registered["command_id"],
        joined["command_id"],
        suspended["command_id"],
    ]
    # Each event's log position is within the command that wrote it.
    positions = [e["position"] for e in events]
    assert positions == sorted(positions) and len(set(positions)) == 3
    assert positions[0] <= registered["position"] < positions[1] <= joined["position"]
    assert joined["position"] < positions[2] <= suspended["position"]
    for entry in events:
        recorded = datetime.fromisoformat(entry["recorded_at"].replace("Z", "+00:00"))
        assert recorded.utcoffset() is not None and recorded.utcoffset().total_seconds() == 0
    recorded_times = [e["recorded_at"] for e in events]
    assert recorded_times == sorted(recorded_times)

    registered_payload = events[0]["payload"]
    assert registered_payload["kind"] == "lawyer"
    assert registered_payload["number"] == "HIST-P"
    assert registered_payload["details"]["name"] == person_body("HIST-P")["name"]
    assert events[1]["payload"] == {"organization_id": firm}
    assert events[2]["payload"]["period"] == {"starts_on": "2024-10-01", "until": "2024-10-31"}
    for entry in events:
        assert "meta" not in entry["payload"] and "actor" not in entry["payload"]


def test_actor_in_the_body_is_rejected_and_never_recorded(
    client: TestClient, token_for: TokenFor, api_services: Services
) -> None:
    clerk = token_for(Role.CLERK, "clerk.wang")
    org = register_org(client, clerk, "ACTOR-1")
    forged = {"principal_id": "admin.boss", "role": "admin"}

    with nothing_written(client, api_services):
        for method, url, body in [
            ("POST", "/organizations", org_body("ACTOR-2", actor=forged)),
            ("PATCH", f"/organizations/{org}", command(name="改名", actor=forged)),
            ("POST", f"/organizations/{org}/revocation", command(actor=forged)),
            ("POST", f"/organizations/{org}/suspension",
             command(starts_on="2024-06-01", until="2024-07-01", actor=forged)),
        ]:  # fmt: skip
            response = client.request(method, url, json=body, headers=clerk)
            problem = assert_problem(response, 422)
            assert ["body", "actor"] in error_locs(problem), problem

    history = ok(client.get(f"/organizations/{org}/history", headers=clerk))
    assert [e["actor"] for e in history["events"]] == [
        {"principal_id": "clerk.wang", "role": "clerk"}
    ]
    shown = ok(client.get(f"/organizations/{org}", headers=clerk))
    assert (shown["status"], shown["version"]) == ("active", 1)
