"""Compliance profiles over HTTP, on SQLite and PostgreSQL: every role reads them; unknown ids
and the wrong kind of subject are 404, bad dates 422 (problem+json); ?after= reads one's own
write; the two time axes; no complainant data, whoever asks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.evaluations.values import (
    EvaluationKind,
    LawyerAssessmentResult,
)
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    ROLES,
    assert_problem,
    command,
    created,
    error_locs,
    join,
    ok,
    register_org,
    register_person,
)

Headers = dict[str, str]
SUPERVISOR = Actor(principal_id="supervisor.api", role=Role.SUPERVISOR)


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


def test_every_role_reads_both_kinds_of_profile(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    firm = register_org(client, clerk, "PR-F1")
    lawyer = register_person(client, clerk, "PR-L1")
    ok(join(client, clerk, lawyer, firm, effective_on="2024-04-01"))
    for role in ROLES:
        headers = token_for(role)
        org = ok(client.get(f"/organizations/{firm}/profile", headers=headers))
        person = ok(client.get(f"/practitioners/{lawyer}/profile", headers=headers))
        assert (org["id"], org["entity"], org["affiliation"]["members"]) == (
            firm, "organization", 1
        )  # fmt: skip
        assert (person["entity"], person["affiliation"]["organization_id"]) == (
            "practitioner",
            firm,
        )
        assert person["as_of"] == {
            "day": "2024-12-31", "effective": None, "recorded": None, "source": "view"
        }  # fmt: skip
        assert person["risk"]["tier"] in ("low", "medium", "high")
        assert person["risk"]["policy_version"] == "2024.1"


def test_profile_needs_a_token(client: TestClient, clerk: Headers) -> None:
    firm = register_org(client, clerk, "PR-F2")
    assert_problem(client.get(f"/organizations/{firm}/profile"), 401)


def test_unknown_ids_and_the_wrong_kind_of_subject_are_404(
    client: TestClient, clerk: Headers
) -> None:
    firm = register_org(client, clerk, "PR-F3")
    lawyer = register_person(client, clerk, "PR-L3")
    for path in (
        f"/organizations/{uuid4()}/profile",
        f"/practitioners/{uuid4()}/profile",
        f"/practitioners/{firm}/profile",  # an organization on the practitioner route
        f"/organizations/{lawyer}/profile",
        f"/practitioners/{firm}/profile?as_of_effective=2024-06-01",
        f"/organizations/{firm}/profile?as_of_effective=2024-02-29",  # before registration
    ):
        assert_problem(client.get(path, headers=clerk), 404, "EntityExists")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of_effective=2024-13-01", "as_of_effective"),
        ("as_of_effective=yesterday", "as_of_effective"),
        ("as_of_recorded=not-a-time", "as_of_recorded"),
        ("as_of_effective=2025-01-01", "as_of_effective"),  # after today
        ("as_of_recorded=2999-01-01T00:00:00Z", "as_of_recorded"),  # in the future
        ("after=-1", "after"),
    ],
)
def test_bad_dates_are_422(client: TestClient, clerk: Headers, query: str, field: str) -> None:
    firm = register_org(client, clerk, "PR-F4")
    body = assert_problem(client.get(f"/organizations/{firm}/profile?{query}", headers=clerk), 422)
    assert field in [loc[-1] for loc in error_locs(body)]


def test_a_read_after_a_command_position_shows_the_command(
    client: TestClient, clerk: Headers
) -> None:
    lawyer = register_person(client, clerk, "PR-L5")
    body = command(
        "停止执业", starts_on="2024-12-01", until="2025-02-28", effective_on="2024-11-28"
    )
    accepted = ok(client.post(f"/practitioners/{lawyer}/suspension", json=body, headers=clerk))
    profile = ok(
        client.get(
            f"/practitioners/{lawyer}/profile",
            params={"after": accepted["position"]},
            headers=clerk,
        )
    )
    assert profile["position"] >= accepted["position"]
    assert profile["registration"]["status"] == "suspended"
    assert profile["registration"]["suspension"] == {
        "starts_on": "2024-12-01",
        "until": "2025-02-28",
    }
    assert profile["risk"]["tier"] == "high"
    assert profile["risk"]["reasons"][0]["rule"] == "LicenceNotInGoodStanding"


def _meta(command_id: str, day: date, actor: Actor = SUPERVISOR) -> EventMeta:
    return EventMeta(actor=actor, reason="api", effective_on=day, command_id=command_id)


def test_two_axes_over_http(client: TestClient, clerk: Headers, api_services: Services) -> None:
    """A lawyer assessed 不称职 in March; the objection decided in June varies it to 基本称职."""
    ledger = api_services.ledger
    lawyer = register_person(client, clerk, "PR-L6", effective_on="2020-01-02")
    evaluation = ledger.open_evaluation(
        _meta("open", date(2024, 3, 1)), EvaluationKind.LAWYER_ANNUAL, UUID(lawyer), 2023,
        ("大兴区司法局",),
    ).subject_id  # fmt: skip
    ledger.record_lawyer_assessment(
        _meta("assess", date(2024, 3, 15)), evaluation, LawyerAssessmentResult.INCOMPETENT
    )
    objection = ledger.file_appeal(
        _meta("file", date(2024, 3, 20)), AppealKind.OBJECTION, "evaluation", evaluation,
        "律师本人", "考核依据不足",
    ).subject_id  # fmt: skip
    ledger.accept_appeal(_meta("accept", date(2024, 3, 21)), objection)
    between = datetime.now(UTC)
    decided = ledger.decide_appeal(
        _meta("decide", date(2024, 6, 14)), objection, AppealOutcome.VARIED,
        {"result": "basically_competent"},
    )  # fmt: skip
    url = f"/practitioners/{lawyer}/profile"

    def result(**params: Any) -> str:
        body = ok(client.get(url, params={"after": decided.position, **params}, headers=clerk))
        (grade,) = body["grades"]
        return str(grade["result"])

    assert result(as_of_effective="2024-04-15") == "basically_competent"
    assert result(as_of_recorded=between.isoformat()) == "incompetent"
    assert result(as_of_effective="2024-04-15", as_of_recorded=between.isoformat()) == (
        "incompetent"
    )
    assert result() == "basically_competent"
    # A moment without an offset is Beijing time: eight hours ahead of UTC.
    beijing = (between + timedelta(hours=8)).replace(tzinfo=None).isoformat()
    assert result(as_of_recorded=beijing) == "incompetent"
    body = ok(client.get(url, params={"as_of_recorded": between.isoformat()}, headers=clerk))
    assert body["as_of"]["source"] == "fold"
    assert body["position"] < decided.position


def test_no_profile_carries_complainant_data_whoever_asks(
    client: TestClient, clerk: Headers, token_for: TokenFor
) -> None:
    lawyer = register_person(client, clerk, "PR-L7")
    name, phone, id_number = "钱保密", "13800001111", "110101199001011234"
    complaint = {
        "channel": "hotline_12345",
        "urgency": "general",
        "complainant": {"name": name, "phone": phone, "id_number": id_number},
        "summary": "收费后未提供服务",
        "subject_id": lawyer,
        "reason": "12345工单",
        "effective_on": "2024-06-03",
    }
    cid = created(client.post("/complaints", json=complaint, headers=clerk))["id"]
    for role in ROLES:
        for query in ("", "?as_of_effective=2024-06-30"):
            text = client.get(
                f"/practitioners/{lawyer}/profile{query}", headers=token_for(role)
            ).text
            assert cid in text  # the complaint is there, as an open one
            for secret in (name, phone, id_number):
                assert secret not in text, (role, query)
