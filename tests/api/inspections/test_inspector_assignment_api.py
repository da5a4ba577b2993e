"""Inspector assignment over HTTP: at least two inspectors and conflicted inspectors stepping aside
as 409 problems naming the rule, nothing written when refused, and recusal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.helpers import (
    assert_problem,
    command,
    ok,
)
from tests.api.inspections.inspections_api_support import (
    Rejected,
    Setup,
)


def test_at_least_two_inspectors_is_409_and_writes_nothing(
    setup: Setup, rejected: Rejected
) -> None:
    inspection = setup.plan()
    response = rejected(
        lambda: setup.post(
            f"/inspections/{inspection}/inspectors", command("指派", inspector_ids=setup.staff[:1])
        )
    )
    body = assert_problem(response, 409, "AtLeastTwoInspectors")
    assert body["context"] == {"required": 2, "present": 1}


def test_conflicted_inspector_steps_aside_is_409(
    setup: Setup, client: TestClient, rejected: Rejected
) -> None:
    inspection = setup.plan()
    same_unit = setup.staff[3]
    response = rejected(
        lambda: setup.post(
            f"/inspections/{inspection}/inspectors",
            command("指派", inspector_ids=[setup.staff[0], same_unit]),
        )
    )
    assert_problem(response, 409, "ConflictedInspectorStepsAside")

    declared, former = setup.staff[1], setup.staff[2]
    ok(
        client.post(
            f"/inspectors/{declared}/conflicts",
            json=command("本人申报", subject_id=setup.firm, conflict="配偶在该所执业"),
            headers=setup.clerk,
        )
    )
    ok(
        client.post(
            f"/inspectors/{former}/previous-employment",
            json=command("入职前任职", organization_id=setup.firm),
            headers=setup.clerk,
        )
    )
    for conflicted in (declared, former):
        response = rejected(
            lambda conflicted=conflicted: setup.post(
                f"/inspections/{inspection}/inspectors",
                command("指派", inspector_ids=[setup.staff[0], conflicted]),
            )
        )
        assert_problem(response, 409, "ConflictedInspectorStepsAside")
    history = ok(client.get(f"/inspectors/{declared}/history", headers=setup.auditor))
    assert history["events"][-1]["event"] == "ledger.Inspector.ConflictDeclared"
    again = rejected(
        lambda: client.post(
            f"/inspectors/{former}/previous-employment",
            json=command("重复", organization_id=setup.firm),
            headers=setup.clerk,
        )
    )
    assert_problem(again, 422, "ChangeChangesSomething")


def test_party_may_request_recusal_over_http(setup: Setup, client: TestClient) -> None:
    inspection = setup.plan()
    ok(
        setup.post(
            f"/inspections/{inspection}/inspectors",
            command("指派", inspector_ids=setup.staff[:2], effective_on="2024-09-02"),
        )
    )
    ok(
        setup.post(
            f"/inspections/{inspection}/recusals",
            command(
                "当事人申请回避",
                inspector_id=setup.staff[0],
                requested_by_party=True,
                effective_on="2024-09-03",
            ),
        )
    )
    view = ok(client.get(f"/inspections/{inspection}", headers=setup.inspector))
    assert view["recused"] == [{"inspector_id": setup.staff[0], "requested_by_party": True}]
    assert view["inspectors_needed"] == 1
    response = setup.post(
        f"/inspections/{inspection}/findings",
        setup.findings_body(inspector_ids=[setup.staff[1]]),
        setup.inspector,
    )
    assert_problem(response, 409, "AtLeastTwoInspectors")
