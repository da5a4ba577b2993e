"""PersonalDataOnlyForSupervisors, walked: every route of the API, with every role that may not
read personal data (and with no token), over a database with complaints against a firm and a
lawyer, proven by a signed checkpoint. A complainant's name, phone or identity number must not
reach such a caller in any encoding: not in plain text, not JSON-escaped, not inside a base64 or
hex string (a proof's `leaf_input` is base64 of the stored event), not in an export, an error
message or a log line. Supervisors and admins do get them, in the same places, so the walk can
fail."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.helpers import command, created, ok, register_org, register_person, route_specs

Headers = dict[str, str]
SECRETS = {
    "firm": ("钱保密", "13700001111", "110115197001011111"),
    "lawyer": ("孙保密", "13600002222", "110115198002022222"),
}
ALL_SECRETS = tuple(s for person in SECRETS.values() for s in person)
_BASE64 = re.compile(r"^[A-Za-z0-9+/_-]{8,}={0,2}$")
_HEX = re.compile(r"^(?:[0-9a-fA-F]{2}){8,}$")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _decodings(text: str) -> Iterator[str]:
    """The text, and whatever a base64 or hex string in it decodes to (as UTF-8)."""
    yield text
    if _BASE64.match(text):
        padded = text + "=" * (-len(text) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                raw = decode(padded)
            except (binascii.Error, ValueError):
                continue
            yield raw.decode("utf-8", errors="ignore")
    if _HEX.match(text):
        yield bytes.fromhex(text).decode("utf-8", errors="ignore")


def revealed(body: str) -> set[str]:
    """The personal-data strings a response body reveals, in any of the encodings above."""
    texts = [body]
    try:
        texts += list(_strings(json.loads(body)))
    except ValueError:
        texts += body.replace(",", "\n").splitlines()  # CSV cells, one by one
    found = set()
    for text in texts:
        for decoded in _decodings(text):
            found |= {s for s in ALL_SECRETS if s in decoded}
    return found


def test_revealed_sees_through_the_encodings() -> None:
    name = SECRETS["firm"][0]
    assert revealed(json.dumps({"a": name})) == {name}
    assert revealed(json.dumps({"a": name}, ensure_ascii=True)) == {name}
    encoded = base64.b64encode(f'{{"name":"{name}"}}'.encode()).decode()
    assert revealed(json.dumps({"leaf_input": encoded})) == {name}
    assert revealed(json.dumps([name.encode().hex()])) == {name}
    assert revealed(f"id,who\n1,{name}\n") == {name}
    assert revealed(json.dumps({"a": "nothing personal"})) == set()


def _complaint(
    client: TestClient, clerk: Headers, subject: str, person: tuple[str, ...], day: str
) -> str:
    name, phone, id_number = person
    body = {
        "channel": "hotline_12345",
        "urgency": "general",
        "complainant": {"name": name, "phone": phone, "id_number": id_number},
        "summary": "收费后未提供服务",
        "subject_id": subject,
        "reason": "12345工单",
        "effective_on": day,
    }
    return str(created(client.post("/complaints", json=body, headers=clerk))["id"])


@pytest.fixture
def recorded(client: TestClient, clerk: Headers, token_for: TokenFor) -> dict[str, str]:
    """A firm and a lawyer with a complaint against each (one converted to a sanction case),
    all sealed under a signed checkpoint."""
    supervisor = token_for("supervisor", "supervisor.walk")
    firm = register_org(client, clerk, "PD-F1")
    lawyer = register_person(client, clerk, "PD-L1")
    firm_complaint = _complaint(client, clerk, firm, SECRETS["firm"], "2024-06-03")
    lawyer_complaint = _complaint(client, clerk, lawyer, SECRETS["lawyer"], "2024-06-03")
    for cid in (firm_complaint, lawyer_complaint):
        step = command(effective_on="2024-06-04")
        ok(client.post(f"/complaints/{cid}/acceptance", json=step, headers=clerk))
    conversion = command(
        case_number="京兴司罚〔2024〕88号", allegation="收费未服务", effective_on="2024-06-05"
    )
    case = created(
        client.post(f"/complaints/{lawyer_complaint}/conversion", json=conversion,
                    headers=supervisor)
    )["id"]  # fmt: skip
    ok(client.post("/integrity/checkpoints", json={"reason": "每日公布"}, headers=supervisor), 201)
    return {
        "firm": firm,
        "lawyer": lawyer,
        "complaint_id": lawyer_complaint,
        "case_id": case,
        "subject_id": firm,
        "entity_id": firm,
        "organization_id": firm,
        "practitioner_id": lawyer,
    }


QUERIES = {
    "/complaints/metrics": "?start=2024-01-01&end=2024-12-31",
    "/complaints/overdue": "?as_of=2024-12-31",
    "/dashboard": "?start=2024-01-01&end=2024-12-31",
}


def _urls(client: TestClient, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(method, url) of every route, its path parameters filled with the recorded ids (an
    unknown id where none fits); reads of people's records for both the firm and the lawyer."""
    urls = []
    for spec in route_specs(client.app):  # type: ignore[arg-type]
        path = spec.path + (QUERIES.get(spec.path, "") if spec.method == "GET" else "")
        variants = [ids]
        if "{entity_id}" in path or "{subject_id}" in path:
            variants = [ids, {**ids, "entity_id": ids["lawyer"], "subject_id": ids["lawyer"]}]
        for fill in variants:
            url = path
            for name, value in fill.items():
                url = url.replace("{" + name + "}", value)
            url = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", url)
            urls.append((spec.method, url))
            if url.endswith("/audit-trail/export"):
                urls += [("GET", url + "?format=csv"), ("GET", url + "?format=json")]
    return sorted(set(urls))


