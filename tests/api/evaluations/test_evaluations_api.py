"""Evaluations through HTTP: the supervisor's walk from evaluation to grade C, an objection and
a grade varied to B; the law firm and lawyer flows; rule violations (409, naming the rule) and
bad input (422) that write nothing. Every test here runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    nothing_written,
    ok,
    register_org,
    register_person,
)

Headers = dict[str, str]
DISTRICTS = ["大兴区司法局", "丰台区司法局"]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for(Role.SUPERVISOR, "supervisor.li")


def sheet(*points: float) -> list[dict[str, Any]]:
    maxima = (40, 30, 30)
    return [
        {"item_id": str(i + 1), "max_points": mx, "points": p, "note": f"第{i + 1}项"}
        for i, (mx, p) in enumerate(zip(maxima, points, strict=True))
    ]


def institution(client: TestClient, clerk: Headers, number: str = "110000J0001") -> str:
    return register_org(
        client, clerk, number, kind="appraisal_institution", effective_on="2019-05-06"
    )


def open_evaluation(
    client: TestClient, headers: Headers, subject: str, kind: str = "integrity_grading", **kw: Any
) -> str:
    body = command(
        "2023年度评价",
        kind=kind,
        subject_id=subject,
        period=2023,
        evaluators=DISTRICTS[:1],
        effective_on="2024-03-01",
    )
    return str(created(client.post("/evaluations", json={**body, **kw}, headers=headers))["id"])


def post(client: TestClient, headers: Headers, evaluation: str, step: str, **body: Any) -> Any:
    return client.post(f"/evaluations/{evaluation}/{step}", json=command(**body), headers=headers)


def graded_c(client: TestClient, clerk: Headers, supervisor: Headers, subject: str) -> str:
    evaluation = open_evaluation(client, supervisor, subject, evaluators=DISTRICTS)
    ok(
        post(
            client,
            clerk,
            evaluation,
            "self-assessment",
            reason="机构自评",
            items=sheet(36, 28, 25),
            effective_on="2024-03-08",
        )
    )
    ok(
        post(
            client,
            clerk,
            evaluation,
            "initial-scores",
            reason="区局初评",
            items=sheet(30, 20, 19),
            effective_on="2024-03-22",
        )
    )
    ok(
        post(
            client,
            supervisor,
            evaluation,
            "final-grade",
            reason="市局终评",
            effective_on="2024-04-01",
        )
    )
    return evaluation


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


# -- rules (409) -------------------------------------------------------------------------------


def test_rule_violations_are_409_naming_the_rule_and_write_nothing(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    subject = institution(client, clerk)
    evaluation = open_evaluation(client, clerk, subject)
    with nothing_written(client, api_services):
        again = client.post(
            "/evaluations",
            json=command(
                kind="integrity_grading", subject_id=subject, period=2023, evaluators=DISTRICTS
            ),
            headers=clerk,
        )
        assert_problem(again, 409, "OneEvaluationPerSubjectKindPeriod")
        early = post(client, clerk, evaluation, "initial-scores", items=sheet(30, 20, 20))
        assert_problem(early, 409, "EvaluationStepOutOfOrder")
        wrong_kind = post(client, clerk, evaluation, "assessment", result="competent")
        assert_problem(wrong_kind, 409, "StepMatchesEvaluationKind")
        assert_problem(
            post(client, clerk, evaluation, "publicity"), 409, "EvaluationStepOutOfOrder"
        )

    evaluation = graded_c(client, clerk, supervisor, institution(client, clerk, "110000J0002"))
    ok(post(client, clerk, evaluation, "publicity", effective_on="2024-04-02"))
    with nothing_written(client, api_services):
        early = post(client, clerk, evaluation, "effective", effective_on="2024-04-17")
        body = assert_problem(early, 409, "ObjectionWindowMustPass")
        assert body["context"]["objection_deadline"] == "2024-04-17"


def test_proposed_fail_passes_only_through_rectification_over_http(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    """The defect: after a proposed fail, POST .../final-result {"result": "pass"} succeeded
    with no rectification cycle. Now it is a 409 that writes nothing; the way past it without
    the cycle is a supervisor's recorded correction of the proposal, which a clerk may not make."""
    firm = register_org(client, clerk, "31110000AF02", effective_on="2018-01-03")
    evaluation = open_evaluation(client, clerk, firm, kind="law_firm_annual")
    ok(post(client, clerk, evaluation, "result", result="fail", effective_on="2024-04-01"))
    with nothing_written(client, api_services):
        for who in (clerk, supervisor):
            final = post(
                client, who, evaluation, "final-result", result="pass", effective_on="2024-04-02"
            )
            assert_problem(final, 409, "ProposedFailPassesOnlyThroughRectification")
        by_clerk = post(
            client, clerk, evaluation, "proposal-correction", result="pass", reason="复核"
        )
        assert by_clerk.status_code == 403, by_clerk.text
        same = post(client, supervisor, evaluation, "proposal-correction", result="fail")
        assert_problem(same, 422, "ChangeChangesSomething")
    ok(
        post(
            client,
            supervisor,
            evaluation,
            "proposal-correction",
            result="pass",
            reason="初审计分错误，复核后合格",
            effective_on="2024-04-03",
        )
    )
    ok(post(client, clerk, evaluation, "final-result", result="pass", effective_on="2024-04-08"))
    history = ok(client.get(f"/evaluations/{evaluation}/history", headers=clerk))["events"]
    corrected = [e for e in history if e["event"] == "ledger.Evaluation.ProposedResultCorrected"]
    assert len(corrected) == 1 and corrected[0]["reason"] == "初审计分错误，复核后合格"
    assert corrected[0]["actor"]["role"] == "supervisor"
    assert corrected[0]["payload"]["previous"] == "fail"


