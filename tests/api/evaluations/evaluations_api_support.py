"""What the evaluation API tests share: score sheets, a registered institution, opening an
evaluation, posting a step, and an integrity grading through to a final grade C."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import (
    command,
    created,
    ok,
    register_org,
)

Headers = dict[str, str]
DISTRICTS = ["大兴区司法局", "丰台区司法局"]


def sheet(*points: float) -> list[dict[str, Any]]:
    maxima = (40, 30, 30)
    return [
        {"item_id": str(i + 1), "max_points": mx, "points": p, "note": f"第{i + 1}项"}
        for i, (mx, p) in enumerate(zip(maxima, points, strict=True))
    ]


def institution(client: TestClient, clerk: Headers, number: str = "110000J0001") -> str:
    return register_org(
        client, clerk, number, kind="appraisal_institution", effective_on="2019-05-06"
    )


def open_evaluation(
    client: TestClient, headers: Headers, subject: str, kind: str = "integrity_grading", **kw: Any
) -> str:
    body = command(
        "2023年度评价",
        kind=kind,
        subject_id=subject,
        period=2023,
        evaluators=DISTRICTS[:1],
        effective_on="2024-03-01",
    )
    return str(created(client.post("/evaluations", json={**body, **kw}, headers=headers))["id"])


def post(client: TestClient, headers: Headers, evaluation: str, step: str, **body: Any) -> Any:
    return client.post(f"/evaluations/{evaluation}/{step}", json=command(**body), headers=headers)


def graded_c(client: TestClient, clerk: Headers, supervisor: Headers, subject: str) -> str:
    evaluation = open_evaluation(client, supervisor, subject, evaluators=DISTRICTS)
    ok(
        post(
            client,
            clerk,
            evaluation,
            "self-assessment",
            reason="机构自评",
            items=sheet(36, 28, 25),
            effective_on="2024-03-08",
        )
    )
    ok(
        post(
            client,
            clerk,
            evaluation,
            "initial-scores",
            reason="区局初评",
            items=sheet(30, 20, 19),
            effective_on="2024-03-22",
        )
    )
    ok(
        post(
            client,
            supervisor,
            evaluation,
            "final-grade",
            reason="市局终评",
            effective_on="2024-04-01",
        )
    )
    return evaluation
