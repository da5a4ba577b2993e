"""Spot checks over HTTP, on SQLite and PostgreSQL: a supervisor plans, approves, freezes, draws,
verifies and publishes; the public reads answer without a token and show no one's conflicts;
rules answer 409 with their name and bad input 422, and neither writes anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.helpers import assert_problem, created, ok
from tests.integration.spot_check_support import District, build_district, new_secret


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def district(api_services: Services) -> District:
    return build_district(api_services.ledger)


@pytest.fixture
def people(token_for: TokenFor) -> dict[str, dict[str, str]]:
    return {
        "clerk": token_for(Role.CLERK),
        "a": token_for(Role.SUPERVISOR, "supervisor.a"),
        "b": token_for(Role.SUPERVISOR, "supervisor.b"),
        "auditor": token_for(Role.AUDITOR),
    }


def plan_body(district: District, **overrides: Any) -> dict[str, Any]:
    body = {
        "title": "2024年律师事务所双随机抽查",
        "year": 2024,
        "checklist_id": str(district.checklist),
        "quotas": [{"tier": "low", "ratio": "1"}, {"tier": "high", "count": 3}],
        "supervising_unit": "律师工作科",
        "reason": "年度抽查计划",
        "effective_on": "2024-06-03",
    }
    return {**body, **overrides}


def on(day: str = "2024-06-03", **fields: Any) -> dict[str, Any]:
    return {"reason": "测试", "effective_on": day, **fields}


def frozen(client: TestClient, district: District, people: dict[str, dict[str, str]]) -> tuple[str, str]:  # fmt: skip
    plan_id = created(client.post("/spot-checks", json=plan_body(district), headers=people["clerk"]))["id"]  # fmt: skip
    reveal, commitment = new_secret()
    ok(client.post(f"/spot-checks/{plan_id}/approval", json=on(seed_commitment=commitment), headers=people["b"]))  # fmt: skip
    ok(client.post(f"/spot-checks/{plan_id}/freeze", json=on(), headers=people["a"]))
    return plan_id, reveal


def test_a_supervisor_plans_approves_freezes_draws_verifies_and_publishes(
    client: TestClient, district: District, people: dict[str, dict[str, str]]
) -> None:
    plan_id, reveal = frozen(client, district, people)
    problem = assert_problem(
        client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal=reveal), headers=people["b"]),
        409,
        "SeedFromFirstCheckpointAfterFreeze",
    )
    assert "/integrity/checkpoints" in problem["detail"]
    ok(client.post("/integrity/checkpoints", json={"reason": "抽取前"}, headers=people["a"]), 201)
    ok(client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal=reveal), headers=people["b"]))

    public = ok(client.get(f"/spot-checks/{plan_id}"))  # no token: 一公开
    assert public["status"] == "drawn"
    (drawn,) = public["round_details"]
    assert drawn["reveal"] == reveal and drawn["checkpoint"]["note"]
    assert len(drawn["draws"]) == len(district.firms)
    assert ok(client.get(f"/spot-checks/{plan_id}/verification"))["identical"] is True

    # The inspectors of the first drawn target conclude it and the supervisor publishes it.
    first = drawn["draws"][0]
    inspection_id = first["inspection"]["inspection_id"]
    findings = [
        {"item_id": i, "outcome": "pass"}
        for i in (
            "PB-01",
            "PB-02",
            "BU-01",
            "BU-02",
            "CO-01",
            "CO-02",
            "IM-01",
            "IM-02",
            "FF-01",
            "FF-02",
        )
    ]
    inspectors = [i["id"] for i in first["inspectors"]]
    ok(client.post(f"/inspections/{inspection_id}/findings", headers=people["a"],
                   json=on("2024-06-10", findings=findings, inspector_ids=inspectors)))  # fmt: skip
    ok(client.post(f"/inspections/{inspection_id}/result", headers=people["a"],
                   json=on("2024-06-11", result="compliant", summary="未发现问题")))  # fmt: skip
    public = ok(client.get(f"/spot-checks/{plan_id}"))
    status = public["round_details"][0]["draws"][0]["inspection"]
    assert status["result"] is None, "a result is public once published"
    assert status["publication_due"] == "2024-07-09"  # 20 working days after 2024-06-11
    assert status["overdue"] is True  # the test clock says 2024-12-31
    ok(client.post(f"/inspections/{inspection_id}/publication", json=on("2024-06-12"), headers=people["a"]))  # fmt: skip
    status = ok(client.get(f"/spot-checks/{plan_id}"))["round_details"][0]["draws"][0]["inspection"]
    assert (status["result"], status["published_on"], status["overdue"]) == ("compliant", "2024-06-12", False)  # fmt: skip


def test_public_reads_answer_without_a_token_and_show_no_conflicts(
    client: TestClient, district: District, people: dict[str, dict[str, str]]
) -> None:
    plan_id, reveal = frozen(client, district, people)
    ok(client.post("/integrity/checkpoints", json={"reason": "抽取前"}, headers=people["a"]), 201)
    ok(client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal=reveal), headers=people["b"]))
    listed = ok(client.get("/spot-checks"))["items"]
    assert [p["id"] for p in listed] == [plan_id]
    text = client.get(f"/spot-checks/{plan_id}").text
    for private in ("conflicts", "previous_employers", "配偶", "clerk.test", "supervisor.a"):
        assert private not in text
    assert_problem(client.get(f"/spot-checks/{plan_id}/inputs"), 401)
    inputs = ok(client.get(f"/spot-checks/{plan_id}/inputs", headers=people["auditor"]))
    assert len(inputs["targets"]) == len(district.firms)
    assert any(i["conflicts"] for i in inputs["inspectors"])


def test_the_proposer_cannot_approve_and_the_void_needs_a_second_supervisor(
    client: TestClient,
    district: District,
    people: dict[str, dict[str, str]],
    rejected: Callable[..., Any],
) -> None:
    plan_id = created(client.post("/spot-checks", json=plan_body(district), headers=people["a"]))["id"]  # fmt: skip
    reveal, commitment = new_secret()
    approval = on(seed_commitment=commitment)
    response = rejected(lambda: client.post(f"/spot-checks/{plan_id}/approval", json=approval, headers=people["a"]))  # fmt: skip
    assert_problem(response, 409, "ProposerCannotApprove")
    ok(client.post(f"/spot-checks/{plan_id}/approval", json=approval, headers=people["b"]))
    ok(client.post(f"/spot-checks/{plan_id}/freeze", json=on(), headers=people["a"]))
    ok(client.post("/integrity/checkpoints", json={"reason": "抽取前"}, headers=people["a"]), 201)
    other, _ = new_secret()
    response = rejected(lambda: client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal=other), headers=people["b"]))  # fmt: skip
    assert_problem(response, 409, "RevealMatchesCommitment")
    ok(client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal=reveal), headers=people["b"]))

    draws = ok(client.get(f"/spot-checks/{plan_id}"))["round_details"][0]["draws"]
    target, leaving = draws[0]["target"]["id"], draws[0]["inspectors"][0]["id"]
    recusal = on(target_id=target, inspector_id=leaving, requested_by_party=True)
    ok(client.post(f"/spot-checks/{plan_id}/recusals", json=recusal, headers=people["a"]))
    assert ok(client.get(f"/spot-checks/{plan_id}/verification"))["identical"] is True

    ok(client.post(f"/spot-checks/{plan_id}/void-request", json=on(reason="漏登"), headers=people["a"]))  # fmt: skip
    _, fresh = new_secret()
    response = rejected(lambda: client.post(f"/spot-checks/{plan_id}/void", json=on(seed_commitment=fresh), headers=people["a"]))  # fmt: skip
    assert_problem(response, 409, "ProposerCannotApprove")
    ok(client.post(f"/spot-checks/{plan_id}/void", json=on(seed_commitment=fresh), headers=people["b"]))  # fmt: skip
    public = ok(client.get(f"/spot-checks/{plan_id}"))
    assert public["status"] == "approved" and public["round_details"][0]["voided"] is True
    assert {d["inspection"]["status"] for d in public["round_details"][0]["draws"]} == {"cancelled"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"per_target": 1}, "per_target"),
        ({"quotas": [{"tier": "extreme", "ratio": "0.5"}]}, "quotas"),
        ({"quotas": [{"tier": "low", "ratio": "1.5"}]}, "quotas"),
        ({"quotas": [{"tier": "low"}]}, "quotas"),
        ({"year": 1999}, "year"),
        ({"checklist_id": "not-a-uuid"}, "checklist_id"),
    ],
)
def test_a_bad_plan_is_422_and_writes_nothing(
    client: TestClient,
    district: District,
    people: dict[str, dict[str, str]],
    rejected: Callable[..., Any],
    overrides: dict[str, Any],
    field: str,
) -> None:
    response = rejected(
        lambda: client.post(
            "/spot-checks", json=plan_body(district, **overrides), headers=people["clerk"]
        )
    )
    problem = assert_problem(response, 422)
    assert any(field in [str(p) for p in e["loc"]] for e in problem["errors"]), problem


def test_a_bad_commitment_or_reveal_is_422_and_an_unknown_plan_404(
    client: TestClient,
    district: District,
    people: dict[str, dict[str, str]],
    rejected: Callable[..., Any],
) -> None:
    plan_id = created(client.post("/spot-checks", json=plan_body(district), headers=people["clerk"]))["id"]  # fmt: skip
    for body in (on(seed_commitment="ABC"), on(seed_commitment="g" * 64), on()):
        response = rejected(lambda b=body: client.post(f"/spot-checks/{plan_id}/approval", json=b, headers=people["b"]))  # fmt: skip
        assert_problem(response, 422)
    response = rejected(lambda: client.post(f"/spot-checks/{plan_id}/draw", json=on(reveal="xyz"), headers=people["b"]))  # fmt: skip
    assert_problem(response, 422)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_problem(client.get(f"/spot-checks/{unknown}"), 404)
    assert_problem(client.get(f"/spot-checks/{unknown}/verification"), 404)
    response = rejected(lambda: client.post(f"/spot-checks/{unknown}/freeze", json=on(), headers=people["a"]))  # fmt: skip
    assert_problem(response, 404)
