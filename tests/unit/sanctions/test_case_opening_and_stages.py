"""Opening a SanctionCase (deadlines, policy version), its stages in order, and the explicit
stable topics of its events; on the aggregate alone (no database)."""

from __future__ import annotations

import uuid
from datetime import date

from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.sanctions.case import SanctionCase
from domain.sanctions.errors import (
    DecisionBeforeReviewError,
    SanctionStageError,
)
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionStage,
    SubjectKind,
)
from tests.unit.sanctions.sanction_rules_support import (
    OPENED,
    meta,
    new_case,
    propose,
    refused,
)

# -- opening and deadlines -----------------------------------------------------------------------


def test_decision_due_within_ninety_days_of_opening() -> None:
    case = new_case()
    assert case.decision_due == date(2024, 5, 30)
    assert case.stage is SanctionStage.OPENED
    stricter = Policy(version="2024.9", effective_from=OPENED, sanction_decision_days=60)
    assert new_case(policy=stricter).decision_due == date(2024, 4, 30)


def test_opened_records_the_policy_version() -> None:
    case = SanctionCase.open(
        meta(),
        case_number=" 京兴司罚〔2024〕1号 ",
        subject_id=uuid.uuid4(),
        subject_kind=SubjectKind.LAWYER,
        origin=CaseOrigin.INSPECTION,
        origin_reference=None,
        allegation="x",
        policy=DEFAULT_POLICY,
    )
    (opened,) = case.collect_events()
    assert opened.policy_version == DEFAULT_POLICY.version
    assert opened.case_number == "京兴司罚〔2024〕1号"
    assert case.id == SanctionCase.create_id("京兴司罚〔2024〕1号")


# -- the stages -----------------------------------------------------------------------------------


def test_sanction_case_stages_in_order() -> None:
    case = new_case()
    error = refused(
        case,
        SanctionStageError,
        lambda: case.serve_pre_decision_notice(meta(), SanctionKind.WARNING),
    )
    assert error.rule == "SanctionCaseStagesInOrder"
    case.investigate(meta(), "查明")
    refused(case, SanctionStageError, lambda: case.investigate(meta(), "again"))
    refused(case, SanctionStageError, lambda: case.serve(meta()))


def test_decision_after_notice_and_legal_review() -> None:
    case = new_case()
    case.investigate(meta(), "查明")
    error = refused(case, DecisionBeforeReviewError, lambda: propose(case))
    assert error.rule == "DecisionAfterNoticeAndLegalReview"
    case.serve_pre_decision_notice(meta(), SanctionKind.WARNING)
    refused(case, DecisionBeforeReviewError, lambda: propose(case))
    case.pass_legal_review(meta(), "同意", DEFAULT_POLICY)
    propose(case)
    assert case.stage is SanctionStage.PROPOSED


def test_every_sanction_event_has_an_explicit_stable_topic() -> None:
    from eventsourcing.utils import get_topic, resolve_topic

    from tests.unit.core.test_topics import (
        declared_topic,
        event_classes,
    )

    assert get_topic(SanctionCase) == "ledger.SanctionCase"
    events = event_classes(SanctionCase)
    names = {e.__qualname__.rsplit(".", 1)[-1] for e in events}
    assert {"Opened", "Decided", "MunicipalDecisionRecorded", "VariedOnAppeal"} <= names
    for cls in events:
        topic = declared_topic(cls)
        assert topic == f"ledger.SanctionCase.{cls.__qualname__.rsplit('.', 1)[-1]}", cls
        assert resolve_topic(topic) in (cls, *cls.__bases__)
