"""Spot-check plans through the ledger: the plan and its quotas, four eyes on approval, and the
steps (approve, freeze, draw) taken in order and not dated before the previous one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.core.errors import ProposerCannotApproveError
from domain.spot_checks.commands import DEFAULT_TIER_QUOTAS
from domain.spot_checks.draw import tier_counts
from domain.spot_checks.errors import (
    SpotCheckDrawsNothingError,
    SpotCheckPlanInvalidError,
    SpotCheckStageError,
)
from domain.spot_checks.pools import TierQuota
from domain.spot_checks.rounds import PlanStatus
from tests.application.spot_checks.spot_check_plan_support import (
    approved,
    checkpoint,
    pools,
    refused,
)
from tests.integration.spot_check_support import (
    CLERK,
    SUPERVISOR_A,
    SUPERVISOR_B,
    District,
    meta,
    new_secret,
    propose,
)


def test_a_plan_takes_the_checklist_kind_and_version_and_the_default_quotas(
    district: District,
) -> None:
    plan = district.ledger.get_spot_check_plan(propose(district, quotas=()))
    assert (plan.subject_kind, plan.checklist_version, plan.year) == ("law_firm", 1, 2024)
    assert plan.rules.quotas == DEFAULT_TIER_QUOTAS
    assert (plan.rules.per_target, plan.rules.max_draws_per_year) == (2, 2)
    assert plan.status is PlanStatus.PROPOSED and plan.proposed_by == CLERK.principal_id


def test_a_plan_names_only_the_tiers_it_changes(district: District) -> None:
    """--ratio medium=0.2 used to replace every default quota (high and low then drew
    nothing); the tiers a plan does not name keep the policy's ratio."""
    quotas = (TierQuota(tier="medium", ratio=Decimal("0.2")),)
    plan = district.ledger.get_spot_check_plan(propose(district, quotas=quotas))
    by_tier = {q.tier: q for q in plan.rules.quotas}
    defaults = {q.tier: q for q in DEFAULT_TIER_QUOTAS}
    assert by_tier == {**defaults, "medium": quotas[0]}
    twice = (TierQuota(tier="low", count=1), TierQuota(tier="low", count=2))
    assert district.checklist is not None
    refused(
        district.ledger,
        SpotCheckPlanInvalidError,
        lambda: district.ledger.propose_spot_check_plan(
            meta(CLERK),
            "两次",
            2024,
            district.checklist,
            quotas=twice,  # type: ignore[arg-type]
        ),
    )


def test_plan_draws_something(district: District) -> None:
    """A plan whose quotas take no target from the pools is refused at approval (from the
    expected counts the caller computes) and at the freeze (from the frozen pools), naming
    every tier's count; one that draws a target is approved."""
    ledger = district.ledger
    nothing = tuple(TierQuota(tier=t, count=0) for t in ("high", "medium", "low"))
    plan_id = propose(district, quotas=nothing)
    targets, inspectors = pools(district)
    rules = ledger.get_spot_check_plan(plan_id).rules
    expected = tier_counts(targets, rules)
    _reveal, commitment = new_secret()
    error = refused(
        ledger,
        SpotCheckDrawsNothingError,
        lambda: ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment, expected),
    )
    assert error.rule == "PlanDrawsSomething"
    assert f"low 0 of {len(targets)} eligible" in error.detail
    assert error.context["tiers"]["low"]["eligible"] == len(targets)
    # Approved without the expectation (as by an older caller): the freeze refuses it then.
    ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    refused(
        ledger,
        SpotCheckDrawsNothingError,
        lambda: ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, targets, inspectors),
    )
    some = propose(district)
    ledger.approve_spot_check_plan(
        meta(SUPERVISOR_B),
        some,
        new_secret()[1],
        tier_counts(targets, ledger.get_spot_check_plan(some).rules),
    )
    assert ledger.get_spot_check_plan(some).status is PlanStatus.APPROVED


def test_fewer_than_two_inspectors_per_target_is_invalid(district: District) -> None:
    ledger = district.ledger
    assert district.checklist is not None
    error = refused(
        ledger,
        SpotCheckPlanInvalidError,
        lambda: ledger.propose_spot_check_plan(
            meta(CLERK), "t", 2024, district.checklist, per_target=1
        ),
    )
    assert error.rule == "SpotCheckPlanWellFormed"


def test_the_proposer_cannot_approve_the_plan(district: District) -> None:
    ledger = district.ledger
    plan_id = ledger.propose_spot_check_plan(
        meta(SUPERVISOR_A),
        "t",
        2024,
        district.checklist,  # type: ignore[arg-type]
    ).subject_id
    _, commitment = new_secret()
    error = refused(
        ledger,
        ProposerCannotApproveError,
        lambda: ledger.approve_spot_check_plan(meta(SUPERVISOR_A), plan_id, commitment),
    )
    assert error.rule == "ProposerCannotApprove"
    ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    assert ledger.get_spot_check_plan(plan_id).status is PlanStatus.APPROVED


def test_pools_are_frozen_only_after_approval_and_a_draw_only_after_the_freeze(
    district: District,
) -> None:
    ledger = district.ledger
    plan_id = propose(district)
    refused(
        ledger,
        SpotCheckStageError,
        lambda: ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district)),
    )
    reveal, commitment = new_secret()
    ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    error = refused(
        ledger,
        SpotCheckStageError,
        lambda: ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, reveal, checkpoint()),
    )
    assert error.rule == "SpotCheckStepsInOrder"


def test_steps_are_not_dated_before_the_previous_step(district: District) -> None:
    plan_id, _ = approved(district)
    ledger = district.ledger
    refused(
        ledger,
        SpotCheckStageError,
        lambda: ledger.freeze_spot_check_pools(
            meta(SUPERVISOR_A, date(2024, 5, 1)), plan_id, *pools(district)
        ),
    )
