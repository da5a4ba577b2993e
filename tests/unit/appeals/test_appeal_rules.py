"""Appeal rules on the Appeal aggregate alone, against a stand-in target."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.appeals.appeal import (
    Appeal,
    AppealKind,
    AppealOutcome,
    AppealStatus,
)
from domain.appeals.errors import (
    AppealStepError,
    AppealTargetError,
    VariedDecisionIncompleteError,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)

SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)


def meta(day: date = date(2024, 6, 1)) -> EventMeta:
    return EventMeta(actor=SUPERVISOR, reason="r", effective_on=day, command_id=str(uuid.uuid4()))


@dataclass
class StandInTarget:
    """Records what an appeal does to its target."""

    appeal_kind: str = "evaluation"
    appealable_on: date | None = date(2024, 5, 6)
    published: bool = True
    id: UUID = field(default_factory=uuid.uuid4)
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None:
        self.calls.append(("vary", new_result))

    def annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None:
        self.calls.append(("annul", appeal_id))

    def withdraw_publication(self, meta: EventMeta, due: date) -> bool:
        if not self.published:
            return False
        self.calls.append(("withdraw", due))
        return True


def filed(target: StandInTarget, kind: AppealKind = AppealKind.OBJECTION) -> Appeal:
    return Appeal(
        meta=meta(date(2024, 5, 10)),
        kind=kind,
        target_id=target.id,
        target_kind=target.appeal_kind,
        appellant="示例司法鉴定所（虚构）",
        grounds="扣分依据不足",
        window_opened_on=date(2024, 5, 6),
        deadline=date(2024, 5, 20),
        deadline_provisional=False,
        policy_version="2024.1",
    )


@pytest.mark.parametrize(
    ("kind", "target_kind", "allowed"),
    [
        (AppealKind.OBJECTION, "evaluation", True),
        (AppealKind.RECONSIDERATION, "evaluation", False),
        (AppealKind.OBJECTION, "sanction", False),
        (AppealKind.RECONSIDERATION, "sanction", True),
        (AppealKind.LITIGATION, "inspection", True),
        (AppealKind.OBJECTION, "inspection", False),
    ],
)
def test_appeal_kind_fits_target(kind: AppealKind, target_kind: str, allowed: bool) -> None:
    if allowed:
        Appeal.check_kind_fits_target(kind, target_kind)
    else:
        with pytest.raises(AppealTargetError) as refused:
            Appeal.check_kind_fits_target(kind, target_kind)
        assert refused.value.rule == "AppealKindFitsTarget"


def test_appeal_steps_in_order() -> None:
    target = StandInTarget()
    appeal = filed(target)
    appeal.collect_events()
    with pytest.raises(AppealStepError) as early:
        appeal.decide(meta(), AppealOutcome.UPHELD, target, {}, date(2024, 6, 4), "2024.1")
    assert early.value.rule == "AppealStepsInOrder"
    assert appeal.collect_events() == [] and target.calls == []
    appeal.accept(meta())
    with pytest.raises(AppealStepError):
        appeal.accept(meta())
    with pytest.raises(AppealStepError):
        appeal.reject(meta(), "late")
    appeal.decide(meta(), AppealOutcome.UPHELD, target, {}, date(2024, 6, 4), "2024.1")
    with pytest.raises(AppealStepError):
        appeal.decide(meta(), AppealOutcome.ANNULLED, target, {}, date(2024, 6, 4), "2024.1")
    assert appeal.status is AppealStatus.DECIDED


def test_a_rejected_appeal_is_never_decided() -> None:
    target = StandInTarget()
    appeal = filed(target)
    appeal.reject(meta(), "超过申请期限")
    with pytest.raises(AppealStepError):
        appeal.decide(meta(), AppealOutcome.VARIED, target, {"grade": "B"}, date(2024, 6, 4), "v")
    assert target.calls == []


def test_varied_outcome_changes_the_target_and_withdraws_its_publication() -> None:
    target = StandInTarget()
    appeal = filed(target)
    appeal.accept(meta())
    appeal.decide(meta(), AppealOutcome.VARIED, target, {"grade": "B"}, date(2024, 6, 4), "2024.1")
    assert target.calls == [("vary", {"grade": "B"}), ("withdraw", date(2024, 6, 4))]
    decided = appeal.collect_events()[-1]
    assert decided.publication_withdrawn is True  # type: ignore[attr-defined]
    assert decided.withdrawal_due == date(2024, 6, 4)  # type: ignore[attr-defined]
    assert decided.policy_version == "2024.1"  # type: ignore[attr-defined]


def test_annulled_outcome_annuls_the_target_and_an_unpublished_one_has_nothing_to_withdraw() -> (
    None
):
    target = StandInTarget(published=False)
    appeal = filed(target)
    appeal.accept(meta())
    appeal.decide(meta(), AppealOutcome.ANNULLED, target, {}, date(2024, 6, 4), "2024.1")
    assert target.calls == [("annul", appeal.id)]
    assert appeal.collect_events()[-1].publication_withdrawn is False  # type: ignore[attr-defined]


def test_upheld_outcome_leaves_the_target_alone() -> None:
    target = StandInTarget()
    appeal = filed(target)
    appeal.accept(meta())
    appeal.decide(meta(), AppealOutcome.UPHELD, target, {}, date(2024, 6, 4), "2024.1")
    assert target.calls == []
    assert appeal.outcome is AppealOutcome.UPHELD


def test_a_varied_decision_says_what_the_result_becomes() -> None:
    target = StandInTarget()
    appeal = filed(target)
    appeal.accept(meta())
    with pytest.raises(VariedDecisionIncompleteError) as refused:
        appeal.decide(meta(), AppealOutcome.VARIED, target, {}, date(2024, 6, 4), "2024.1")
    assert refused.value.rule == "VariedDecisionSaysWhatChanges"
    assert target.calls == []
