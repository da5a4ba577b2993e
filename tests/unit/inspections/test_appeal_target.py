"""The inspection as an appeal target on the aggregate alone: the protocol attributes, varying and
annulling on appeal, and withdrawing the publication."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.core.errors import (
    InvalidCommandError,
)
from domain.inspections.errors import (
    InspectionAnnulledError,
    InspectionNotSettledError,
    InspectionStageError,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    InspectionResult,
    InspectionStatus,
)
from tests.unit.inspections.inspection_rules_support import (
    DUE,
    Walk,
    meta,
    refused,
)

# -- appeal target protocol ---------------------------------------------------------------------


def test_appeal_target_protocol_attributes() -> None:
    walk = Walk()
    assert Inspection.appeal_kind == "inspection"
    assert walk.inspection.appealable_on is None
    walk.concluded()
    assert walk.inspection.appealable_on == date(2024, 3, 8)


def test_vary_on_appeal_changes_the_result_and_history_keeps_the_original() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.collect_events()
    appeal = uuid4()
    inspection.vary_on_appeal(
        meta(date(2024, 5, 1)), appeal, result="compliant_with_remarks", summary="复议变更"
    )
    assert inspection.result is InspectionResult.COMPLIANT_WITH_REMARKS
    assert inspection.summary == "复议变更"
    assert inspection.appeals == (appeal,)
    (event,) = inspection.collect_events()
    assert event.TOPIC == "ledger.Inspection.VariedOnAppeal"  # type: ignore[attr-defined]
    with pytest.raises(InvalidCommandError):
        inspection.vary_on_appeal(meta(date(2024, 5, 1)), appeal, grade="B")
    with pytest.raises(InvalidCommandError):
        inspection.vary_on_appeal(meta(date(2024, 5, 1)), appeal, result="excellent")


def test_annul_on_appeal_stops_everything_but_the_withdrawal() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    inspection.annul_on_appeal(meta(date(2024, 5, 1)), uuid4())
    assert inspection.status is InspectionStatus.ANNULLED
    refused(
        InspectionAnnulledError,
        "NoChangeAfterAnnulment",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 5, 2)), date(2024, 6, 1), "x"),
    )
    refused(
        InspectionAnnulledError,
        "NoChangeAfterAnnulment",
        inspection,
        lambda: inspection.annul_on_appeal(meta(date(2024, 5, 2)), uuid4()),
    )
    with pytest.raises(InspectionNotSettledError):
        inspection.close(meta(date(2024, 5, 2)))  # the publication must come down first
    assert inspection.withdraw_publication(meta(date(2024, 5, 1)), date(2024, 5, 4)) is True
    assert inspection.published_on is None
    inspection.close(meta(date(2024, 5, 5)))


def test_withdraw_publication_is_a_no_op_when_not_published() -> None:
    walk = Walk().concluded()
    walk.inspection.collect_events()
    assert walk.inspection.withdraw_publication(meta(date(2024, 5, 1)), date(2024, 5, 4)) is False
    assert walk.inspection.collect_events() == []


def test_no_appeal_decision_without_a_result() -> None:
    walk = Walk()
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        walk.inspection,
        lambda: walk.inspection.annul_on_appeal(meta(), uuid4()),
    )
