"""Sanction cases through HTTP: the whole path, four eyes, rules as 409 problems naming the rule,
bad input as 422, and nothing written by a rejected request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.http.sanctions import schemas as schemas_sanctions
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    error_locs,
    ok,
    register_org,
    register_person,
)

Headers = dict[str, str]


@pytest.fixture
def inspector(token_for: TokenFor) -> Headers:
    return token_for("inspector", "inspector.zhang")


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for("supervisor", "supervisor.li")


def open_body(
    subject: str, number: str = "京兴司罚〔2024〕1号", **overrides: Any
) -> dict[str, Any]:
    body = {
        "case_number": number,
        "subject_id": subject,
        "origin": "complaint",
        "allegation": "涉嫌违规收费",
        "reason": "立案",
        "effective_on": "2024-03-01",
    }
    return {**body, **overrides}


def step(client: TestClient, headers: Headers, case: str, path: str, **fields: Any) -> Any:
    body = command(effective_on=fields.pop("effective_on", "2024-03-20"), **fields)
    return ok(client.post(f"/sanctions/{case}/{path}", json=body, headers=headers))


def reviewed(
    client: TestClient,
    inspector: Headers,
    supervisor: Headers,
    subject: str,
    number: str = "京兴司罚〔2024〕1号",
) -> str:
    case = str(
        created(client.post("/sanctions", json=open_body(subject, number), headers=inspector))["id"]
    )
    step(client, inspector, case, "investigation", findings="查明")
    step(client, inspector, case, "pre-decision-notice", intended_kind="practice_suspension")
    step(client, inspector, case, "hearing-request")
    step(client, inspector, case, "hearing", summary="听证")
    step(client, supervisor, case, "legal-review", opinion="同意")
    return case


def proposal(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "practice_suspension",
        "months": 3,
        "offence_on": "2024-02-01",
        "facts": "违规收费",
        "legal_basis": "《律师法》第四十九条",
        "reason": "拟处罚",
        "effective_on": "2024-04-01",
    }
    return {**body, **overrides}


def test_a_case_from_opening_to_closing_suspends_the_lawyer(
    client: TestClient, clerk: Headers, inspector: Headers, supervisor: Headers
) -> None:
    lawyer = register_person(client, clerk, "S-L1", effective_on="2020-01-02")
    case = reviewed(client, inspector, supervisor, lawyer)
    ok(client.post(f"/sanctions/{case}/proposal", json=proposal(), headers=inspector))
    body = command("审批", effective_on="2024-04-03", starts_on="2024-04-08")
    ok(client.post(f"/sanctions/{case}/approval", json=body, headers=supervisor))

    person = ok(client.get(f"/practitioners/{lawyer}", headers=clerk))
    assert person["recorded_status"] == "suspended"
    assert person["suspension"] == {"starts_on": "2024-04-08", "until": "2024-07-07"}

    step(client, inspector, case, "service", effective_on="2024-04-05")
    step(client, inspector, case, "publication", effective_on="2024-04-09")
    step(client, inspector, case, "execution", effective_on="2024-07-08")
    step(client, supervisor, case, "closure", effective_on="2024-07-09")

    view = ok(client.get(f"/sanctions/{case}", headers=clerk))
    assert view["stage"] == "closed" and view["outcome"] == "executed"
    assert view["decided_by"] == "district" and view["decision_due"] == "2024-05-30"
    assert view["terms"] == {"kind": "practice_suspension", "amount": None, "months": 3}
    assert view["proposal"]["proposer"] == "inspector.zhang"
    assert view["appealable_on"] == "2024-04-05"
    # 4-6 April is the Qingming holiday, Sunday 7 April a make-up working day.
    assert view["publication_due"] == "2024-04-15"
    assert view["publication_ends_on"] == "2027-04-09"

    history = ok(client.get(f"/sanctions/{case}/history", headers=clerk))["events"]
    topics = [e["event"].rsplit(".", 1)[1] for e in history]
    assert topics == [
        "Opened",
        "Investigated",
        "PreDecisionNoticeServed",
        "HearingRequested",
        "HearingHeld",
        "LegalReviewPassed",
        "DecisionProposed",
        "Decided",
        "Served",
        "Published",
        "Executed",
        "Closed",
    ]
    assert history[7]["actor"]["principal_id"] == "supervisor.li"
    assert history[7]["payload"]["policy_version"]

    listed = ok(client.get("/sanctions", params={"subject_id": lawyer}, headers=clerk))["items"]
    assert [c["id"] for c in listed] == [case]


def test_proposer_cannot_approve(
    client: TestClient,
    clerk: Headers,
    inspector: Headers,
    supervisor: Headers,
    rejected: Callable[..., Any],
) -> None:
    lawyer = register_person(client, clerk, "S-L2", effective_on="2020-01-02")
    case = reviewed(client, inspector, supervisor, lawyer)
    ok(client.post(f"/sanctions/{case}/proposal", json=proposal(), headers=supervisor))
    body = command("审批", starts_on="2024-04-08", effective_on="2024-04-03")
    response = rejected(
        lambda: client.post(f"/sanctions/{case}/approval", json=body, headers=supervisor)
    )
    assert_problem(response, 409, "ProposerCannotApprove")


def test_inspectors_cannot_approve(
    client: TestClient, clerk: Headers, inspector: Headers, supervisor: Headers
) -> None:
    lawyer = register_person(client, clerk, "S-L3", effective_on="2020-01-02")
    case = reviewed(client, inspector, supervisor, lawyer)
    ok(client.post(f"/sanctions/{case}/proposal", json=proposal(), headers=inspector))
    response = client.post(
        f"/sanctions/{case}/approval", json=command(starts_on="2024-04-08"), headers=inspector
    )
    assert_problem(response, 403)


def test_heavier_penalty_needs_new_notice_over_http(
    client: TestClient,
    clerk: Headers,
    inspector: Headers,
    supervisor: Headers,
    rejected: Callable[..., Any],
) -> None:
    """The defect: the notice announced a warning, then a 3-month practice suspension was
    proposed with no new notice and no hearing right. Now a 409 that writes nothing; after a
    new notice the party's hearing right comes first (here: waived on the record)."""
    lawyer = register_person(client, clerk, "S-L9", effective_on="2020-01-02")
    case = str(created(client.post("/sanctions", json=open_body(lawyer, "京兴司罚〔2024〕9号"),
                                   headers=inspector))["id"])  # fmt: skip
    step(client, inspector, case, "investigation", findings="查明")
    step(client, inspector, case, "pre-decision-notice", intended_kind="warning")
    step(client, supervisor, case, "legal-review", opinion="同意")
    body = proposal(kind="practice_suspension", months=3)
    refused = rejected(
        lambda: client.post(f"/sanctions/{case}/proposal", json=body, headers=inspector)
    )
    problem = assert_problem(refused, 409, "HeavierPenaltyNeedsNewNotice")
    assert "new notice" in problem["detail"] and "hearing right" in problem["detail"]

    step(client, inspector, case, "pre-decision-notice", intended_kind="practice_suspension",
         effective_on="2024-03-25")  # fmt: skip
    shown = ok(client.get(f"/sanctions/{case}", headers=clerk))
    assert (shown["stage"], shown["intended_kind"], shown["hearing_right"]) == (
        "notice_served", "practice_suspension", True)  # fmt: skip
    early = rejected(lambda: client.post(
        f"/sanctions/{case}/legal-review", json=command(opinion="同意", effective_on="2024-03-26"),
        headers=supervisor))  # fmt: skip
    assert_problem(early, 409, "HearingRightBeforeSuspensionOrRevocation")
    step(client, inspector, case, "hearing-waiver", reason="当事人书面放弃听证",
         effective_on="2024-03-26")  # fmt: skip
    step(client, supervisor, case, "legal-review", opinion="同意", effective_on="2024-03-26")
    ok(client.post(f"/sanctions/{case}/proposal", json=body, headers=inspector))
    assert ok(client.get(f"/sanctions/{case}", headers=clerk))["hearing_waived"] is True


