"""Integrity grading through HTTP: the supervisor's walk from evaluation to grade C, an objection
and a grade varied to B; the final grade is the municipal supervisor's. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.evaluations.evaluations_api_support import (
    DISTRICTS,
    Headers,
    graded_c,
    institution,
    open_evaluation,
    post,
    sheet,
)
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    nothing_written,
    ok,
)

# -- the supervisor's walk ---------------------------------------------------------------------


def test_supervisor_takes_an_institution_from_evaluation_to_c_objection_and_b(
    client: TestClient, clerk: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    subject = institution(client, clerk)
    evaluation = graded_c(client, clerk, supervisor, subject)
    auditor = token_for(Role.AUDITOR)

    record = ok(client.get(f"/evaluations/{evaluation}", headers=auditor))
    assert (record["result"], record["final_total"], record["initial_total"]) == ("C", "69", "69")
    assert record["evaluators"] == DISTRICTS
    assert record["thresholds"] == {"a": "90", "b": "75", "c": "60"}
    assert (record["policy_version"], record["stage"]) == ("2024.1", "final")
    assert record["effective_result"] is None

    ok(post(client, supervisor, evaluation, "publicity", reason="公示", effective_on="2024-04-02"))
    record = ok(client.get(f"/evaluations/{evaluation}", headers=auditor))
    assert (record["objection_deadline"], record["appealable_on"]) == ("2024-04-17", "2024-04-02")

    objection = created(
        client.post(
            "/appeals",
            json=command(
                "收到异议申请",
                kind="objection",
                target_kind="evaluation",
                target_id=evaluation,
                appellant="示例司法鉴定所（虚构）",
                grounds="第2项扣分依据不足",
                effective_on="2024-04-12",
            ),
            headers=supervisor,
        )
    )["id"]
    ok(
        client.post(
            f"/appeals/{objection}/acceptance",
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
    ok(client.post(f"/appeals/{objection}/decision", json=decision, headers=supervisor))

    record = ok(client.get(f"/evaluations/{evaluation}", headers=auditor))
    assert (record["result"], record["final_total"]) == ("B", "75")
    assert [(r["result"], r["by"], r["appeal_id"]) for r in record["results"]] == [
        ("C", "evaluation", None),
        ("B", "appeal", objection),
    ]
    ok(
        post(
            client,
            supervisor,
            evaluation,
            "effective",
            reason="异议期满",
            effective_on="2024-04-29",
        )
    )
    listed = ok(client.get("/evaluations", params={"subject_id": subject}, headers=auditor))
    assert [(e["id"], e["effective_result"]) for e in listed["items"]] == [(evaluation, "B")]

    # The institution's evaluation record: every step with actor, role, reason, effective date
    # and recorded time.
    timeline = ok(client.get(f"/evaluations/subjects/{subject}/history", headers=auditor))
    steps = [
        (e["event"].rsplit(".", 1)[1], e["actor"]["role"], e["reason"], e["effective_on"])
        for e in timeline["events"]
    ]
    assert steps == [
        ("Opened", "supervisor", "2023年度评价", "2024-03-01"),
        ("SelfAssessmentSubmitted", "clerk", "机构自评", "2024-03-08"),
        ("InitialScoresRecorded", "clerk", "区局初评", "2024-03-22"),
        ("FinalGradeRecorded", "supervisor", "市局终评", "2024-04-01"),
        ("Publicised", "supervisor", "公示", "2024-04-02"),
        ("VariedOnAppeal", "supervisor", "复核决定：第2项恢复计分", "2024-04-26"),
        ("PublicationWithdrawn", "supervisor", "复核决定：第2项恢复计分", "2024-04-26"),
        ("BecameEffective", "supervisor", "异议期满", "2024-04-29"),
    ]
    for entry in timeline["events"]:
        assert entry["evaluation_id"] == evaluation and entry["period"] == 2023
        assert entry["actor"]["principal_id"] and datetime.fromisoformat(entry["recorded_at"])
    positions = [e["position"] for e in timeline["events"]]
    assert positions == sorted(positions)
    varied = timeline["events"][5]["payload"]
    assert (varied["result"], varied["superseded"], varied["appeal_id"]) == ("B", "C", objection)
    assert timeline["events"][3]["payload"]["policy_version"] == "2024.1"

    history = ok(client.get(f"/evaluations/{evaluation}/history", headers=auditor))
    assert [e["event"] for e in history["events"]] == [e["event"] for e in timeline["events"]]


def test_final_grade_is_municipal_supervisor_or_admin_only(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    subject = institution(client, clerk)
    evaluation = open_evaluation(client, clerk, subject)
    ok(post(client, clerk, evaluation, "self-assessment", items=sheet(30, 20, 20)))
    ok(post(client, clerk, evaluation, "initial-scores", items=sheet(30, 20, 20)))
    with nothing_written(client, api_services):
        assert_problem(post(client, clerk, evaluation, "final-grade"), 403)
    ok(post(client, supervisor, evaluation, "final-grade", not_graded=True, reason="材料不实"))
    assert ok(client.get(f"/evaluations/{evaluation}", headers=clerk))["result"] == "not_graded"
