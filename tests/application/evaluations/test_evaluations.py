"""Evaluations through ComplianceLedger (SQLite in memory, fixed clock 2024-12-31)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.errors import EntityNotFoundError
from domain.core.policy import (
    GradeThresholds,
    Policy,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.evaluations.errors import (
    DuplicateEvaluationError,
    EvaluationSubjectError,
    ObjectionPendingError,
)
from domain.evaluations.values import (
    EvaluationKind,
    FirmInspectionResult,
    IntegrityGrade,
    LawyerAssessmentResult,
    ScoredItem,
)
from domain.ledger import ComplianceLedger
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from tests.conftest import read

Meta = Callable[..., EventMeta]
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)
DAXING, FENGTAI = "大兴区司法局", "丰台区司法局"


def items(first: int, second: int) -> tuple[ScoredItem, ...]:
    return (
        ScoredItem(item_id="1", max_points=Decimal(60), points=Decimal(first), note="执业规范"),
        ScoredItem(item_id="2", max_points=Decimal(40), points=Decimal(second), note="内部管理"),
    )


def institution(ledger: ComplianceLedger, meta: Meta, number: str = "J-01") -> UUID:
    return ledger.register_organization(
        meta(effective_on=date(2020, 1, 2)),
        OrganizationKind.APPRAISAL_INSTITUTION,
        number,
        OrganizationDetails(name=f"示例司法鉴定所{number}"),
    ).subject_id


def graded(
    ledger: ComplianceLedger,
    meta: Meta,
    subject: UUID,
    points: tuple[int, int],
    final_on: date = date(2024, 4, 1),
) -> UUID:
    evaluation = ledger.open_evaluation(
        meta(effective_on=date(2024, 3, 1)),
        EvaluationKind.INTEGRITY_GRADING,
        subject,
        2023,
        (DAXING, FENGTAI),
    ).subject_id
    ledger.submit_self_assessment(meta(effective_on=date(2024, 3, 5)), evaluation, items(55, 38))
    ledger.record_initial_scores(meta(effective_on=date(2024, 3, 20)), evaluation, items(*points))
    ledger.record_final_grade(meta(effective_on=final_on, actor=SUPERVISOR), evaluation)
    return evaluation


def test_one_evaluation_per_subject_kind_period(ledger: ComplianceLedger, meta: Meta) -> None:
    subject = institution(ledger, meta)
    kind = EvaluationKind.INTEGRITY_GRADING
    first = ledger.open_evaluation(meta(), kind, subject, 2023, (DAXING,))
    head = ledger.recorder.max_notification_id()
    with pytest.raises(DuplicateEvaluationError) as again:
        ledger.open_evaluation(meta(), kind, subject, 2023, (FENGTAI,))
    assert again.value.rule == "OneEvaluationPerSubjectKindPeriod"
    assert again.value.context["existing_id"] == str(first.subject_id)
    assert ledger.recorder.max_notification_id() == head
    # Another period is another evaluation.
    assert (
        ledger.open_evaluation(meta(), kind, subject, 2022, (DAXING,)).subject_id
        != first.subject_id
    )


def test_open_is_idempotent(ledger: ComplianceLedger, meta: Meta) -> None:
    subject = institution(ledger, meta)
    sent = meta(command_id="open-eval-1")
    first = ledger.open_evaluation(sent, EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))
    again = ledger.open_evaluation(sent, EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))
    assert again.replayed and again.subject_id == first.subject_id


def test_evaluation_subject_must_exist_and_match_kind(ledger: ComplianceLedger, meta: Meta) -> None:
    with pytest.raises(EntityNotFoundError):
        ledger.open_evaluation(meta(), EvaluationKind.LAWYER_ANNUAL, uuid4(), 2023, (DAXING,))
    subject = institution(ledger, meta)
    with pytest.raises(EvaluationSubjectError):
        ledger.open_evaluation(meta(), EvaluationKind.LAWYER_ANNUAL, subject, 2023, (DAXING,))


def test_grade_is_found_by_subject_kind_and_period(ledger: ComplianceLedger, meta: Meta) -> None:
    subject = institution(ledger, meta)
    other = institution(ledger, meta, "J-02")
    evaluation = graded(ledger, meta, subject, (45, 25))
    graded(ledger, meta, other, (58, 38))
    assert [e.id for e in read(ledger).evaluations.list(subject_id=subject).items] == [evaluation]
    assert ledger.get_evaluation(evaluation).evaluators == (DAXING, FENGTAI)
    kind = EvaluationKind.INTEGRITY_GRADING
    assert len(read(ledger).evaluations.list(kind=kind.value, period=2023, limit=500).items) == 2
    assert ledger.find_evaluation(subject, kind, 2022) is None
    # Graded C, but not effective before publicity and the objection window.
    assert ledger.get_evaluation(evaluation).grade is IntegrityGrade.C
    assert ledger.effective_grade(subject, kind, 2023) is None

    ledger.publicise_evaluation(meta(effective_on=date(2024, 4, 2)), evaluation)
    ledger.make_evaluation_effective(meta(effective_on=date(2024, 4, 18)), evaluation)
    assert ledger.effective_grade(subject, kind, 2023) is IntegrityGrade.C


def test_objection_window_counts_prc_working_days(ledger: ComplianceLedger, meta: Meta) -> None:
    evaluation = graded(ledger, meta, institution(ledger, meta), (45, 25))
    ledger.publicise_evaluation(meta(effective_on=date(2024, 9, 27)), evaluation)
    # 10 working days from 27 Sep 2024: 29 Sep (a Sunday) is worked, 1-7 Oct is 国庆, 12 Oct
    # (a Saturday) is worked.
    recorded = ledger.get_evaluation(evaluation)
    assert recorded.objection_deadline == date(2024, 10, 16)
    assert recorded.objection_deadline_provisional is False


def test_rules_change_history_does_not(ledger: ComplianceLedger, meta: Meta) -> None:
    """A grade judged under one policy version keeps it after a stricter version is published;
    evaluations judged later use the new thresholds, and every event names its version."""
    first = graded(ledger, meta, institution(ledger, meta), (48, 30))  # 78 -> B under 75..89
    before = ledger.get_evaluation(first)
    assert (before.grade, before.policy_version) == (IntegrityGrade.B, "2024.1")

    stricter = Policy(
        version="2024.7",
        effective_from=date(2024, 7, 1),
        grade_thresholds=GradeThresholds(a=Decimal(92), b=Decimal(80), c=Decimal(65)),
        evaluation_objection_working_days=5,
    )
    ledger.publish_policy(meta(effective_on=date(2024, 6, 20)), stricter)

    # Re-read (replayed from the store): the old grade, thresholds and version stand.
    after = ledger.get_evaluation(first)
    assert (after.grade, after.final_total, after.policy_version) == (
        IntegrityGrade.B,
        Decimal(78),
        "2024.1",
    )
    assert after.thresholds == GradeThresholds()

    # The same total judged after 1 July is a C, under 2024.7.
    second = graded(ledger, meta, institution(ledger, meta, "J-02"), (48, 30), date(2024, 7, 10))
    later = ledger.get_evaluation(second)
    assert (later.grade, later.policy_version) == (IntegrityGrade.C, "2024.7")
    assert later.thresholds == stricter.grade_thresholds

    def final_grade_versions(evaluation_id: UUID) -> list[str]:
        return [
            e.policy_version  # type: ignore[attr-defined]
            for e in ledger.history(evaluation_id)
            if type(e).__name__ == "FinalGradeRecorded"
        ]

    assert final_grade_versions(first) == ["2024.1"]
    assert final_grade_versions(second) == ["2024.7"]

    # The objection window of a publicity follows the policy in force on its own date.
    ledger.publicise_evaluation(meta(effective_on=date(2024, 7, 15)), first)
    assert ledger.get_evaluation(first).objection_deadline == date(2024, 7, 22)  # 5 working days
    assert ledger.get_evaluation(first).grade is IntegrityGrade.B


def test_no_effect_while_objection_pending(ledger: ComplianceLedger, meta: Meta) -> None:
    evaluation = graded(ledger, meta, institution(ledger, meta), (45, 25))
    ledger.publicise_evaluation(meta(effective_on=date(2024, 4, 2)), evaluation)
    appeal = ledger.file_appeal(
        meta(effective_on=date(2024, 4, 10)),
        AppealKind.OBJECTION,
        "evaluation",
        evaluation,
        "示例司法鉴定所J-01",
        "第2项扣分依据不足",
    ).subject_id
    head = ledger.recorder.max_notification_id()
    with pytest.raises(ObjectionPendingError) as pending:
        ledger.make_evaluation_effective(meta(effective_on=date(2024, 4, 18)), evaluation)
    assert pending.value.rule == "NoEffectWhileObjectionPending"
    assert ledger.recorder.max_notification_id() == head

    supervisor = dict(actor=SUPERVISOR)
    ledger.accept_appeal(meta(effective_on=date(2024, 4, 19), **supervisor), appeal)
    ledger.decide_appeal(
        meta(effective_on=date(2024, 4, 25), reason="复核决定：第2项恢复计分", **supervisor),
        appeal,
        AppealOutcome.VARIED,
        {"grade": "B", "total": "77"},
    )
    ledger.make_evaluation_effective(meta(effective_on=date(2024, 4, 26)), evaluation)
    record = ledger.get_evaluation(evaluation)
    assert (record.effective_result, record.final_total) == (IntegrityGrade.B, Decimal(77))
    assert [r.result for r in record.results] == [IntegrityGrade.C, IntegrityGrade.B]


def test_law_firm_annual_inspection_with_rectification(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    firm = ledger.register_organization(
        meta(effective_on=date(2020, 1, 2)),
        OrganizationKind.LAW_FIRM,
        "31110000F01",
        OrganizationDetails(name="示例律师事务所"),
    ).subject_id
    evaluation = ledger.open_evaluation(
        meta(effective_on=date(2024, 3, 1)), EvaluationKind.LAW_FIRM_ANNUAL, firm, 2023, (DAXING,)
    ).subject_id
    ledger.propose_firm_result(
        meta(effective_on=date(2024, 4, 1)), evaluation, FirmInspectionResult.FAIL
    )
    ledger.issue_rectification_notice(
        meta(effective_on=date(2024, 4, 10)), evaluation, date(2024, 5, 15)
    )
    ledger.record_resubmission(meta(effective_on=date(2024, 5, 10)), evaluation)
    ledger.record_final_firm_result(
        meta(effective_on=date(2024, 5, 20)), evaluation, FirmInspectionResult.PASS
    )
    ledger.make_evaluation_effective(meta(effective_on=date(2024, 5, 21)), evaluation)
    assert (
        ledger.effective_grade(firm, EvaluationKind.LAW_FIRM_ANNUAL, 2023)
        is FirmInspectionResult.PASS
    )
    assert [type(e).__name__ for e in ledger.history(evaluation)] == [
        "Opened",
        "ResultProposed",
        "RectificationNoticeIssued",
        "Resubmitted",
        "FinalResultRecorded",
        "BecameEffective",
    ]


def test_lawyer_annual_assessment(ledger: ComplianceLedger, meta: Meta) -> None:
    lawyer = ledger.register_practitioner(
        meta(effective_on=date(2020, 1, 2)),
        PractitionerKind.LAWYER,
        "11101202010000001",
        PractitionerDetails(name="示例律师"),
    ).subject_id
    kind = EvaluationKind.LAWYER_ANNUAL
    evaluation = ledger.open_evaluation(meta(), kind, lawyer, 2023, (DAXING,)).subject_id
    ledger.record_lawyer_assessment(
        meta(effective_on=date(2024, 6, 3)), evaluation, LawyerAssessmentResult.BASICALLY_COMPETENT
    )
    ledger.make_evaluation_effective(meta(effective_on=date(2024, 6, 3)), evaluation)
    assert ledger.effective_grade(lawyer, kind, 2023) is LawyerAssessmentResult.BASICALLY_COMPETENT
