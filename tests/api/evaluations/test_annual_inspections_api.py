"""The law firm annual inspection and the lawyer annual assessment through HTTP, with the
rectification cycle a proposed fail needs. SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.services import Services
from tests.api.evaluations.evaluations_api_support import (
    Headers,
    open_evaluation,
    post,
)
from tests.api.helpers import (
    assert_problem,
    nothing_written,
    ok,
    register_org,
    register_person,
)


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
