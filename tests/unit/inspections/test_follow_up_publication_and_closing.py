"""Follow-up, publication and closing on the aggregate alone: rectification and referral only for
shortcomings, publication once and on time (late is recorded, not blocked), closing when settled."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.core.errors import (
    RectificationDueDateError,
)
from domain.inspections.errors import (
    AlreadyPublishedError,
    InspectionNotSettledError,
    InspectionStageError,
    NoShortcomingError,
)
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

# -- follow-up, publication, closing -------------------------------------------------------------


def test_follow_up_only_for_shortcomings() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    inspection = walk.inspection
    refused(
        NoShortcomingError,
        "FollowUpOnlyForShortcomings",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 1), "x"),
    )
    refused(
        NoShortcomingError,
        "FollowUpOnlyForShortcomings",
        inspection,
        lambda: inspection.refer_for_sanction(meta(date(2024, 3, 9))),
    )


def test_rectification_due_after_order() -> None:
    walk = Walk().concluded()
    refused(
        RectificationDueDateError,
        "RectificationDueAfterOrder",
        walk.inspection,
        lambda: walk.inspection.order_rectification(
            meta(date(2024, 3, 9)), date(2024, 3, 9), "当日整改"
        ),
    )


def test_a_rectification_is_ordered_again_only_after_a_failed_verification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "公示收费标准")
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 3, 10)), date(2024, 5, 9), "x"),
    )
    inspection.verify_rectification(meta(date(2024, 4, 10)), passed=False)
    assert inspection.rectification_open
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.verify_rectification(meta(date(2024, 4, 11)), passed=True),
    )
    inspection.order_rectification(meta(date(2024, 4, 11)), date(2024, 5, 11), "再次整改")
    assert inspection.rectification_due == date(2024, 5, 11)
    assert inspection.rectification_passed is None


def test_referral_for_sanction_ends_the_open_rectification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "整改")
    inspection.verify_rectification(meta(date(2024, 4, 10)), passed=False)
    case = uuid4()
    inspection.refer_for_sanction(meta(date(2024, 4, 11)), case)
    assert inspection.status is InspectionStatus.REFERRED_FOR_SANCTION
    assert inspection.sanction_case_id == case
    assert not inspection.rectification_open
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.refer_for_sanction(meta(date(2024, 4, 12))),
    )


def test_publication_does_not_wait_for_the_rectification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 6, 9), "整改")
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    assert inspection.status is InspectionStatus.PUBLISHED
    assert inspection.follow_up is InspectionStatus.RECTIFICATION_ORDERED
    inspection.verify_rectification(meta(date(2024, 6, 1)), passed=True)
    assert inspection.follow_up is InspectionStatus.RECTIFICATION_VERIFIED


def test_publish_once() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    walk.inspection.publish(meta(date(2024, 3, 20)), DUE)
    refused(
        AlreadyPublishedError,
        "PublishOnce",
        walk.inspection,
        lambda: walk.inspection.publish(meta(date(2024, 3, 21)), DUE),
    )


def test_overdue_publication_is_an_alert_not_a_block() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    late = walk.inspection.publish(meta(date(2024, 5, 6)), DUE)
    assert late is True and walk.inspection.published_late
    event = walk.inspection.collect_events()[-1]
    assert event.late is True and event.publication_due == DUE.due  # type: ignore[attr-defined]


def test_close_only_when_settled() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    refused(
        InspectionNotSettledError,
        "CloseOnlyWhenSettled",
        inspection,
        lambda: inspection.close(meta(date(2024, 3, 9))),
    )
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "整改")
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    error = refused(
        InspectionNotSettledError,
        "CloseOnlyWhenSettled",
        inspection,
        lambda: inspection.close(meta(date(2024, 3, 21))),
    )
    assert error.context["rectification_open"] is True
    inspection.verify_rectification(meta(date(2024, 4, 9)), passed=True)
    inspection.close(meta(date(2024, 4, 10)))
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.close(meta(date(2024, 4, 11))),
    )
