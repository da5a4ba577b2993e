"""What people meet at the edges of the API: every rule says itself in Chinese as well as in
English; a problem's type resolves, here, to what its rule means (an offline network has no
other host to ask); public routes document no 401/403; a body sent without Content-Type is told
so; the dashboard needs no dates; the notarization backlog names its offices; messages say
"an organization"; the reason examples are not one fixed case."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.http.problems import TITLES_ZH
from domain.core.errors import LedgerError
from domain.core.values import article
from tests.api.conftest import TokenFor
from tests.api.helpers import assert_problem, command, ok, org_body, register_org

Headers = dict[str, str]


def _subclasses(cls: type[LedgerError]) -> list[type[LedgerError]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_every_rule_says_itself_in_chinese(client: TestClient) -> None:
    errors = _subclasses(LedgerError)
    assert len(errors) > 100
    missing = [e.__name__ for e in errors if e.zh == LedgerError.zh or not e.zh.strip()]
    assert missing == []
    catalogue = ok(client.get("/problems"))["items"]
    rules = {item["rule"]: item for item in catalogue if item["rule"]}
    assert {e.rule for e in errors} <= set(rules)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in item["zh"]) for item in catalogue)


def test_a_problem_type_resolves_to_its_rule_on_this_api(
    client: TestClient, clerk: Headers
) -> None:
    register_org(client, clerk, "PT-F1")
    again = client.post("/organizations", json=org_body("PT-F1"), headers=clerk)
    body = assert_problem(again, 409, "NumberUniquePerKind")
    assert body["type"] == "/problems/NumberUniquePerKind" and body["zh"]
    described = ok(client.get(body["type"]))
    assert (described["rule"], described["status"], described["zh"]) == (
        "NumberUniquePerKind",
        409,
        body["zh"],
    )
    unauthorized = assert_problem(client.get("/organizations"), 401)
    assert unauthorized["type"] == "/problems/401" and unauthorized["zh"] == TITLES_ZH[401]
    assert ok(client.get(unauthorized["type"]))["status"] == 401
    assert_problem(client.get("/problems/NoSuchRule"), 404)
    assert ".invalid" not in client.get("/openapi.json").text


def test_public_operations_document_no_401_or_403(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    wrong = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if op.get("x-public") and {"401", "403"} & set(op["responses"]):
                wrong.append(f"{method.upper()} {path}")
            if op.get("x-roles"):
                assert {"401", "403"} <= set(op["responses"]), (method, path)
    assert wrong == []


def test_a_json_body_sent_without_content_type_is_told_so(
    client: TestClient, clerk: Headers, rejected: Any
) -> None:
    raw = '{"kind": "law_firm", "number": "CT-1", "name": "所", "reason": "登记"}'
    response = rejected(
        lambda: client.post(
            "/organizations", content=raw.encode(), headers={**clerk, "content-type": ""}
        )
    )
    problem = assert_problem(response, 422)
    assert "Content-Type: application/json" in problem["detail"]
    assert "Content-Type" in problem["zh"]


def test_the_dashboard_defaults_to_this_year(client: TestClient, clerk: Headers) -> None:
    figures = ok(client.get("/dashboard", headers=clerk))
    assert (figures["start"], figures["end"]) == ("2024-01-01", "2024-12-31")  # today: 2024-12-31
    start_only = ok(client.get("/dashboard?start=2023-03-01", headers=clerk))
    assert start_only["end"] == "2023-12-31"


def test_the_notarization_backlog_names_its_offices(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    office = register_org(client, clerk, "PT-N1", kind="notary_office", name="北京市示例公证处")
    notary = ok(
        client.post(
            "/practitioners",
            json={"kind": "notary", "number": "PT-N1001", "name": "公证员甲", "reason": "登记",
                  "effective_on": "2024-03-15"},
            headers=clerk,
        ),
        201,
    )["id"]  # fmt: skip
    ok(client.post(f"/practitioners/{notary}/affiliation",
                   json=command("加入", organization_id=office, effective_on="2024-03-20"),
                   headers=clerk))  # fmt: skip
    matter = ok(client.post("/notarizations", json=command(
        "申请", office_id=office, matter_type="inheritance", parties=["张三"], handler_id=notary,
        effective_on="2024-06-03"), headers=clerk), 201)["id"]  # fmt: skip
    ok(client.post(f"/notarizations/{matter}/acceptance",
                   json=command(effective_on="2024-06-03"), headers=clerk))  # fmt: skip
    backlog = ok(client.get("/notarizations/backlog?as_of=2024-12-31", headers=clerk))["items"]
    assert [(b["office_id"], b["office_name"], b["office_number"]) for b in backlog] == [
        (office, "北京市示例公证处", "PT-N1")
    ]


def test_messages_say_an_organization() -> None:
    assert article("organization") == "an organization"
    assert article("appraisal_institution") == "an appraisal_institution"
    assert article("notary") == "a notary"


def test_the_reason_examples_are_not_one_fixed_case(client: TestClient) -> None:
    spec = client.get("/openapi.json").text
    assert "年检登记" not in spec
