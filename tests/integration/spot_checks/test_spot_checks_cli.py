"""`ledger draw` at the console, on both backends: people act with their own tokens (four eyes),
the draw waits for a checkpoint unless asked to sign one, `verify` re-runs it from the database
or offline from exported inputs (and exits 1 on a changed pool member or assignment), `show`
prints the public record."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import app
from api.services import Services
from domain.core.values import (
    EventMeta,
    Role,
)
from tests.integration.spot_check_support import CLERK, District, build_district

runner = CliRunner()
ON = ("--effective-on", "2024-06-03")


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def succeeded(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def console(any_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    monkeypatch.setenv("LEDGER_DATABASE_URL", any_services.config.url)
    monkeypatch.setenv("LEDGER_SIGNING_KEY_FILE", str(tmp_path / "keys" / "signing.key"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LEDGER_TOKEN", raising=False)
    return any_services


@pytest.fixture
def district(console: Services) -> District:
    return build_district(console.ledger)


@pytest.fixture
def tokens(console: Services) -> dict[str, str]:
    found = {}
    for who, name, role in (
        ("clerk", "clerk.cli", Role.CLERK),
        ("a", "supervisor.cli.a", Role.SUPERVISOR),
        ("b", "supervisor.cli.b", Role.SUPERVISOR),
    ):
        meta = EventMeta(
            actor=CLERK, reason="cli test", effective_on=date(2024, 1, 2), command_id=f"tok-{name}"
        )
        issued = console.ledger.issue_token(meta, name, role, 3650)  # the CLI runs on today's date
        assert issued.secret is not None
        found[who] = issued.secret
    return found


def commit() -> tuple[str, str]:
    output = succeeded("draw", "commit")
    commitment = re.search(r"commitment.*?:\s+([0-9a-f]{64})", output)
    value = re.search(r"value.*?:\s+([0-9a-f]{64})", output)
    assert commitment and value, output
    return value.group(1), commitment.group(1)


def propose(district: District, token: str) -> str:
    output = succeeded(
        "draw", "plan", "--title", "2024年双随机抽查", "--year", "2024",
        "--checklist", str(district.checklist), "--ratio", "low=1", "--count", "high=2",
        "--token", token, *ON,
    )  # fmt: skip
    found = re.search(r"proposed plan: ([0-9a-f-]{36})", output)
    assert found, output
    return found.group(1)


def test_supervisors_plan_approve_freeze_draw_verify_and_show_at_the_console(
    district: District, tokens: dict[str, str], tmp_path: Path
) -> None:
    plan_id = propose(district, tokens["clerk"])
    reveal, commitment = commit()
    succeeded("draw", "approve", plan_id, "--commitment", commitment, "--token", tokens["b"], *ON)
    succeeded("draw", "freeze", plan_id, "--token", tokens["a"], *ON)

    waiting = invoke("draw", "run", plan_id, "--reveal", reveal, "--token", tokens["b"], *ON)
    assert waiting.exit_code == 2 and "SeedFromFirstCheckpointAfterFreeze" in waiting.output
    succeeded(
        "draw", "run", plan_id, "--reveal", reveal, "--checkpoint-now", "--token", tokens["b"], *ON
    )

    verified = succeeded("draw", "verify", plan_id)
    assert "identical" in verified and "DIFF" not in verified
    public: dict[str, Any] = json.loads(succeeded("draw", "show", plan_id, "--json"))
    assert public["status"] == "drawn"
    assert len(public["round_details"][0]["draws"]) == len(district.firms)
    assert plan_id in succeeded("draw", "list")
    assert "检查员" in succeeded("draw", "show", plan_id)


def test_the_proposer_cannot_approve_at_the_console_either(
    district: District, tokens: dict[str, str]
) -> None:
    plan_id = propose(district, tokens["a"])
    _, commitment = commit()
    refused = invoke(
        "draw", "approve", plan_id, "--commitment", commitment, "--token", tokens["a"], *ON
    )
    assert refused.exit_code == 2 and "ProposerCannotApprove" in refused.output
    unknown = invoke("draw", "approve", plan_id, "--commitment", commitment, "--token", "nope")
    assert unknown.exit_code == 2 and "unknown, revoked or expired" in unknown.output


def test_offline_verify_of_exported_inputs_finds_a_changed_member_or_assignment(
    district: District, tokens: dict[str, str], tmp_path: Path
) -> None:
    plan_id = propose(district, tokens["clerk"])
    reveal, commitment = commit()
    succeeded("draw", "approve", plan_id, "--commitment", commitment, "--token", tokens["b"], *ON)
    succeeded("draw", "freeze", plan_id, "--token", tokens["a"], *ON)
    succeeded(
        "draw", "run", plan_id, "--reveal", reveal, "--checkpoint-now", "--token", tokens["b"], *ON
    )
    exported = tmp_path / "inputs.json"
    succeeded("draw", "export", plan_id, "--output", str(exported))
    key = succeeded("public-key").strip()
    assert "identical" in succeeded(
        "draw", "verify", "--inputs", str(exported), "--public-key", key
    )

    inputs = json.loads(exported.read_text(encoding="utf-8"))
    member = dict(inputs, targets=[{**inputs["targets"][0], "name": "改过的名字"}, *inputs["targets"][1:]])  # fmt: skip
    changed_member = tmp_path / "member.json"
    changed_member.write_text(json.dumps(member), encoding="utf-8")
    result = invoke("draw", "verify", "--inputs", str(changed_member), "--public-key", key)
    assert result.exit_code == 1 and "target pool hash differs" in result.output

    first = inputs["outcome"]["assignments"][0]
    other = next(i["id"] for i in inputs["inspectors"] if i["id"] not in first["inspector_ids"])
    swapped = {**first, "inspector_ids": [first["inspector_ids"][0], other]}
    outcome = {**inputs["outcome"], "assignments": [swapped, *inputs["outcome"]["assignments"][1:]]}
    changed_assignment = tmp_path / "assignment.json"
    changed_assignment.write_text(json.dumps({**inputs, "outcome": outcome}), encoding="utf-8")
    result = invoke("draw", "verify", "--inputs", str(changed_assignment), "--public-key", key)
    assert result.exit_code == 1
    assert f"target {first['target_id']} assigned" in result.output.replace("\n", "")
