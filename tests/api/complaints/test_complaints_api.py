"""Complaints through HTTP: the lifecycle, 诉转案, metrics, rules as 409 problems, bad input as
422 with nothing written, and the complainant's personal data shown to supervisors and admins
only — in every response that carries a complaint, its history included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    ok,
    register_person,
    route_specs,
)

Headers = dict[str, str]
NAME, PHONE, ID_NUMBER = "赵秘密", "13912345678", "110115198807071234"


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for("supervisor", "supervisor.li")


def complaint_body(subject: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "channel": "hotline_12345",
        "urgency": "general",
        "complainant": {"name": NAME, "phone": PHONE, "id_number": ID_NUMBER},
        "summary": "律师收费后未提供服务",
        "subject_id": subject,
        "reason": "12345工单",
        "effective_on": "2024-06-03",
    }
    return {**body, **overrides}


def step(client: TestClient, headers: Headers, cid: str, path: str, **fields: Any) -> Any:
    body = command(effective_on="2024-06-04", **fields)
    return ok(client.post(f"/complaints/{cid}/{path}", json=body, headers=headers))


def test_complaint_lifecycle_and_conversion(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    lawyer = register_person(client, clerk, "C-L1")
    cid = created(client.post("/complaints", json=complaint_body(lawyer), headers=clerk))["id"]
    got = ok(client.get(f"/complaints/{cid}", headers=clerk))
    assert got["stage"] == "received" and got["acceptance_due"] == "2024-06-18"
    step(client, clerk, cid, "acceptance")
    case = created(
        client.post(
            f"/complaints/{cid}/conversion",
            json=command("诉转案", case_number="京兴司罚〔2024〕31号", allegation="违规收费"),
            headers=supervisor,
        )
    )
    sanction = ok(client.get(f"/sanctions/{case['id']}", headers=clerk))
    assert sanction["origin"] == "complaint" and sanction["origin_reference"] == cid
    step(client, clerk, cid, "investigation")
    step(client, clerk, cid, "conclusion", conclusion="substantiated", findings="属实")
    step(client, clerk, cid, "reply", text="已立案查处")
    step(client, clerk, cid, "rating", rating="satisfied")
    got = ok(client.get(f"/complaints/{cid}", headers=clerk))
    assert got["stage"] == "rated" and got["case_id"] == case["id"]
    metrics = ok(client.get("/complaints/metrics?start=2024-06-01&end=2024-06-30", headers=clerk))
    assert metrics["received"] == 1
    assert metrics["response_rate"] == metrics["resolution_rate"] == "100.00"
    assert metrics["satisfaction_rate"] == "100.00" and metrics["year_on_year_change"] is None


def test_complaint_lifecycle_order(
    client: TestClient, clerk: Headers, rejected: Callable[..., Any]
) -> None:
    cid = created(client.post("/complaints", json=complaint_body(), headers=clerk))["id"]
    response = rejected(
        lambda: client.post(f"/complaints/{cid}/reply", json=command(text="答复"), headers=clerk)
    )
    assert_problem(response, 409, "ComplaintLifecycleOrder")


def test_conversion_follows_acceptance(
    client: TestClient, clerk: Headers, supervisor: Headers, rejected: Callable[..., Any]
) -> None:
    cid = created(client.post("/complaints", json=complaint_body(), headers=clerk))["id"]
    body = command("诉转案", case_number="京兴司罚〔2024〕32号", allegation="违规收费")
    response = rejected(
        lambda: client.post(f"/complaints/{cid}/conversion", json=body, headers=supervisor)
    )
    assert_problem(response, 409, "ConversionFollowsAcceptance")


def test_bad_complaint_input_writes_nothing(
    client: TestClient, clerk: Headers, rejected: Callable[..., Any]
) -> None:
    for body in (
        complaint_body(channel="pigeon"),
        complaint_body(complainant={"name": ""}),
        complaint_body(summary=""),
    ):
        response = rejected(lambda b=body: client.post("/complaints", json=b, headers=clerk))
        assert_problem(response, 422)
    response = rejected(lambda: client.get("/complaints/metrics?start=2024-01-01", headers=clerk))
    assert response.status_code == 422


def test_complainant_personal_data_only_for_supervisors(
    client: TestClient, clerk: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    cid = created(client.post("/complaints", json=complaint_body(), headers=clerk))["id"]
    step(client, clerk, cid, "acceptance")
    reads = ["/complaints", f"/complaints/{cid}", f"/complaints/{cid}/history"]
    for role in ("clerk", "auditor", "inspector"):
        headers = token_for(role)
        for path in reads:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.text
            text = response.text
            for secret in (NAME, PHONE, ID_NUMBER):
                assert secret not in text, (role, path)
    one = ok(client.get(f"/complaints/{cid}", headers=token_for("auditor")))
    assert one["complainant"] == {"name": None, "phone": None, "id_number": None}
    for headers in (supervisor, token_for("admin")):
        for path in reads:
            text = client.get(path, headers=headers).text
            assert NAME in text and PHONE in text and ID_NUMBER in text, path


def test_complaint_routes_walked_for_personal_data(
    client: TestClient, clerk: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    """Every GET route of the whole API — not only /complaints — with no token and with each
    role that may not see personal data, after a complaint against a lawyer was received,
    accepted and converted to a sanction case: the complainant's name, phone and identity
    number appear in no response."""
    lawyer = register_person(client, clerk, "WALK-L1")
    body = complaint_body(subject=lawyer)
    cid = created(client.post("/complaints", json=body, headers=clerk))["id"]
    step(client, clerk, cid, "acceptance")
    conversion = command(case_number="京兴司罚〔2024〕77号", allegation="收费未服务",
                         effective_on="2024-06-05")  # fmt: skip
    case = created(client.post(f"/complaints/{cid}/conversion", json=conversion,
                               headers=supervisor))["id"]  # fmt: skip
    fill = {"complaint_id": cid, "case_id": case, "subject_id": lawyer,
            "practitioner_id": lawyer, "entity_id": lawyer}  # fmt: skip
    queries = {"/complaints/metrics": "?start=2024-01-01&end=2024-12-31",
               "/complaints/overdue": "?as_of=2024-12-31"}  # fmt: skip
    gets = [spec.path for spec in route_specs(client.app) if spec.method == "GET"]  # type: ignore[arg-type]
    assert len(gets) > 30
    complaint_paths = [p for p in gets if p.startswith("/complaints")]
    assert len(complaint_paths) == 5
    callers: list[tuple[str, Headers]] = [("public", {})]
    callers += [(role, token_for(role)) for role in ("clerk", "auditor", "inspector")]
    carried = set()
    for who, headers in callers:
        for path in gets:
            url = path
            for name, value in fill.items():
                url = url.replace("{" + name + "}", value)
            url += queries.get(path, "")
            response = client.get(url, headers=headers)
            assert response.status_code < 500, (who, url, response.text)
            for secret in (NAME, PHONE, ID_NUMBER):
                assert secret not in response.text, (who, url)
            if response.status_code == 200 and cid in response.text:
                carried.add(path)
    # The walk did reach the complaint where it is shown (so the check above can fail).
    assert {"/complaints", "/complaints/{complaint_id}", "/complaints/overdue",
            "/practitioners/{entity_id}/history"} <= carried  # fmt: skip
    for path in ("/complaints", f"/complaints/{cid}", "/complaints/overdue?as_of=2024-12-31",
                 f"/practitioners/{lawyer}/history"):  # fmt: skip
        assert NAME in client.get(path, headers=supervisor).text, path


def test_auditor_never_records_a_complaint(client: TestClient, token_for: TokenFor) -> None:
    response = client.post("/complaints", json=complaint_body(), headers=token_for("auditor"))
    assert response.status_code == 403
