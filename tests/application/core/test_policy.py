"""Policy as data: versions move forward and the version in force is found by date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from domain.core.errors import PolicyVersionError
from domain.core.policy import (
    DEFAULT_POLICY,
    GradeThresholds,
    Policy,
)
from domain.core.values import EventMeta
from domain.ledger import ComplianceLedger


def test_default_policy_before_any_is_published(ledger: ComplianceLedger) -> None:
    assert ledger.policy_on(date(2024, 1, 1)) == DEFAULT_POLICY
    assert DEFAULT_POLICY.decided_by("lawyer", "revocation") == "municipal"
    assert DEFAULT_POLICY.decided_by("lawyer", "warning") == "district"
    assert DEFAULT_POLICY.decided_by("appraiser", "warning") == "municipal"


def test_policy_in_force_is_chosen_by_effective_date(
    ledger: ComplianceLedger, meta: Callable[..., EventMeta]
) -> None:
    stricter = Policy(
        version="2025.1",
        effective_from=date(2025, 1, 1),
        grade_thresholds=GradeThresholds(a=Decimal(92), b=Decimal(80), c=Decimal(65)),
    )
    ledger.publish_policy(meta(effective_on=date(2024, 12, 20)), stricter)
    assert ledger.policy_on(date(2024, 12, 31)).version == DEFAULT_POLICY.version
    assert ledger.policy_on(date(2025, 1, 1)).version == "2025.1"
    assert [p.version for p in ledger.policy_versions()] == [DEFAULT_POLICY.version, "2025.1"]


def test_policy_versions_move_forward(
    ledger: ComplianceLedger, meta: Callable[..., EventMeta]
) -> None:
    ledger.publish_policy(meta(), Policy(version="2025.1", effective_from=date(2025, 1, 1)))
    head = ledger.recorder.max_notification_id()
    with pytest.raises(PolicyVersionError) as earlier:
        ledger.publish_policy(meta(), Policy(version="2024.9", effective_from=date(2024, 6, 1)))
    assert earlier.value.rule == "PolicyVersionsMoveForward"
    with pytest.raises(PolicyVersionError):
        ledger.publish_policy(meta(), Policy(version="2025.1", effective_from=date(2025, 6, 1)))
    assert ledger.recorder.max_notification_id() == head


def test_grade_thresholds_must_descend() -> None:
    with pytest.raises(ValueError, match="descend"):
        GradeThresholds(a=Decimal(70), b=Decimal(75), c=Decimal(60))
