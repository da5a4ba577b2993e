"""The appeal target protocol of the SanctionCase: varying and annulling a decision on appeal,
and withdrawing its publication."""

from __future__ import annotations

import uuid
from datetime import date

from domain.core.calendar import (
    Deadline,
)
from domain.core.errors import (
    NothingToChangeError,
)
from domain.core.policy import (
    DEFAULT_POLICY,
)
from domain.sanctions.errors import (
    SanctionStageError,
    SanctionTermsInvalidError,
)
from tests.unit.sanctions.sanction_rules_support import (
    approve,
    decided,
    meta,
    propose,
    refused,
    reviewed,
    suspension,
)

# -- the appeal target protocol -------------------------------------------------------------------


def test_vary_on_appeal_changes_the_decision_and_keeps_the_original() -> None:
    case = reviewed()
    propose(case, suspension(6), on=date(2024, 4, 8))
    approve(case, starts_on=date(2024, 5, 1))
    appeal_id = uuid.uuid4()
    case.vary_on_appeal(meta(date(2024, 7, 1)), appeal_id, months=3)
    events = case.collect_events()
    varied = events[-1]
    assert type(varied).__name__ == "VariedOnAppeal" and varied.appeal_id == appeal_id
    assert varied.previous == suspension(6) and varied.terms == suspension(3)
    assert case.terms == suspension(3) and case.varied
    assert case.suspension.until == date(2024, 7, 31)
    assert varied.previous_suspension.until == date(2024, 10, 31)
    refused(case, NothingToChangeError, lambda: case.vary_on_appeal(meta(), appeal_id, months=3))
    refused(
        case,
        SanctionTermsInvalidError,
        lambda: case.vary_on_appeal(meta(), appeal_id, kind="fine"),
    )


def test_annul_on_appeal_records_what_was_annulled() -> None:
    case = reviewed()
    propose(case, suspension(6))
    approve(case, starts_on=date(2024, 5, 1))
    case.collect_events()
    case.annul_on_appeal(meta(date(2024, 7, 1)), uuid.uuid4())
    (annulled,) = case.collect_events()
    assert annulled.annulled == suspension(6)
    assert annulled.annulled_suspension.starts_on == date(2024, 5, 1)
    assert case.annulled and case.prior_sanction is None
    refused(case, SanctionStageError, lambda: case.annul_on_appeal(meta(), uuid.uuid4()))
    refused(case, SanctionStageError, lambda: case.vary_on_appeal(meta(), uuid.uuid4(), months=1))


def test_only_a_decision_can_be_appealed() -> None:
    case = reviewed()
    refused(case, SanctionStageError, lambda: case.annul_on_appeal(meta(), uuid.uuid4()))


def test_withdraw_publication_only_once_and_only_if_published() -> None:
    case = decided()
    assert case.withdraw_publication(meta(date(2024, 10, 1)), date(2024, 10, 4)) is False
    assert not case.collect_events()
    case.serve(meta(date(2024, 9, 30)))
    case.publish(meta(date(2024, 10, 8)), Deadline(date(2024, 10, 12)), DEFAULT_POLICY)
    case.collect_events()
    assert case.withdraw_publication(meta(date(2024, 11, 5)), date(2024, 11, 4)) is True
    (withdrawn,) = case.collect_events()
    assert withdrawn.due == date(2024, 11, 4) and withdrawn.late is True
    assert case.withdraw_publication(meta(date(2024, 11, 6)), date(2024, 11, 4)) is False