def test_revocation_goes_to_the_municipal_bureau(
    client: TestClient, clerk: Headers, inspector: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    lawyer = register_person(client, clerk, "S-L4", effective_on="2020-01-02")
    case = reviewed(client, inspector, supervisor, lawyer)
    body = proposal(kind="revocation", months=None)
    # The notice announced a suspension: revocation needs a new notice, and its hearing right.
    heavier = client.post(f"/sanctions/{case}/proposal", json=body, headers=inspector)
    assert_problem(heavier, 409, "HeavierPenaltyNeedsNewNotice")
    step(client, inspector, case, "pre-decision-notice", intended_kind="revocation",
         effective_on="2024-03-25")  # fmt: skip
    again = client.post(f"/sanctions/{case}/legal-review", json=command(opinion="同意",
                        effective_on="2024-03-28"), headers=supervisor)  # fmt: skip
    assert_problem(again, 409, "HearingRightBeforeSuspensionOrRevocation")
    step(client, supervisor, case, "legal-review", opinion="同意", effective_on="2024-03-31")
    ok(client.post(f"/sanctions/{case}/proposal", json=body, headers=inspector))
    ok(client.post(f"/sanctions/{case}/approval", json=command("审批"), headers=supervisor))
    assert ok(client.get(f"/sanctions/{case}", headers=clerk))["stage"] == "recommended"
    decision = command(
        "市局决定",
        kind="revocation",
        municipal_reference="京司罚决〔2024〕9号",
        effective_on="2024-05-06",
    )
    admin = token_for("admin")
    ok(client.post(f"/sanctions/{case}/municipal-decision", json=decision, headers=admin))
    assert ok(client.get(f"/practitioners/{lawyer}", headers=clerk))["recorded_status"] == "revoked"


def test_rules_are_409_problems_naming_the_rule_and_write_nothing(
    client: TestClient,
    clerk: Headers,
    inspector: Headers,
    supervisor: Headers,
    rejected: Callable[..., Any],
) -> None:
    lawyer = register_person(client, clerk, "S-L5", effective_on="2020-01-02")
    firm = register_org(client, clerk, "S-F5", effective_on="2020-01-02")
    ok(
        client.post(
            "/sanctions", json=open_body(lawyer, "京兴司罚〔2024〕50号"), headers=inspector
        ),
        201,
    )
    duplicate = rejected(
        lambda: client.post(
            "/sanctions", json=open_body(firm, "京兴司罚〔2024〕50号"), headers=inspector
        )
    )
    assert_problem(duplicate, 409, "CaseNumberUnique")

    case = str(
        created(
            client.post(
                "/sanctions", json=open_body(lawyer, "京兴司罚〔2024〕51号"), headers=inspector
            )
        )["id"]
    )
    early = rejected(
        lambda: client.post(f"/sanctions/{case}/proposal", json=proposal(), headers=inspector)
    )
    assert_problem(early, 409, "DecisionAfterNoticeAndLegalReview")
    out_of_order = rejected(
        lambda: client.post(f"/sanctions/{case}/service", json=command(), headers=inspector)
    )
    assert_problem(out_of_order, 409, "SanctionCaseStagesInOrder")

    reviewed_case = reviewed(client, inspector, supervisor, lawyer, "京兴司罚〔2024〕52号")
    for body, rule in (
        (proposal(months=13), "SanctionWithinStatutoryRange"),
        (proposal(kind="business_suspension"), "SanctionKindFitsSubject"),
        (proposal(kind="fine", months=None, amount="50000.01"), "SanctionWithinStatutoryRange"),
    ):
        response = rejected(
            lambda b=body: client.post(
                f"/sanctions/{reviewed_case}/proposal", json=b, headers=inspector
            )
        )
        assert_problem(response, 409, rule)


def test_a_hearing_requested_is_held_before_the_legal_review(
    client: TestClient,
    clerk: Headers,
    inspector: Headers,
    supervisor: Headers,
    rejected: Callable[..., Any],
) -> None:
    lawyer = register_person(client, clerk, "S-L6", effective_on="2020-01-02")
    case = str(created(client.post("/sanctions", json=open_body(lawyer), headers=inspector))["id"])
    step(client, inspector, case, "investigation", findings="查明")
    step(client, inspector, case, "pre-decision-notice", intended_kind="fine")
    step(client, inspector, case, "hearing-request")
    response = rejected(
        lambda: client.post(
            f"/sanctions/{case}/legal-review", json=command(opinion="同意"), headers=supervisor
        )
    )
    assert_problem(response, 409, "RequestedHearingIsHeld")


def test_bad_input_is_422_and_writes_nothing(
    client: TestClient,
    clerk: Headers,
    inspector: Headers,
    supervisor: Headers,
    rejected: Callable[..., Any],
) -> None:
    lawyer = register_person(client, clerk, "S-L7", effective_on="2020-01-02")
    committee = register_org(client, clerk, "S-M7", kind="mediation_committee")
    for body, field in (
        (open_body(lawyer, origin="rumour"), "origin"),
        (open_body(lawyer, case_number=""), "case_number"),
        (open_body("not-a-uuid"), "subject_id"),
        (open_body(lawyer, actor={"principal_id": "x"}), "actor"),
    ):
        response = rejected(lambda b=body: client.post("/sanctions", json=b, headers=inspector))
        assert ["body", field] in error_locs(assert_problem(response, 422)), body
    response = rejected(
        lambda: client.post("/sanctions", json=open_body(committee), headers=inspector)
    )
    assert_problem(response, 422, "SubjectIsSanctionable")

    case = reviewed(client, inspector, supervisor, lawyer)
    for body, field, rule in (
        (proposal(months=None), "months", "SanctionTermsFitKind"),
        (proposal(kind="warning"), "months", "SanctionTermsFitKind"),
        (proposal(kind="fine", months=None, amount="-1"), "amount", None),
        (proposal(kind="fine", months=None, amount="1.001"), "amount", None),
        (proposal(offence_on="someday"), "offence_on", None),
    ):
        response = rejected(
            lambda b=body: client.post(f"/sanctions/{case}/proposal", json=b, headers=inspector)
        )
        problem = assert_problem(response, 422, rule)
        assert ["body", field] in error_locs(problem), (body, problem)

    ok(client.post(f"/sanctions/{case}/proposal", json=proposal(), headers=inspector))
    no_start = rejected(
        lambda: client.post(f"/sanctions/{case}/approval", json=command(), headers=supervisor)
    )
    assert ["body", "starts_on"] in error_locs(
        assert_problem(no_start, 422, "SuspensionStartsWithDecision")
    )


def test_unknown_case_is_404(client: TestClient, inspector: Headers) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    assert_problem(client.get(f"/sanctions/{missing}", headers=inspector), 404)
    assert_problem(client.get(f"/sanctions/{missing}/history", headers=inspector), 404)
    response = client.post(
        f"/sanctions/{missing}/investigation", json=command(findings="x"), headers=inspector
    )
    assert_problem(response, 404)


def test_overdue_sanctions_are_listed(
    client: TestClient, clerk: Headers, inspector: Headers
) -> None:
    lawyer = register_person(client, clerk, "S-L8", effective_on="2020-01-02")
    case = created(client.post("/sanctions", json=open_body(lawyer), headers=inspector))["id"]
    early = ok(client.get("/sanctions/overdue", params={"as_of": "2024-05-30"}, headers=clerk))
    assert (early["as_of"], early["items"], early["next_cursor"]) == ("2024-05-30", [], None)
    late = ok(client.get("/sanctions/overdue", params={"as_of": "2024-06-01"}, headers=clerk))
    assert [(i["id"], i["what"], i["due"], i["days_overdue"]) for i in late["items"]] == [
        (case, "decision", "2024-05-30", 2)
    ]
    today = ok(client.get("/sanctions/overdue", headers=clerk))
    assert today["as_of"] == "2024-12-31" and len(today["items"]) == 1
    assert_problem(client.get("/sanctions/overdue", params={"as_of": "soon"}, headers=clerk), 422)


def test_command_bodies_have_valid_examples() -> None:
    models = [
        value
        for value in vars(schemas_sanctions).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == schemas_sanctions.__name__
        and "reason" in value.model_fields
    ]
    assert len(models) >= 8
    for model in models:
        examples = (model.model_json_schema().get("examples")) or []
        assert examples, model.__name__
        for example in examples:
            model.model_validate(example)
