"""Shared by the inspection HTTP tests: `Setup` (a firm, four inspectors, the law-firm checklist
and the tokens of each role) and the law-firm checklist body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from domain.core.values import (
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import default_checklists
from tests.api.conftest import TokenFor
from tests.api.helpers import (
    command,
    created,
    inspector_body,
    ok,
    register_org,
)

Headers = dict[str, str]
Rejected = Callable[..., Any]


def law_firm_checklist_body(**overrides: Any) -> dict[str, Any]:
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    body = {
        "kind": "law_firm",
        "code": "annual",
        "title": template.title,
        "items": [item.model_dump(mode="json") for item in template.items],
        "reason": "发布年度检查考核清单",
        "effective_on": "2024-01-05",
    }
    return {**body, **overrides}


class Setup:
    def __init__(self, client: TestClient, token_for: TokenFor) -> None:
        self.client = client
        self.clerk = token_for(Role.CLERK)
        self.supervisor = token_for(Role.SUPERVISOR)
        self.inspector = token_for(Role.INSPECTOR)
        self.auditor = token_for(Role.AUDITOR)
        self.firm = register_org(client, self.clerk, "31110000IN0001")
        self.staff = [
            str(
                created(
                    client.post(
                        "/inspectors",
                        json=inspector_body(
                            f"京司执IN{n}", unit="律师工作科" if n == 3 else "执法监督科"
                        ),
                        headers=self.clerk,
                    )
                )["id"]
            )
            for n in range(4)
        ]
        self.checklist = str(
            created(
                client.post("/checklists", json=law_firm_checklist_body(), headers=self.supervisor)
            )["id"]
        )
        self.items = [i["item_id"] for i in law_firm_checklist_body()["items"]]

    def plan(self, **overrides: Any) -> str:
        body = {
            "kind": "annual",
            "subject_id": self.firm,
            "checklist_id": self.checklist,
            "supervising_unit": "律师工作科",
            "reason": "年度检查考核",
            "effective_on": "2024-09-02",
            **overrides,
        }
        return str(
            created(self.client.post("/inspections", json=body, headers=self.supervisor))["id"]
        )

    def post(self, path: str, body: dict[str, Any], headers: Headers | None = None) -> Any:
        return self.client.post(path, json=body, headers=headers or self.supervisor)

    def findings_body(self, fail: tuple[str, ...] = ("FF-01",), **fields: Any) -> dict[str, Any]:
        findings = [
            {"item_id": i, "outcome": "fail", "note": "未公示", "evidence": ["笔录-1"]}
            if i in fail
            else {"item_id": i, "outcome": "pass"}
            for i in self.items
        ]
        defaults = {"inspector_ids": self.staff[:2], "effective_on": "2024-09-10"}
        return command("现场检查", findings=findings, **{**defaults, **fields})

    def concluded(self) -> str:
        inspection = self.plan()
        ok(
            self.post(
                f"/inspections/{inspection}/inspectors",
                command("指派", inspector_ids=self.staff[:2], effective_on="2024-09-02"),
            )
        )
        ok(self.post(f"/inspections/{inspection}/findings", self.findings_body(), self.inspector))
        ok(
            self.post(
                f"/inspections/{inspection}/result",
                command(
                    "结论",
                    result="non_compliant",
                    summary="收费标准未公示",
                    effective_on="2024-09-20",
                ),
                self.inspector,
            )
        )
        return inspection
