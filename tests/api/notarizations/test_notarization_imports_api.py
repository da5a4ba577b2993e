"""错发 through HTTP, on SQLite and PostgreSQL: a certificate before approval is refused at every
stage through the API (409 naming the rule, nothing written), while a record imported from an
office's system that says exactly that is kept and shows up in /notarizations/wrong-issuances."""

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


@pytest.fixture
def ids(client: TestClient, clerk: dict[str, str]) -> dict[str, str]:
    office = register_org(client, clerk, "N001", kind="notary_office")
    found = {"office": office}
    for name, number in (("handler", "N1001"), ("approver", "N1002")):
        found[name] = register_person(client, clerk, number, kind="notary")
        ok(join(client, clerk, found[name], office, effective_on="2024-03-20"))
    return found


def _step(client: TestClient, clerk: dict[str, str], matter: str, path: str, **kw: Any) -> Any:
    return client.post(f"/notarizations/{matter}/{path}", json=command(**kw), headers=clerk)


def test_certificate_cannot_be_issued_before_approval_at_any_stage(
    client: TestClient, clerk: dict[str, str], ids: dict[str, str], api_services: Services
) -> None:
    body = command(office_id=ids["office"], matter_type="inheritance", parties=["张三"],
                   handler_id=ids["handler"], effective_on="2024-06-03")  # fmt: skip
    matter = created(client.post("/notarizations", json=body, headers=clerk))["id"]
    stages = [
        ("applied", None),
        ("accepted", "acceptance"),
        ("awaiting_materials", "materials-request"),
        ("accepted", "materials-receipt"),
        ("examined", "examination"),
    ]
    for stage, path in stages:
        if path:
            ok(_step(client, clerk, matter, path, effective_on="2024-06-04"))
        with nothing_written(client, api_services):
            response = _step(client, clerk, matter, "certificate", certificate_number="C-1")
            assert_problem(response, 409, "NoIssuanceWithoutApproval")
        assert ok(client.get(f"/notarizations/{matter}", headers=clerk))["stage"] == stage


def _record(ids: dict[str, str], number: str, *steps: dict[str, Any]) -> dict[str, Any]:
    return {"external_number": number, "office_id": ids["office"], "matter_type": "inheritance",
            "handler_id": ids["handler"], "steps": list(steps)}  # fmt: skip


APPLIED = {"stage": "applied", "on": "2024-09-02"}
ACCEPTED = {"stage": "accepted", "on": "2024-09-03"}


def test_imported_wrong_issuance_is_detected(
    client: TestClient, clerk: dict[str, str], ids: dict[str, str], token_for: TokenFor
) -> None:
    supervisor = token_for("supervisor")
    issued = {"stage": "certificate_issued", "on": "2024-09-09", "certificate_number": "C-9"}
    approved = {"stage": "approved", "on": "2024-09-05", "notary_id": ids["approver"]}
    body = command(
        "2024年度业务数据导入",
        source="第一公证处业务系统",
        effective_on="2024-12-02",
        records=[
            _record(ids, "R-1", APPLIED, ACCEPTED, issued),
            _record(ids, "R-2", APPLIED, ACCEPTED, approved),
        ],
    )
    batch = created(client.post("/notarizations/imports", json=body, headers=supervisor))["id"]
    auditor = token_for("auditor")
    wrong = ok(client.get("/notarizations/wrong-issuances", headers=auditor))["items"]
    assert [(w["external_number"], w["rule"], w["certificate_number"]) for w in wrong] == [
        ("R-1", "NoIssuanceWithoutApproval", "C-9")
    ]
    shown = ok(client.get(f"/notarizations/imports/{batch}", headers=auditor))
    assert [(r["external_number"], r["irregularities"]) for r in shown["records"]] == [
        ("R-1", ["NoIssuanceWithoutApproval"]),
        ("R-2", []),
    ]
    missed = ok(client.get("/notarizations/missed-issuances?as_of=2024-12-02", headers=auditor))
    assert [(m["external_number"], m["source"]) for m in missed["items"]] == [
        ("R-2", "第一公证处业务系统")
    ]
    by_office = ok(client.get(f"/notarizations/imported?office_id={ids['office']}", headers=clerk))
    assert len(by_office["items"]) == 2
    # The ledger's own matters are not touched by an import.
    assert ok(client.get("/notarizations", headers=clerk))["items"] == []


def test_bad_or_repeated_import_is_refused_and_writes_nothing(
    client: TestClient, ids: dict[str, str], token_for: TokenFor, api_services: Services
) -> None:
    supervisor = token_for("supervisor")
    good = _record(ids, "R-1", APPLIED)
    first = command(source="S", records=[good], effective_on="2024-12-02")
    created(client.post("/notarizations/imports", json=first, headers=supervisor))
    cases = [
        ([good], 409, "ImportedOnce"),
        ([_record(ids, "R-2", ACCEPTED)], 422, "ImportedRecordWellFormed"),
        ([_record(ids, "R-3", APPLIED, {"stage": "approved", "on": "2024-09-04"})], 422, None),
        ([{**_record(ids, "R-4", APPLIED), "handler_id": ids["office"]}], 422, None),
        ([], 422, None),
    ]
    for records, status, rule in cases:
        body = command(source="S", records=records, effective_on="2024-12-02")
        with nothing_written(client, api_services):
            response = client.post("/notarizations/imports", json=body, headers=supervisor)
            assert_problem(response, status, rule)
