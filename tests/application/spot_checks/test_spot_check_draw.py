"""The spot-check draw through the ledger: the commit-reveal seed and checkpoint, the draw and
its inspections in one transaction, retries, and recusal re-draws for one slot."""

from __future__ import annotations

import hashlib

from domain.inspections.errors import (
    InspectorAssignmentError,
    InspectorConflictError,
)
from domain.inspections.values import (
    InspectionKind,
    InspectionStatus,
)
from domain.spot_checks.errors import (
    DrawCheckpointError,
    RevealMismatchError,
)
from domain.spot_checks.rounds import PlanStatus
from tests.application.spot_checks.spot_check_plan_support import (
    approved,
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