def _call(client: TestClient, method: str, url: str, headers: Headers) -> Any:
    if method == "GET":
        return client.get(url, headers=headers)
    body = {"reason": "巡查", "effective_on": "2024-06-10"}
    return client.request(method, url, json=body, headers=headers)


def test_personal_data_reaches_no_role_that_may_not_read_it(
    client: TestClient,
    recorded: dict[str, str],
    token_for: TokenFor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    urls = _urls(client, recorded)
    assert len(urls) > 100
    callers: list[tuple[str, Headers]] = [("public", {})]
    callers += [(role, token_for(role)) for role in ("clerk", "inspector", "auditor")]
    reached_payloads = set()
    # Reads first (so the writes below cannot hide anything from them), then every write.
    for method in ("GET", "POST", "PATCH", "PUT", "DELETE"):
        for who, headers in callers:
            for verb, url in urls:
                if verb != method:
                    continue
                response = _call(client, verb, url, headers)
                assert response.status_code < 500, (who, verb, url, response.text)
                assert not revealed(response.text), (who, verb, url, revealed(response.text))
                if verb == "GET" and url.endswith("/history/payloads") and who != "public":
                    body = response.json()
                    withheld = [e for e in body["events"] if e["leaf_input_withheld"]]
                    assert withheld and all(e["leaf_input"] is None for e in withheld), url
                    # Withheld bytes are still proven: the leaf hash and path are there.
                    assert all(e["leaf_hash"] and e["inclusion_path"] for e in withheld), url
                    reached_payloads.add(url)
    assert len(reached_payloads) == 2  # the firm's and the lawyer's proven histories
    for record in caplog.records:
        logged = record.getMessage() + (record.exc_text or "")
        assert not revealed(logged), record


def test_supervisors_and_admins_read_it_in_the_same_places(
    client: TestClient, recorded: dict[str, str], token_for: TokenFor
) -> None:
    """The walk above can fail: the roles that may read personal data find every complainant's
    name, phone and identity number in the proven history's bytes, the history, the audit trail
    and its exports."""
    for role in ("supervisor", "admin"):
        headers = token_for(role)
        for who in ("firm", "lawyer"):
            subject = recorded[who]
            for url in (
                f"/integrity/subjects/{subject}/history/payloads",
                f"/subjects/{subject}/audit-trail",
                f"/subjects/{subject}/audit-trail/export?format=csv",
                f"/subjects/{subject}/audit-trail/export?format=json",
            ):
                response = client.get(url, headers=headers)
                assert response.status_code == 200, (role, url, response.text)
                assert revealed(response.text) == set(SECRETS[who]), (role, url)
            payloads = ok(client.get(f"/integrity/subjects/{subject}/history/payloads",
                                     headers=headers))  # fmt: skip
            complaint_events = [
                e for e in payloads["events"] if e["entry"]["event"] == "ledger.Complaint.Received"
            ]
            assert complaint_events and all(e["leaf_input"] for e in complaint_events)
            bytes_only = json.dumps([e["leaf_input"] for e in complaint_events])
            assert revealed(bytes_only) == set(SECRETS[who]), role
