"""Voiding a spot-check draw: four eyes, only before its inspections start (which are cancelled,
not deleted), and the next round with a fresh commitment and a new freeze."""

from __future__ import annotations

from datetime import date

from domain.core.errors import ProposerCannotApproveError
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionStatus,
)
from domain.spot_checks.errors import (
    CommitmentReusedError,
    DrawVoidError,
    SpotCheckStageError,
)
from domain.spot_checks.rounds import PlanStatus
from tests.application.spot_checks.spot_check_plan_support import (
    checkpoint,
    drawn,
    pools,
    refused,
)
from tests.integration.spot_check_support import (
    SUPERVISOR_A,
    SUPERVISOR_B,
    District,
    meta,
    new_secret,
)


def test_a_void_needs_a_second_person_and_keeps_the_round_visible(district: District) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    ledger.request_draw_void(meta(SUPERVISOR_A, reason="名录库数据有误"), plan_id)
    _, commitment = new_secret()
    refused(
        ledger,
        ProposerCannotApproveError,
        lambda: ledger.void_draw(meta(SUPERVISOR_A), plan_id, commitment),
    )
    ledger.void_draw(meta(SUPERVISOR_B, reason="同意重新抽取"), plan_id, commitment)
    plan = ledger.get_spot_check_plan(plan_id)
    (voided,) = plan.rounds
    assert voided.voided and voided.outcome is not None  # still on the record
    assert (voided.void_request_reason, voided.void_reason) == ("名录库数据有误", "同意重新抽取")
    assert plan.status is PlanStatus.APPROVED and plan.commitment == commitment
    inspections = ledger.round_inspections(voided)
    assert inspections and all(i.status is InspectionStatus.CANCELLED for i in inspections)


def test_a_draw_is_voided_only_before_its_inspections_start(district: District) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    current = ledger.get_spot_check_plan(plan_id).current
    assert current is not None and current.outcome is not None
    first = current.outcome.assignments[0]
    ledger.record_findings(
        meta(SUPERVISOR_A),
        current.inspection_ids[0],
        [Finding(item_id="PB-01", outcome=FindingOutcome.PASS)],
        first.inspector_ids,
    )
    ledger.request_draw_void(meta(SUPERVISOR_A), plan_id)
    _, commitment = new_secret()
    error = refused(
        ledger, DrawVoidError, lambda: ledger.void_draw(meta(SUPERVISOR_B), plan_id, commitment)
    )
    assert error.rule == "VoidBeforeInspectionsStart"


def test_the_next_round_needs_a_fresh_commitment_and_a_new_freeze(district: District) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    first_commitment = ledger.get_spot_check_plan(plan_id).commitment
    assert first_commitment is not None
    ledger.request_draw_void(meta(SUPERVISOR_A), plan_id)
    error = refused(
        ledger,
        CommitmentReusedError,
        lambda: ledger.void_draw(meta(SUPERVISOR_B), plan_id, first_commitment),
    )
    assert error.rule == "FreshCommitmentPerRound"
    next_reveal, commitment = new_secret()
    ledger.void_draw(meta(SUPERVISOR_B), plan_id, commitment)
    refused(
        ledger,
        SpotCheckStageError,
        lambda: ledger.draw_spot_checks(
            meta(SUPERVISOR_B), plan_id, next_reveal, checkpoint(41, b"after the void")
        ),
    )
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A, date(2024, 6, 4)), plan_id, *pools(district))
    ledger.draw_spot_checks(
        meta(SUPERVISOR_B, date(2024, 6, 4)), plan_id, next_reveal, checkpoint(50, b"new")
    )
    plan = ledger.get_spot_check_plan(plan_id)
    assert [r.voided for r in plan.rounds] == [True, False]
    assert plan.status is PlanStatus.DRAWN
    assert plan.rounds[0].inspection_ids != plan.rounds[1].inspection_ids
