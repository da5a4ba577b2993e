"""Spot checks on SQLite and PostgreSQL, with pools computed from the record and the seed from
the verifiable log: the whole story (plan -> approve -> freeze -> draw -> verify -> recusal ->
void -> redraw), what the pools take from the record, the wait for a signed checkpoint, and
`verify` finding a changed pool member or assignment, in a copy of the inputs and in the store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
import pytest

from api.http.spot_checks import actions
from api.services import Services
from domain.inspections.values import (
    InspectionKind,
    InspectionStatus,
)
from domain.registry.organizations import Organization
from domain.spot_checks.errors import (
    DrawCheckpointError,
    SpotCheckDrawsNothingError,
)
from domain.spot_checks.pools import TierQuota
from domain.spot_checks.rounds import (
    PlanStatus,
    SpotCheckScope,
)
from projections.spot_checks.verify import verify_inputs
from tests.integration.integrity_support import guards_bypassed, record, stored
from tests.integration.spot_check_support import (
    ALL_OF_THEM,
    CLERK,
    PLANNED,
    SUPERVISOR_A,
    SUPERVISOR_B,
    District,
    approve_freeze_draw,
    build_district,
    freeze,
    meta,
    new_secret,
    propose,
)


@pytest.fixture
def district(any_services: Services) -> District:
    return build_district(any_services.ledger)


def current_round(services: Services, plan_id: UUID) -> Any:
    current = services.ledger.get_spot_check_plan(plan_id).current
    assert current is not None
    return current


def test_plan_approve_freeze_draw_verify_recuse_void_and_draw_again(
    any_services: Services, district: District
) -> None:
    services, ledger = any_services, any_services.ledger
    plan_id = propose(district)
    approve_freeze_draw(services, plan_id)
    first = current_round(services, plan_id)
    assert len(first.outcome.assignments) == len(district.firms)
    assert all(i.kind is InspectionKind.SPOT_CHECK for i in ledger.round_inspections(first))
    assert actions.verify(services, plan_id).identical

    # 回避: one inspector steps aside; the re-draw for the slot is recorded and re-verifiable.
    assignment = first.outcome.assignments[0]
    ledger.replace_recused_inspector(
        meta(SUPERVISOR_A), plan_id, assignment.target_id, assignment.inspector_ids[0]
    )
    verification = actions.verify(services, plan_id)
    assert verification.identical, verification.first_difference

    # Void (two people), then a new round: new freeze, new checkpoint, new commitment.
    ledger.request_draw_void(meta(SUPERVISOR_A, reason="名录库漏登一家律所"), plan_id)
    reveal, commitment = new_secret()
    ledger.void_draw(meta(SUPERVISOR_B), plan_id, commitment)
    cancelled = ledger.round_inspections(ledger.get_spot_check_plan(plan_id).rounds[0])
    assert {i.status for i in cancelled} == {InspectionStatus.CANCELLED}
    freeze(services, plan_id, date(2024, 6, 5))
    with pytest.raises(DrawCheckpointError):  # the last checkpoint predates the new freeze
        actions.draw(services, meta(SUPERVISOR_B, date(2024, 6, 5)), plan_id, reveal)
    services.integrity.checkpoint_now()
    actions.draw(services, meta(SUPERVISOR_B, date(2024, 6, 5)), plan_id, reveal)

    plan = ledger.get_spot_check_plan(plan_id)
    assert [r.voided for r in plan.rounds] == [True, False]
    assert plan.status is PlanStatus.DRAWN
    report = actions.verify(services, plan_id)
    assert report.identical and [r.round for r in report.rounds] == [1, 2]
    public = actions.public_view(services, plan_id)
    assert [r.voided for r in public.round_details] == [True, False]
    assert public.round_details[0].draws, "the voided draw stays visible"


def test_the_pools_come_from_the_record(any_services: Services, district: District) -> None:
    services, ledger = any_services, any_services.ledger
    suspended, closed, elsewhere = district.firms[2], district.firms[3], district.firms[4]
    ledger.suspend_licence(
        meta(SUPERVISOR_A, date(2024, 5, 1)), Organization, suspended,
        date(2024, 5, 1), date(2024, 8, 31),
    )  # fmt: skip
    ledger.deregister_organization(meta(CLERK, date(2024, 5, 2)), closed)
    ledger.plan_inspection(
        meta(SUPERVISOR_A, date(2024, 5, 3)),
        InspectionKind.ROUTINE,
        elsewhere,
        district.checklist,  # type: ignore[arg-type]
        supervising_unit="公证管理科",
    )
    inactive = district.inspectors[5]
    ledger.set_inspector_active(meta(CLERK, date(2024, 5, 3)), inactive, active=False)
    plan_id = propose(district, scope=SpotCheckScope(supervising_unit="律师工作科"))
    _, commitment = new_secret()
    ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    freeze(services, plan_id)

    current = current_round(services, plan_id)
    targets = {t.id: t for t in current.targets}
    assert closed not in targets and set(targets) == set(district.firms) - {closed}
    assert targets[suspended].tier == "high"  # LicenceNotInGoodStanding, from the profile
    assert targets[district.firms[5]].tier == "low"
    assert targets[elsewhere].unit == "公证管理科"  # named by its latest inspection
    assert targets[district.firms[5]].unit == "律师工作科"  # the plan's default
    inspectors = {i.id: i for i in current.inspectors}
    assert inactive not in inspectors and len(inspectors) == len(district.inspectors) - 1
    conflicted, firm = district.conflicted  # type: ignore[misc]
    assert inspectors[conflicted].conflicts == (firm,)
    employed, employer = district.employed  # type: ignore[misc]
    assert inspectors[employed].previous_employers == (employer,)


def test_a_later_plan_counts_earlier_draws_and_keeps_last_rounds_inspectors_off(
    any_services: Services, district: District
) -> None:
    services = any_services
    first_plan = propose(district)
    approve_freeze_draw(services, first_plan)
    earlier = current_round(services, first_plan).outcome.by_target()

    second_plan = propose(district, quotas=ALL_OF_THEM)
    approve_freeze_draw(services, second_plan, date(2024, 9, 2))
    second = current_round(services, second_plan)
    for target in second.targets:
        assert target.draws_this_year == 1
        assert target.previous_inspectors == tuple(sorted(earlier[target.id].inspector_ids))
    for assignment in second.outcome.assignments:
        assert not set(assignment.inspector_ids) & set(earlier[assignment.target_id].inspector_ids)

    # Every target is now at the yearly cap: a third plan would draw nothing (PlanDrawsSomething).
    capped = propose(district, quotas=(TierQuota(tier="low", ratio=Decimal(1)),))
    _reveal, commitment = new_secret()
    before = services.db.head()
    with pytest.raises(SpotCheckDrawsNothingError) as refused:
        actions.approve(services, meta(SUPERVISOR_B, date(2024, 10, 8)), capped, commitment)
    assert (
        refused.value.rule == "PlanDrawsSomething" and "at the yearly cap" in refused.value.detail
    )
    assert services.db.head() == before


def test_the_draw_waits_for_the_first_signed_checkpoint_covering_the_freeze(
    any_services: Services, district: District
) -> None:
    services, ledger = any_services, any_services.ledger
    plan_id = propose(district)
    reveal, commitment = new_secret()
    ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    services.integrity.checkpoint_now()  # before the freeze: it cannot seed the draw
    freeze(services, plan_id)
    before = services.db.head()
    with pytest.raises(DrawCheckpointError) as caught:
        actions.draw(services, meta(SUPERVISOR_B), plan_id, reveal)
    assert caught.value.rule == "SeedFromFirstCheckpointAfterFreeze"
    assert services.db.head() == before
    first, _ = services.integrity.checkpoint_now()
    record(services, 2)  # more events, and a later checkpoint
    services.integrity.checkpoint_now()
    actions.draw(services, meta(SUPERVISOR_B), plan_id, reveal)
    recorded = current_round(services, plan_id).checkpoint
    assert (recorded.tree_size, recorded.note) == (first.tree_size, first.note)


# -- verify finds what changed -----------------------------------------------------------------


@pytest.fixture
def drawn_plan(any_services: Services, district: District) -> UUID:
    plan_id = propose(district)
    approve_freeze_draw(any_services, plan_id)
    return plan_id


def test_verify_reports_a_pool_member_changed_in_a_copy_of_the_inputs(
    any_services: Services, drawn_plan: UUID
) -> None:
    (inputs,) = actions.recorded_inputs(any_services, drawn_plan)
    key = any_services.integrity.signer.verifier_key
    assert verify_inputs(inputs, key).identical
    moved = inputs.targets[0].model_copy(update={"tier": "high"})
    copy = inputs.model_copy(update={"targets": (moved, *inputs.targets[1:])})
    report = verify_inputs(copy, key)
    assert not report.identical
    assert (report.first_difference or "").startswith("target pool hash differs")


def test_verify_reports_an_assignment_changed_in_a_copy_of_the_inputs(
    any_services: Services, drawn_plan: UUID
) -> None:
    (inputs,) = actions.recorded_inputs(any_services, drawn_plan)
    first = inputs.outcome.assignments[0]
    other = next(i.id for i in inputs.inspectors if i.id not in first.inspector_ids)
    changed = first.model_copy(update={"inspector_ids": (first.inspector_ids[0], other)})
    outcome = inputs.outcome.model_copy(
        update={"assignments": (changed, *inputs.outcome.assignments[1:])}
    )
    report = verify_inputs(
        inputs.model_copy(update={"outcome": outcome}), any_services.integrity.signer.verifier_key
    )
    expected = (
        f"target {first.target_id} assigned [{first.inspector_ids[0]}, {other}] recorded, "
        f"[{first.inspector_ids[0]}, {first.inspector_ids[1]}] recomputed"
    )
    assert report.first_difference == expected


def _rewrite(services: Services, plan_id: UUID, topic: str, change: Any) -> None:
    """Rewrite one stored event of the plan past the append-only guards, as a superuser could."""
    row = next(r for r in stored(services) if r["originator_id"] == plan_id and r["topic"] == topic)
    state = orjson.loads(row["state"])
    change(state)
    with guards_bypassed(services) as execute:
        execute(
            "UPDATE {events} SET state = ? WHERE {position} = ?",
            (orjson.dumps(state, option=orjson.OPT_SORT_KEYS), row["position"]),
        )


def test_verify_reports_a_pool_member_changed_in_the_store(
    any_services: Services, drawn_plan: UUID
) -> None:
    def drop_a_conflict(state: dict[str, Any]) -> None:
        for member in state["inspectors"]["_data_"]:
            member["_data_"]["conflicts"] = []

    _rewrite(any_services, drawn_plan, "ledger.SpotCheckPlan.PoolsFrozen", drop_a_conflict)
    report = actions.verify(any_services, drawn_plan)
    assert not report.identical
    assert (report.first_difference or "").startswith("inspector pool hash differs")
    checks = {c.name: c.ok for c in report.rounds[0].checks}
    assert checks["stored events"] is False  # and the sealed Merkle log says so too


def test_verify_reports_an_assignment_changed_in_the_store(
    any_services: Services, drawn_plan: UUID
) -> None:
    (inputs,) = actions.recorded_inputs(any_services, drawn_plan)
    first = inputs.outcome.assignments[0]
    other = next(i.id for i in inputs.inspectors if i.id not in first.inspector_ids)

    def swap_an_inspector(state: dict[str, Any]) -> None:
        slots = state["outcome"]["_data_"]["assignments"][0]["inspector_ids"]
        slots[1] = str(other)

    _rewrite(any_services, drawn_plan, "ledger.SpotCheckPlan.Drawn", swap_an_inspector)
    report = actions.verify(any_services, drawn_plan)
    assert report.first_difference == (
        f"target {first.target_id} assigned [{first.inspector_ids[0]}, {other}] recorded, "
        f"[{first.inspector_ids[0]}, {first.inspector_ids[1]}] recomputed"
    )


def test_the_public_record_shows_each_results_publication_status(
    any_services: Services, drawn_plan: UUID
) -> None:
    view = actions.public_view(any_services, drawn_plan)
    assert view.status is PlanStatus.DRAWN and view.round_details
    (drawn,) = view.round_details
    assert drawn.checkpoint is not None and drawn.reveal is not None
    for target in drawn.draws:
        assert target.inspection is not None
        assert target.inspection.status is InspectionStatus.INSPECTORS_ASSIGNED
        assert target.inspection.publication_due is None and not target.inspection.overdue
        assert len(target.inspectors) == 2 and all(i.name for i in target.inspectors)
    assert drawn.drawn_on == PLANNED
