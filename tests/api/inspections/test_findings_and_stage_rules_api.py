"""Stage, findings and result rules over HTTP: 409 problems naming the rule, bad input as 422,
and nothing written when refused."""

from __future__ import annotations

from tests.api.helpers import (
    assert_problem,
    command,
    ok,
)
from tests.api.inspections.inspections_api_support import (
    Rejected,
    Setup,
)


def test_stage_rules_are_409_naming_the_rule(setup: Setup, rejected: Rejected) -> None:
    inspection = setup.plan()
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/publication", command("公示"))
    )
    assert_problem(response, 409, "InspectionStagesInOrder")
    response = rejected(lambda: setup.post(f"/inspections/{inspection}/closing", command("结案")))
    assert_problem(response, 409, "CloseOnlyWhenSettled")
    concluded = setup.concluded()
    response = rejected(
        lambda: setup.post(
            f"/inspections/{concluded}/findings",
            setup.findings_body(effective_on="2024-09-21"),
            setup.inspector,
        )
    )
    assert_problem(response, 409, "InspectionStagesInOrder")


def test_findings_rules(setup: Setup, rejected: Rejected) -> None:
    inspection = setup.plan()
    ok(
        setup.post(
            f"/inspections/{inspection}/inspectors",
            command("指派", inspector_ids=setup.staff[:2], effective_on="2024-09-02"),
        )
    )
    unknown_item = command(
        "x", inspector_ids=setup.staff[:2], findings=[{"item_id": "ZZ-99", "outcome": "pass"}]
    )
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/findings", unknown_item, setup.inspector)
    )
    assert_problem(response, 409, "FindingsFollowTheChecklist")
    no_evidence = command(
        "x", inspector_ids=setup.staff[:2], findings=[{"item_id": "FF-01", "outcome": "fail"}]
    )
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/findings", no_evidence, setup.inspector)
    )
    assert_problem(response, 422, "FindingsWellFormed")
    stranger = setup.findings_body(inspector_ids=[setup.staff[0], setup.staff[2]])
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/findings", stranger, setup.inspector)
    )
    assert_problem(response, 409, "OnlyAssignedInspectorsAct")
    bad_outcome = command(
        "x", inspector_ids=setup.staff[:2], findings=[{"item_id": "FF-01", "outcome": "maybe"}]
    )
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/findings", bad_outcome, setup.inspector)
    )
    assert_problem(response, 422)
    ok(setup.post(f"/inspections/{inspection}/findings", setup.findings_body(), setup.inspector))
    compliant = command("x", result="compliant", summary="合格", effective_on="2024-09-20")
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/result", compliant, setup.inspector)
    )
    assert_problem(response, 409, "ResultConsistentWithFindings")
    basic = command(
        "x", result="compliant_with_remarks", summary="基本合格", effective_on="2024-09-20"
    )
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/result", basic, setup.inspector)
    )
    assert_problem(response, 409, "BasicPassOnlyWhenPolicyEnables")


def test_rectification_due_after_order_is_422(setup: Setup, rejected: Rejected) -> None:
    inspection = setup.concluded()
    body = command("整改", due_on="2024-09-22", requirements="x", effective_on="2024-09-23")
    response = rejected(
        lambda: setup.post(f"/inspections/{inspection}/rectification", body, setup.inspector)
    )
    problem = assert_problem(response, 422, "RectificationDueAfterOrder")
    assert problem["errors"][0]["loc"] == ["body", "due_on"]
