"""Case-file reviews over HTTP; the result goes on the organization's record."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.services import Services
from domain.core.values import Role
from tests.api.conftest import TokenFor
from tests.api.helpers import assert_problem, command, created, nothing_written, ok, register_org

Headers = dict[str, str]


@pytest.fixture
def api_services(any_services: Services) -> Services:
    return any_services


def test_a_mediation_committee_review_goes_on_its_record(
    client: TestClient, clerk: Headers, token_for: TokenFor, api_services: Services
) -> None:
    inspector = token_for(Role.INSPECTOR, "inspector.zhao")
    committee = register_org(
        client, clerk, "TJ-CFR-1", kind="mediation_committee", effective_on="2020-01-02"
    )
    review = created(
        client.post(
            "/case-file-reviews",
            json=command(
                "评查通知", subject_id=committee, title="2024年案卷评查", effective_on="2024-06-03"
            ),
            headers=inspector,
        )
    )["id"]
    ok(
        client.post(
            f"/case-file-reviews/{review}/sample",
            json=command("随机抽取", case_refs=["TJ-1", "TJ-2"], effective_on="2024-06-03"),
            headers=inspector,
        )
    )
    with nothing_written(client, api_services):
        bad = client.post(
            f"/case-file-reviews/{review}/scores",
            json=command("评查", case_ref="TJ-1", result="fail", effective_on="2024-06-04"),
            headers=inspector,
        )
    assert_problem(bad, 422, "CaseFileScoresWellFormed")
    with nothing_written(client, api_services):
        early = client.post(
            f"/case-file-reviews/{review}/conclusion", json=command("结论"), headers=inspector
        )
    assert_problem(early, 409, "CaseFileReviewStepsInOrder")
    for ref, result, faults in (("TJ-1", "fail", ["未经双方签字"]), ("TJ-2", "pass", [])):
        ok(
            client.post(
                f"/case-file-reviews/{review}/scores",
                json=command(
                    "评查", case_ref=ref, result=result, faults=faults, effective_on="2024-06-04"
                ),
                headers=inspector,
            )
        )
    ok(
        client.post(
            f"/case-file-reviews/{review}/conclusion",
            json=command("评查结论", effective_on="2024-06-05"),
            headers=inspector,
        )
    )
    shown = ok(client.get(f"/case-file-reviews/{review}", headers=clerk))
    assert (shown["reviewed"], shown["failed"], shown["pass_rate"]) == (2, 1, "50.0")
    history = ok(client.get(f"/organizations/{committee}/history", headers=clerk))["events"]
    assert "ledger.CaseFileReview.Concluded" in [e["event"] for e in history]
    assert (
        client.post(
            "/case-file-reviews", json=command("x", subject_id=committee, title="t"), headers=clerk
        ).status_code
        == 403
    )