def test_law_firm_annual_inspection_through_the_api(
    client: TestClient, clerk: Headers, supervisor: Headers, api_services: Services
) -> None:
    firm = register_org(client, clerk, "31110000AF01", effective_on="2018-01-03")
    evaluation = open_evaluation(client, clerk, firm, kind="law_firm_annual")
    with nothing_written(client, api_services):
        basic = post(client, clerk, evaluation, "result", result="basic_pass")
        assert_problem(basic, 409, "BasicPassOnlyWhenPolicyEnables")
    ok(post(client, clerk, evaluation, "result", result="fail", effective_on="2024-04-01"))
    with nothing_written(client, api_services):
        final = post(
            client, supervisor, evaluation, "final-result", result="fail", effective_on="2024-04-02"
        )
        assert_problem(final, 409, "RectificationBeforeFinalFail")
        past = post(
            client,
            clerk,
            evaluation,
            "rectification-notice",
            due_on="2024-04-01",
            effective_on="2024-04-08",
        )
        assert_problem(past, 422, "RectificationDueAfterOrder")
    ok(
        post(
            client,
            clerk,
            evaluation,
            "rectification-notice",
            reason="整改告知",
            due_on="2024-05-08",
            effective_on="2024-04-08",
        )
    )
    ok(
        post(
            client,
            clerk,
            evaluation,
            "resubmission",
            reason="提交整改材料",
            effective_on="2024-05-06",
        )
    )
    ok(
        post(
            client, supervisor, evaluation, "final-result", result="pass", effective_on="2024-05-20"
        )
    )
    ok(post(client, clerk, evaluation, "effective", effective_on="2024-05-21"))
    record = ok(client.get(f"/evaluations/{evaluation}", headers=clerk))
    assert (record["proposed_result"], record["effective_result"]) == ("fail", "pass")
    assert (record["rectification_due_on"], record["resubmitted_on"]) == (
        "2024-05-08",
        "2024-05-06",
    )
    listed = ok(
        client.get(
            "/evaluations", params={"kind": "law_firm_annual", "period": 2023}, headers=clerk
        )
    )
    assert [e["id"] for e in listed["items"]] == [evaluation]
    assert (
        ok(client.get("/evaluations", params={"kind": "lawyer_annual"}, headers=clerk))["items"]
        == []
    )


