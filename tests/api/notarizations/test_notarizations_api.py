"""Notarization matters through HTTP, on SQLite and PostgreSQL: issuing before approval is a 409
naming NoIssuanceWithoutApproval and writes nothing; the lifecycle, backlog and detector read."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    join,
    nothing_written,
    ok,
    register_org,
    register_person,
)


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


def _setup(client: TestClient, clerk: dict[str, str]) -> dict[str, str]:
    office = register_org(client, clerk, "N001", kind="notary_office")
    ids = {"office": office}
    for name, number in (("handler", "N1001"), ("approver", "N1002")):
        ids[name] = register_person(client, clerk, number, kind="notary")
        ok(join(client, clerk, ids[name], office, effective_on="2024-03-20"))
    return ids


def _apply(client: TestClient, clerk: dict[str, str], ids: dict[str, str], **kw: Any) -> str:
    body = command(
        "继承公证申请",
        office_id=ids["office"],
        matter_type="inheritance",
        parties=["张三", "张四"],
        handler_id=ids["handler"],
        effective_on="2024-06-03",
        **kw,
    )
    return str(created(client.post("/notarizations", json=body, headers=clerk))["id"])


def _step(client: TestClient, clerk: dict[str, str], matter: str, path: str, **kw: Any) -> Any:
    return client.post(f"/notarizations/{matter}/{path}", json=command(**kw), headers=clerk)


def test_no_issuance_without_approval(
    client: TestClient, clerk: dict[str, str], api_services: Services
) -> None:
    ids = _setup(client, clerk)
    matter = _apply(client, clerk, ids)
    ok(_step(client, clerk, matter, "acceptance", effective_on="2024-06-03"))
    ok(_step(client, clerk, matter, "examination", effective_on="2024-06-04"))
    with nothing_written(client, api_services):
        response = _step(
            client, clerk, matter, "certificate", certificate_number="(2024)京兴证字1号"
        )
        problem = assert_problem(response, 409, "NoIssuanceWithoutApproval")
    assert "approval" in problem["detail"]
    assert ok(client.get(f"/notarizations/{matter}", headers=clerk))["stage"] == "examined"


def test_approver_belongs_to_handling_office_over_http(
    client: TestClient, clerk: dict[str, str], api_services: Services
) -> None:
    """The defect: a notary of another office approved a matter that no assistance arrangement
    covers. Now a 409 that writes nothing; the office's own notary approves."""
    ids = _setup(client, clerk)
    other_office = register_org(client, clerk, "N002", kind="notary_office")
    outsider = register_person(client, clerk, "N2001", kind="notary")
    ok(join(client, clerk, outsider, other_office, effective_on="2024-03-20"))
    matter = _apply(client, clerk, ids)
    ok(_step(client, clerk, matter, "acceptance", effective_on="2024-06-03"))
    ok(_step(client, clerk, matter, "examination", effective_on="2024-06-04"))
    with nothing_written(client, api_services):
        response = _step(client, clerk, matter, "approval", approver_id=outsider,
                         effective_on="2024-06-05")  # fmt: skip
        problem = assert_problem(response, 409, "ApproverBelongsToHandlingOffice")
    assert problem["context"]["offices"] == [ids["office"]]
    ok(_step(client, clerk, matter, "approval", approver_id=ids["approver"],
             effective_on="2024-06-05"))  # fmt: skip


def test_lifecycle_and_reads(
    client: TestClient, clerk: dict[str, str], token_for: TokenFor
) -> None:
    ids = _setup(client, clerk)
    matter = _apply(client, clerk, ids)
    ok(_step(client, clerk, matter, "acceptance", effective_on="2024-06-03"))
    ok(_step(client, clerk, matter, "examination", effective_on="2024-06-04"))
    approver_is_handler = _step(client, clerk, matter, "approval", approver_id=ids["handler"])
    assert_problem(approver_is_handler, 409, "ApproverIsNotHandler")
    ok(_step(client, clerk, matter, "approval", approver_id=ids["approver"],
             effective_on="2024-06-05"))  # fmt: skip
    auditor = token_for("auditor")
    missed = ok(client.get("/notarizations/missed-issuances?as_of=2024-06-27", headers=auditor))
    assert [i["id"] for i in missed["items"]] == [matter]
    backlog = ok(client.get("/notarizations/backlog?as_of=2024-06-27", headers=auditor))
    assert backlog["items"][0]["bands"]["16-30"] == 1
    ok(_step(client, clerk, matter, "certificate", certificate_number="(2024)京兴证字1号"))
    withdrawal = _step(client, clerk, matter, "withdrawal")
    assert_problem(withdrawal, 409, "EndOnlyBeforeIssuance")
    one = ok(client.get(f"/notarizations/{matter}", headers=auditor))
    assert one["stage"] == "certificate_issued" and one["issued_late"] is True
    history = ok(client.get(f"/notarizations/{matter}/history", headers=auditor))
    assert [e["event"].rsplit(".", 1)[1] for e in history["events"]] == [
        "Applied", "Accepted", "Examined", "Approved", "CertificateIssued",
    ]  # fmt: skip
    assert len(ok(client.get("/notarizations", headers=auditor))["items"]) == 1


def test_bad_input_is_422_and_writes_nothing(
    client: TestClient, clerk: dict[str, str], api_services: Services
) -> None:
    ids = _setup(client, clerk)
    body = command(office_id=ids["office"], matter_type="alchemy", parties=["甲"],
                   handler_id=ids["handler"])  # fmt: skip
    with nothing_written(client, api_services):
        assert_problem(client.post("/notarizations", json=body, headers=clerk), 422)


def test_auditor_cannot_apply(
    client: TestClient, clerk: dict[str, str], token_for: TokenFor
) -> None:
    ids = _setup(client, clerk)
    body = command(office_id=ids["office"], matter_type="contract", parties=["甲"],
                   handler_id=ids["handler"])  # fmt: skip
    response = client.post("/notarizations", json=body, headers=token_for("auditor"))
    assert response.status_code == 403


def test_assistance_arrangement_through_api(client: TestClient, clerk: dict[str, str]) -> None:
    ids = _setup(client, clerk)
    helping = register_org(client, clerk, "N002", kind="notary_office")
    helper = register_person(client, clerk, "N2001", kind="notary")
    ok(join(client, clerk, helper, helping, effective_on="2024-03-20"))
    body = command(helping_office_id=helping, helped_office_id=ids["office"],
                   starts_on="2024-05-01", until="2024-12-31", matter_types=["inheritance"],
                   effective_on="2024-05-01")  # fmt: skip
    response = client.post("/notarizations/assistance-arrangements", json=body, headers=clerk)
    arrangement = created(response)["id"]
    matter = _apply(client, clerk, {**ids, "handler": helper}, arrangement_id=arrangement)
    one = ok(client.get(f"/notarizations/{matter}", headers=clerk))
    assert one["assisting_office_id"] == helping
