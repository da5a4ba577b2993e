"""Checklists and inspections over HTTP: the walk from plan to close, who may do what, rules as
409 problems naming the rule, bad input as 422, and nothing written when refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import (
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import default_checklists
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    inspector_body,
    ok,
    register_org,
    route_specs,
)

Headers = dict[str, str]
Rejected = Callable[..., Any]


def law_firm_checklist_body(**overrides: Any) -> dict[str, Any]:
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    body = {
        "kind": "law_firm",
        "code": "annual",
        "title": template.title,
        "items": [item.model_dump(mode="json") for item in template.items],
        "reason": "发布年度检查考核清单",
        "effective_on": "2024-01-05",
    }
    return {**body, **overrides}


class Setup:
    def __init__(self, client: TestClient, token_for: TokenFor) -> None:
        self.client = client
        self.clerk = token_for(Role.CLERK)
        self.supervisor = token_for(Role.SUPERVISOR)
        self.inspector = token_for(Role.INSPECTOR)
        self.auditor = token_for(Role.AUDITOR)
        self.firm = register_org(client, self.clerk, "31110000IN0001")
        self.staff = [
            str(
                created(
                    client.post(
                        "/inspectors",
                        json=inspector_body(
                            f"京司执IN{n}", unit="律师工作科" if n == 3 else "执法监督科"
                        ),
                        headers=self.clerk,
                    )
                )["id"]
            )
            for n in range(4)
        ]
        self.checklist = str(
            created(
                client.post("/checklists", json=law_firm_checklist_body(), headers=self.supervisor)
            )["id"]
        )
        self.items = [i["item_id"] for i in law_firm_checklist_body()["items"]]

    def plan(self, **overrides: Any) -> str:
        body = {
            "kind": "annual",
            "subject_id": self.firm,
            "checklist_id": self.checklist,
            "supervising_unit": "律师工作科",
            "reason": "年度检查考核",
            "effective_on": "2024-09-02",
            **overrides,
        }
        return str(
            created(self.client.post("/inspections", json=body, headers=self.supervisor))["id"]
        )

    def post(self, path: str, body: dict[str, Any], headers: Headers | None = None) -> Any:
        return self.client.post(path, json=body, headers=headers or self.supervisor)

    def findings_body(self, fail: tuple[str, ...] = ("FF-01",), **fields: Any) -> dict[str, Any]:
        findings = [
            {"item_id": i, "outcome": "fail", "note": "未公示", "evidence": ["笔录-1"]}
            if i in fail
            else {"item_id": i, "outcome": "pass"}
            for i in self.items
        ]
        defaults = {"inspector_ids": self.staff[:2], "effective_on": "2024-09-10"}
        return command("现场检查", findings=findings, **{**defaults, **fields})

    def concluded(self) -> str:
        inspection = self.plan()
        ok(
            self.post(
                f"/inspections/{inspection}/inspectors",
                command("指派", inspector_ids=self.staff[:2], effective_on="2024-09-02"),
            )
        )
        ok(self.post(f"/inspections/{inspection}/findings", self.findings_body(), self.inspector))
        ok(
            self.post(
                f"/inspections/{inspection}/result",
                command(
                    "结论",
                    result="non_compliant",
                    summary="收费标准未公示",
                    effective_on="2024-09-20",
                ),
                self.inspector,
            )
        )
        return inspection


@pytest.fixture
def setup(client: TestClient, token_for: TokenFor) -> Setup:
    return Setup(client, token_for)


def test_an_inspection_walks_from_plan_to_close_over_http(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    view = ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))
    assert view["status"] == "result_recorded"
    assert view["publication_due"] == "2024-10-23"  # 20 PRC working days after 2024-09-20
    assert view["publication_provisional"] is False
    assert view["checklist_version"] == 1
    assert view["appealable_on"] == "2024-09-20"
    party = next(i for i in view["items"] if i["item_id"] == "PB-01")
    assert party["category"] == "party_building" and party["finding"]["outcome"] == "pass"
    fee = next(i for i in view["items"] if i["item_id"] == "FF-01")
    assert fee["finding"] == {"outcome": "fail", "note": "未公示", "evidence": ["笔录-1"]}

    ok(
        setup.post(
            f"/inspections/{inspection}/rectification",
            command(
                "责令整改",
                due_on="2024-10-31",
                requirements="公示收费标准",
                effective_on="2024-09-23",
            ),
            setup.inspector,
        )
    )
    ok(
        setup.post(
            f"/inspections/{inspection}/publication", command("公示", effective_on="2024-10-08")
        )
    )
    ok(
        setup.post(
            f"/inspections/{inspection}/rectification/verification",
            command("复查", passed=True, effective_on="2024-10-30"),
            setup.inspector,
        )
    )
    ok(setup.post(f"/inspections/{inspection}/closing", command("结案", effective_on="2024-10-31")))

    view = ok(client.get(f"/inspections/{inspection}", headers=setup.clerk))
    assert view["status"] == "closed"
    assert view["follow_up"] == "rectification_verified"
    assert view["rectification"]["passed"] is True
    assert view["published_on"] == "2024-10-08" and view["published_late"] is False

    history = ok(client.get(f"/inspections/{inspection}/history", headers=setup.auditor))
    assert [e["event"] for e in history["events"]][-1] == "ledger.Inspection.Closed"
    listed = ok(
        client.get("/inspections", params={"subject_id": setup.firm}, headers=setup.auditor)
    )
    assert [i["id"] for i in listed["items"]] == [inspection]
    assert (
        ok(client.get("/inspections", params={"status": "planned"}, headers=setup.auditor))["items"]
        == []
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


def test_referral_for_sanction_over_http(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    ok(
        setup.post(
            f"/inspections/{inspection}/referral",
            command("移送立案", effective_on="2024-09-25"),
            setup.inspector,
        )
    )
    view = ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))
    assert view["status"] == "referred_for_sanction"
    assert view["referral"] == {"referred_on": "2024-09-25", "case_id": None}


def test_overdue_lists_publications_and_rectifications(setup: Setup, client: TestClient) -> None:
    inspection = setup.concluded()
    ok(
        setup.post(
            f"/inspections/{inspection}/rectification",
            command(
                "责令整改",
                due_on="2024-10-31",
                requirements="公示收费标准",
                effective_on="2024-09-23",
            ),
            setup.inspector,
        )
    )
    report = ok(
        client.get("/inspections/overdue", params={"as_of": "2024-11-04"}, headers=setup.auditor)
    )
    assert report["as_of"] == "2024-11-04"
    assert report["publications"] == [
        {
            "inspection_id": inspection,
            "subject_id": setup.firm,
            "kind": "annual",
            "due_on": "2024-10-23",
            "provisional": False,
            "days_overdue": 12,
        }
    ]
    assert [(r["due_on"], r["days_overdue"]) for r in report["rectifications"]] == [
        ("2024-10-31", 4)
    ]
    # Late publication is accepted (an alert, not a block) and recorded as late.
    ok(
        setup.post(
            f"/inspections/{inspection}/publication", command("公示", effective_on="2024-11-04")
        )
    )
    assert (
        ok(client.get(f"/inspections/{inspection}", headers=setup.auditor))["published_late"]
        is True
    )
    report = ok(
        client.get("/inspections/overdue", params={"as_of": "2024-11-04"}, headers=setup.auditor)
    )
    assert report["publications"] == []
    assert_problem(
        client.get("/inspections/overdue", params={"as_of": "soon"}, headers=setup.auditor), 422
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


def test_who_may_do_what(client: TestClient) -> None:
    specs = {(s.method, s.path): set(s.roles or ()) for s in route_specs(client.app)}  # type: ignore[arg-type]
    planners, inspectors = {"supervisor", "admin"}, {"inspector", "supervisor", "admin"}
    everyone = {r.value for r in Role}
    assert specs[("POST", "/checklists")] == planners
    for path in ("", "/{inspection_id}/inspectors", "/{inspection_id}/recusals",
                 "/{inspection_id}/publication", "/{inspection_id}/closing"):  # fmt: skip
        assert specs[("POST", "/inspections" + path)] == planners, path
    for path in (
        "/findings",
        "/result",
        "/rectification",
        "/rectification/verification",
        "/referral",
    ):
        assert specs[("POST", "/inspections/{inspection_id}" + path)] == inspectors, path
    for path in ("/inspections", "/inspections/overdue", "/inspections/{inspection_id}",
                 "/inspections/{inspection_id}/history", "/checklists", "/checklists/{checklist_id}"):  # fmt: skip
        assert specs[("GET", path)] == everyone, path


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


def test_every_inspection_command_body_has_a_valid_example(client: TestClient) -> None:
    """The examples of api/http/inspections/schemas.py, checked against the inspection routes
    of the served spec (tests/api/http/test_openapi.py checks every route's the same way)."""
    from pydantic import BaseModel

    from api.http.inspections import schemas as schemas_inspections

    spec = ok(client.get("/openapi.json"))
    checked = set()
    for path, item in spec["paths"].items():
        if not path.startswith(("/inspections", "/checklists", "/inspectors/{entity_id}/")):
            continue
        for method, operation in item.items():
            if method not in {"post", "patch"}:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            name = ref.rsplit("/", 1)[1]
            component = spec["components"]["schemas"][name]
            assert component.get("additionalProperties") is False, name
            model = getattr(schemas_inspections, name, None)
            if model is None:  # a shared body such as CommandOnly
                continue
            assert isinstance(model, type) and issubclass(model, BaseModel)
            for example in component["examples"]:
                model.model_validate(example)
            checked.add(name)
    assert {"InspectionCreate", "FindingsCreate", "ChecklistCreate", "ConflictCreate"} <= checked
