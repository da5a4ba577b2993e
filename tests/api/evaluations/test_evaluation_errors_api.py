"""Evaluation requests that write nothing: rule violations (409, naming the rule), bad input
(422) and unknown ids (404). SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.services import Services
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
    error_locs,
    nothing_written,
    ok,
    register_org,
)

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