def test_lawyer_annual_assessment_through_the_api(client: TestClient, clerk: Headers) -> None:
    lawyer = register_person(client, clerk, "11101201810000001", effective_on="2018-01-03")
    evaluation = open_evaluation(client, clerk, lawyer, kind="lawyer_annual")
    ok(
        post(
            client, clerk, evaluation, "assessment", result="incompetent", effective_on="2024-06-03"
        )
    )
    ok(post(client, clerk, evaluation, "effective", effective_on="2024-06-04"))
    found = ok(
        client.get(
            "/evaluations",
            params={"subject_id": lawyer, "kind": "lawyer_annual", "period": 2023},
            headers=clerk,
        )
    )
    assert [(e["id"], e["effective_result"]) for e in found["items"]] == [
        (evaluation, "incompetent")
    ]


# -- bad input (422) and unknown ids (404) -----------------------------------------------------


def test_bad_input_is_422_and_writes_nothing(
    client: TestClient, clerk: Headers, api_services: Services
) -> None:
    subject = institution(client, clerk)
    firm = register_org(client, clerk, "31110000AF02")
    evaluation = open_evaluation(client, clerk, subject)

    def opening(**fields: Any) -> dict[str, Any]:
        body = command(
            kind="integrity_grading", subject_id=subject, period=2022, evaluators=DISTRICTS
        )
        return {**body, **fields}

    with nothing_written(client, api_services):
        this_year = client.post("/evaluations", json=opening(period=2024), headers=clerk)
        assert error_locs(assert_problem(this_year, 422, "EvaluatePriorPeriod")) == [
            ["body", "period"]
        ]
        wrong_subject = client.post("/evaluations", json=opening(subject_id=firm), headers=clerk)
        assert_problem(wrong_subject, 422, "EvaluationSubjectMatchesKind")
        same_twice = client.post(
            "/evaluations", json=opening(evaluators=[DISTRICTS[0]] * 2), headers=clerk
        )
        assert_problem(same_twice, 422, "OneOrTwoEvaluatingDistricts")
        for fields in (
            {"evaluators": [*DISTRICTS, "朝阳区司法局"]},
            {"evaluators": []},
            {"kind": "star_rating"},
            {"period": "last"},
        ):
            assert_problem(client.post("/evaluations", json=opening(**fields), headers=clerk), 422)
        over = post(client, clerk, evaluation, "self-assessment", items=sheet(41, 20, 20))
        assert_problem(over, 422, "ScoreWithinRange")
        short = post(client, clerk, evaluation, "self-assessment", items=sheet(30, 20, 20)[:2])
        assert_problem(short, 422, "ScoreSheetAddsUp")
        negative = post(client, clerk, evaluation, "self-assessment", items=sheet(-1, 20, 20))
        assert_problem(negative, 422)
        unknown_field = post(
            client, clerk, evaluation, "self-assessment", items=sheet(30, 20, 20), grade="A"
        )
        assert_problem(unknown_field, 422)
        unknown = client.post("/evaluations", json=opening(subject_id="0" * 32), headers=clerk)
        assert_problem(unknown, 404)


def test_unknown_evaluation_is_404(client: TestClient, clerk: Headers) -> None:
    missing = "5f0c1d52-3b8e-5b0a-9a57-6c0d2f4e8a10"
    assert_problem(client.get(f"/evaluations/{missing}", headers=clerk), 404, "EntityExists")
    assert_problem(client.get(f"/evaluations/{missing}/history", headers=clerk), 404)
    assert_problem(client.get(f"/evaluations/subjects/{missing}/history", headers=clerk), 404)
    assert_problem(post(client, clerk, missing, "publicity"), 404)
