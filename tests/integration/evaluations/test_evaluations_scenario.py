"""One evaluation story, run the same way on SQLite and on PostgreSQL: an appraisal institution
graded C jointly by two districts, an objection, the grade varied to B, then effective; and a
law firm failed only after a rectification notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.evaluations.errors import (
    FinalFailBeforeRectificationError,
    ObjectionPendingError,
    ObjectionWindowOpenError,
)
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    ScoredItem,
)
from domain.registry.organizations import OrganizationDetails
from tests.conftest import CLERK, read

SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)


def m(command_id: str, day: date, reason: str = "scenario", actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=command_id)


def sheet(*points: int) -> tuple[ScoredItem, ...]:
    maxima = (40, 30, 30)
    return tuple(
        ScoredItem(item_id=f"{i + 1}", max_points=Decimal(mx), points=Decimal(p))
        for i, (mx, p) in enumerate(zip(maxima, points, strict=True))
    )


def test_integrity_grade_objection_and_variation_on_each_backend(any_services: Services) -> None:
    ledger = any_services.ledger
    institution = ledger.register_organization(
        m("reg-inst", date(2019, 5, 6)),
        OrganizationKind.APPRAISAL_INSTITUTION,
        "110000J0001",
        OrganizationDetails(name="示例司法鉴定所（虚构）"),
    ).subject_id
    evaluation = ledger.open_evaluation(
        m("open", date(2024, 3, 1), "2023年度诚信等级评估（两区联合）"),
        EvaluationKind.INTEGRITY_GRADING,
        institution,
        2023,
        ("大兴区司法局", "丰台区司法局"),
    ).subject_id
    ledger.submit_self_assessment(
        m("self", date(2024, 3, 8), "机构自评"), evaluation, sheet(36, 28, 25)
    )
    ledger.record_initial_scores(
        m("initial", date(2024, 3, 22), "区局初评"), evaluation, sheet(30, 20, 19)
    )
    ledger.record_final_grade(m("final", date(2024, 4, 1), "市局终评", SUPERVISOR), evaluation)
    ledger.publicise_evaluation(m("publicity", date(2024, 4, 2), "公示"), evaluation)
    assert ledger.get_evaluation(evaluation).grade is IntegrityGrade.C

    with pytest.raises(ObjectionWindowOpenError):
        ledger.make_evaluation_effective(m("too-early", date(2024, 4, 17)), evaluation)

    objection = ledger.file_appeal(
        m("objection", date(2024, 4, 12), "收到异议申请"),
        AppealKind.OBJECTION,
        "evaluation",
        evaluation,
        "示例司法鉴定所（虚构）",
        "第2项扣分依据不足",
    ).subject_id
    with pytest.raises(ObjectionPendingError):
        ledger.make_evaluation_effective(m("pending", date(2024, 4, 18)), evaluation)
    ledger.accept_appeal(m("accept", date(2024, 4, 15), "受理", SUPERVISOR), objection)
    ledger.decide_appeal(
        m("vary", date(2024, 4, 26), "复核决定：第2项恢复计分", SUPERVISOR),
        objection,
        AppealOutcome.VARIED,
        {"grade": "B", "total": "75"},
    )
    ledger.publicise_evaluation(m("republish", date(2024, 4, 28), "变更后重新公示"), evaluation)
    ledger.make_evaluation_effective(m("effective", date(2024, 4, 29), "公示期满"), evaluation)

    record = ledger.get_evaluation(evaluation)
    assert record.stage is EvaluationStage.EFFECTIVE
    assert (record.effective_result, record.final_total) == (IntegrityGrade.B, Decimal(75))
    assert record.evaluators == ("大兴区司法局", "丰台区司法局")
    assert ledger.effective_grade(institution, EvaluationKind.INTEGRITY_GRADING, 2023) is (
        IntegrityGrade.B
    )
    assert [e.id for e in read(ledger).evaluations.list(subject_id=institution).items] == [
        evaluation
    ]

    history = ledger.history(evaluation)
    assert [type(e).__name__ for e in history] == [
        "Opened",
        "SelfAssessmentSubmitted",
        "InitialScoresRecorded",
        "FinalGradeRecorded",
        "Publicised",
        "VariedOnAppeal",
        "PublicationWithdrawn",
        "Publicised",
        "BecameEffective",
    ]
    final: Any = history[3]
    varied: Any = history[5]
    assert (final.grade, final.policy_version) == (IntegrityGrade.C, "2024.1")
    assert (varied.result, varied.superseded, varied.appeal_id) == (
        IntegrityGrade.B,
        IntegrityGrade.C,
        objection,
    )
    for event in history:
        meta = event.meta  # type: ignore[attr-defined]
        assert meta.actor.principal_id and meta.actor.role and meta.reason and meta.effective_on
        assert event.timestamp.tzinfo is not None
    assert history[3].meta.actor == SUPERVISOR  # type: ignore[attr-defined]


def test_law_firm_fails_only_after_rectification_on_each_backend(any_services: Services) -> None:
    ledger = any_services.ledger
    firm = ledger.register_organization(
        m("reg-firm", date(2018, 1, 3)),
        OrganizationKind.LAW_FIRM,
        "31110000SCF01",
        OrganizationDetails(name="示例律师事务所（虚构）"),
    ).subject_id
    evaluation = ledger.open_evaluation(
        m("open-firm", date(2024, 3, 1)),
        EvaluationKind.LAW_FIRM_ANNUAL,
        firm,
        2023,
        ("大兴区司法局",),
    ).subject_id
    ledger.propose_firm_result(
        m("propose", date(2024, 4, 1)), evaluation, FirmInspectionResult.FAIL
    )
    head = any_services.db.head()
    with pytest.raises(FinalFailBeforeRectificationError):
        ledger.record_final_firm_result(
            m("fail-early", date(2024, 4, 2)), evaluation, FirmInspectionResult.FAIL
        )
    assert any_services.db.head() == head
    ledger.issue_rectification_notice(
        m("notice", date(2024, 4, 8), "整改告知"), evaluation, date(2024, 5, 8)
    )
    ledger.record_final_firm_result(
        m("fail", date(2024, 5, 9), "逾期未整改"), evaluation, FirmInspectionResult.FAIL
    )
    ledger.make_evaluation_effective(m("effective-firm", date(2024, 5, 10)), evaluation)
    assert (
        ledger.effective_grade(firm, EvaluationKind.LAW_FIRM_ANNUAL, 2023)
        is FirmInspectionResult.FAIL
    )
