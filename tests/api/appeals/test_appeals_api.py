"""Appeals over HTTP: a late filing is a 409 naming the deadline and the dates and writes
nothing; the institution's own history shows its evaluation and the objection step by step."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.evaluations.evaluations_api_support import (
    graded_c,
    institution,
    post,
)
from tests.api.helpers import assert_problem, command, created, nothing_written, ok

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for(Role.SUPERVISOR, "supervisor.li")


def objection(evaluation: str, on: str) -> dict[str, object]:
    return command(
        "收到异议申请",
        kind="objection",
        target_kind="evaluation",
        target_id=evaluation,
        appellant="示例司法鉴定所（虚构）",
        grounds="第2项扣分依据不足",
        effective_on=on,
    )


def test_a_late_objection_is_409_naming_the_deadline_and_writes_nothing(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    subject = institution(client, clerk)
    evaluation = graded_c(client, clerk, supervisor, subject)
    ok(post(client, supervisor, evaluation, "publicity", reason="公示", effective_on="2024-04-02"))
    # Ten PRC working days from 2024-04-02 (Qingming: 4-4..4-6 off, Sunday 4-7 worked) is 4-17.
    with nothing_written(client, api_services):
        late = client.post("/appeals", json=objection(evaluation, "2024-04-18"), headers=clerk)
    problem = assert_problem(late, 409, "AppealFiledWithinWindow")
    assert problem["context"] == {
        "window_opened_on": "2024-04-02",
        "deadline": "2024-04-17",
        "filed_on": "2024-04-18",
    }
    assert "2024-04-17" in problem["detail"]

    with nothing_written(client, api_services):
        wrong = client.post(
            "/appeals",
            json={**objection(evaluation, "2024-04-10"), "kind": "litigation"},
            headers=clerk,
        )
    assert_problem(wrong, 409, "AppealKindFitsTarget")


def test_appeal_steps_in_order_over_http(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    subject = institution(client, clerk, "110000J0002")
    evaluation = graded_c(client, clerk, supervisor, subject)
    ok(post(client, supervisor, evaluation, "publicity", reason="公示", effective_on="2024-04-02"))
    appeal = created(
        client.post("/appeals", json=objection(evaluation, "2024-04-08"), headers=clerk)
    )
    decision = command(
        "复核", outcome="varied", new_result={"grade": "B"}, effective_on="2024-04-20"
    )
    with nothing_written(client, api_services):
        early = client.post(f"/appeals/{appeal['id']}/decision", json=decision, headers=supervisor)
    assert_problem(early, 409, "AppealStepsInOrder")
    forbidden = client.post(
        f"/appeals/{appeal['id']}/acceptance", json=command("受理"), headers=clerk
    )
    assert forbidden.status_code == 403


def test_the_institution_history_shows_grade_objection_and_variation(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    subject = institution(client, clerk, "110000J0003")
    evaluation = graded_c(client, clerk, supervisor, subject)
    ok(post(client, supervisor, evaluation, "publicity", reason="公示", effective_on="2024-04-02"))
    appeal = created(
        client.post("/appeals", json=objection(evaluation, "2024-04-12"), headers=clerk)
    )
    ok(
        client.post(
            f"/appeals/{appeal['id']}/acceptance",
            json=command("受理", effective_on="2024-04-15"),
            headers=supervisor,
        )
    )
    decision = command(
        "复核决定：第2项恢复计分",
        outcome="varied",
        new_result={"grade": "B", "total": "75"},
        effective_on="2024-04-26",
    )
    ok(client.post(f"/appeals/{appeal['id']}/decision", json=decision, headers=supervisor))
    assert ok(client.get(f"/evaluations/{evaluation}", headers=clerk))["result"] == "B"
    # Appeals against the evaluation: a list like every other, under `items`.
    listed = ok(client.get("/appeals", params={"target_id": evaluation}, headers=clerk))
    assert [a["id"] for a in listed["items"]] == [appeal["id"]]
    assert listed["items"][0]["status"] == "decided"

    history = ok(client.get(f"/organizations/{subject}/history", headers=clerk))["events"]
    steps = [(e["event"], e["actor"]["role"], e["reason"], e["effective_on"]) for e in history]
    assert steps[0][0] == "ledger.Organization.Registered"
    assert [s for s in steps if not s[0].startswith("ledger.Organization.")] == [
        ("ledger.Evaluation.Opened", "supervisor", "2023年度评价", "2024-03-01"),
        ("ledger.Evaluation.SelfAssessmentSubmitted", "clerk", "机构自评", "2024-03-08"),
        ("ledger.Evaluation.InitialScoresRecorded", "clerk", "区局初评", "2024-03-22"),
        ("ledger.Evaluation.FinalGradeRecorded", "supervisor", "市局终评", "2024-04-01"),
        ("ledger.Evaluation.Publicised", "supervisor", "公示", "2024-04-02"),
        ("ledger.Appeal.Filed", "clerk", "收到异议申请", "2024-04-12"),
        ("ledger.Appeal.Accepted", "supervisor", "受理", "2024-04-15"),
        # One transaction: the decision, then its consequences on the evaluation.
        ("ledger.Appeal.Decided", "supervisor", "复核决定：第2项恢复计分", "2024-04-26"),
        ("ledger.Evaluation.VariedOnAppeal", "supervisor", "复核决定：第2项恢复计分", "2024-04-26"),
        (
            "ledger.Evaluation.PublicationWithdrawn",
            "supervisor",
            "复核决定：第2项恢复计分",
            "2024-04-26",
        ),
    ]
    for entry in history:
        assert entry["actor"]["principal_id"] and datetime.fromisoformat(entry["recorded_at"])
        assert entry["entity_id"] in {subject, evaluation, appeal["id"]}
    positions = [e["position"] for e in history]
    assert positions == sorted(positions)
