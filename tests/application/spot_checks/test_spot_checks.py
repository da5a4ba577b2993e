"""Spot-check plans through the ledger (SQLite in memory): four eyes, steps in order, the
commit-reveal seed, the draw creating its inspections in one transaction, recusal re-draws,
voiding (four eyes, before the inspections start, inspections cancelled not deleted) and the
next round. Pools and checkpoints are made here by hand; tests/integration builds them from the
record and the verifiable log."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.core.errors import (
    LedgerError,
    ProposerCannotApproveError,
)
from domain.inspections.errors import (
    InspectorAssignmentError,
    InspectorConflictError,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from domain.spot_checks.commands import DEFAULT_TIER_QUOTAS
from domain.spot_checks.draw import tier_counts
from domain.spot_checks.errors import (
    CommitmentReusedError,
    DrawCheckpointError,
    DrawVoidError,
    RevealMismatchError,
    SpotCheckDrawsNothingError,
    SpotCheckPlanInvalidError,
    SpotCheckStageError,
)
from domain.spot_checks.pools import (
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
    TierQuota,
)
from domain.spot_checks.rounds import PlanStatus
from projections.integrity.checkpoints import NoteSigner
from tests.integration.spot_check_support import (
    CLERK,
    SUPERVISOR_A,
    SUPERVISOR_B,
    District,
    build_district,
    meta,
    new_secret,
    propose,
)

SIGNER = NoteSigner(Ed25519PrivateKey.generate())


def stored(ledger: ComplianceLedger) -> list[tuple[int, str]]:
    return [(n.id, n.topic) for n in ledger.recorder.select_notifications(start=None, limit=10**6)]


def refused(
    ledger: ComplianceLedger, error: type[LedgerError], command: Callable[[], object]
) -> LedgerError:
    before = stored(ledger)
    with pytest.raises(error) as caught:
        command()
    assert stored(ledger) == before, "a refused command wrote something"
    return caught.value


def checkpoint(size: int = 40, label: bytes = b"root") -> SeedCheckpoint:
    root = hashlib.sha256(label).digest()
    return SeedCheckpoint(tree_size=size, root=root.hex(), note=SIGNER.sign(size, root))


def pools(district: District) -> tuple[list[PoolTarget], list[PoolInspector]]:
    ledger = district.ledger
    targets = []
    for n, firm_id in enumerate(district.firms):
        firm = ledger.get_organization(firm_id)
        targets.append(
            PoolTarget(
                id=firm.id,
                kind=firm.kind.value,
                number=firm.number,
                name=firm.details.name,
                tier="low",
                draws_this_year=0,
                unit="律师工作科" if n == 2 else None,
            )
        )
    inspectors = []
    for inspector_id in district.inspectors:
        i = ledger.get_inspector(inspector_id)
        inspectors.append(
            PoolInspector(
                id=i.id,
                number=i.number,
                name=i.details.name,
                unit=i.details.unit,
                conflicts=tuple(i.declared_conflicts),
                previous_employers=tuple(i.previous_employers),
            )
        )
    return targets, inspectors


@pytest.fixture
def district(ledger: ComplianceLedger) -> District:
    return build_district(ledger)


def approved(district: District) -> tuple[UUID, str]:
    plan_id = propose(district)
    reveal, commitment = new_secret()
    district.ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    return plan_id, reveal


def drawn(district: District) -> tuple[UUID, str]:
    plan_id, reveal = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, reveal, checkpoint())
    return plan_id, reveal


# -- plan and approval -------------------------------------------------------------------------


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


# -- the draw ----------------------------------------------------------------------------------


def test_a_revealed_value_that_does_not_hash_to_the_commitment_is_refused(
    district: District,
) -> None:
    plan_id, _ = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    other, _ = new_secret()
    error = refused(
        ledger,
        RevealMismatchError,
        lambda: ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, other, checkpoint()),
    )
    assert error.rule == "RevealMatchesCommitment"


def test_a_checkpoint_whose_note_signs_another_root_is_refused(district: District) -> None:
    plan_id, reveal = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    forged = checkpoint().model_copy(update={"root": hashlib.sha256(b"chosen").hexdigest()})
    refused(
        ledger,
        DrawCheckpointError,
        lambda: ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, reveal, forged),
    )


def test_the_draw_plans_each_targets_spot_check_with_its_inspectors(district: District) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    plan = ledger.get_spot_check_plan(plan_id)
    current = plan.current
    assert current is not None and current.outcome is not None
    assert plan.status is PlanStatus.DRAWN
    assert len(current.outcome.assignments) == len(district.firms)  # ratio 1 on the low tier
    for assignment, inspection in zip(
        current.outcome.assignments, ledger.round_inspections(current), strict=True
    ):
        assert inspection.kind is InspectionKind.SPOT_CHECK
        assert inspection.subject_id == assignment.target_id
        assert inspection.inspector_ids == assignment.inspector_ids
        assert (inspection.checklist_id, inspection.checklist_version) == (district.checklist, 1)
        assert inspection.status is InspectionStatus.INSPECTORS_ASSIGNED
        assert str(plan_id) in (inspection.source_ref or "")
    conflicted_inspector, conflicted_firm = district.conflicted  # type: ignore[misc]
    assert conflicted_inspector not in current.outcome.by_target()[conflicted_firm].inspector_ids


def test_the_draw_and_its_inspections_are_one_transaction(district: District) -> None:
    """A rule broken while planning one inspection (a conflict declared after the freeze) leaves
    neither the Drawn event nor any inspection on the record."""
    plan_id, reveal = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    for inspector_id in district.inspectors:
        ledger.declare_inspector_conflict(
            meta(SUPERVISOR_A), inspector_id, district.firms[-1], "亲属新近入所"
        )
    refused(
        ledger,
        InspectorConflictError,
        lambda: ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, reveal, checkpoint()),
    )
    assert ledger.get_spot_check_plan(plan_id).status is PlanStatus.FROZEN


def test_a_retried_draw_answers_from_its_receipt(district: District) -> None:
    plan_id, reveal = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    command = meta(SUPERVISOR_B)
    first = ledger.draw_spot_checks(command, plan_id, reveal, checkpoint())
    again = ledger.draw_spot_checks(command, plan_id, reveal, checkpoint())
    assert again.replayed and again.subject_id == first.subject_id


# -- recusal -----------------------------------------------------------------------------------


def test_a_recused_inspector_is_replaced_by_a_recorded_redraw_for_that_slot(
    district: District,
) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    current = ledger.get_spot_check_plan(plan_id).current
    assert current is not None and current.outcome is not None
    assignment = current.outcome.assignments[0]
    leaving = assignment.inspector_ids[1]
    ledger.replace_recused_inspector(
        meta(SUPERVISOR_A), plan_id, assignment.target_id, leaving, requested_by_party=True
    )
    current = ledger.get_spot_check_plan(plan_id).current
    assert current is not None
    (replaced,) = current.replacements
    assert (replaced.slot, replaced.recused_id, replaced.requested_by_party) == (1, leaving, True)
    assert replaced.replacement_id not in assignment.inspector_ids
    inspection = ledger.get_inspection(current.inspection_of(assignment.target_id))
    assert inspection.recused == {leaving: True}
    assert set(inspection.inspector_ids) == {assignment.inspector_ids[0], replaced.replacement_id}
    assert current.current_assignments()[assignment.target_id][1] == replaced.replacement_id


def test_only_an_inspector_holding_a_slot_can_be_replaced(district: District) -> None:
    plan_id, _ = drawn(district)
    ledger = district.ledger
    current = ledger.get_spot_check_plan(plan_id).current
    assert current is not None and current.outcome is not None
    assignment = current.outcome.assignments[0]
    stranger = next(i for i in district.inspectors if i not in assignment.inspector_ids)
    refused(
        ledger,
        InspectorAssignmentError,
        lambda: ledger.replace_recused_inspector(
            meta(SUPERVISOR_A), plan_id, assignment.target_id, stranger
        ),
    )


# -- voiding -----------------------------------------------------------------------------------


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
