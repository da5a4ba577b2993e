"""Integrity grading on the Evaluation aggregate: steps in order and in date order, score sheets,
grades from the policy thresholds, publicity and the objection window."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from domain.core.calendar import Deadline
from domain.core.policy import (
    GradeThresholds,
    Policy,
)
from domain.evaluations.errors import (
    EvaluationKindStepError,
    EvaluationStepDateError,
    EvaluationStepError,
    ObjectionPendingError,
    ObjectionWindowOpenError,
    ScoreOutOfRangeError,
    ScoreSheetInvalidError,
)
from domain.evaluations.values import (
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    LawyerAssessmentResult,
    ScoredItem,
    grade_for,
)
from tests.unit.evaluations.evaluation_rules_support import (
    POLICY,
    WINDOW_ENDS,
    firm_annual,
    grading,
    m,
    publicised,
    scored,
    sheet,
)

# -- integrity grading -------------------------------------------------------------------------


def test_integrity_grading_steps_in_order() -> None:
    evaluation = grading()
    with pytest.raises(EvaluationStepError) as early:
        evaluation.record_initial_scores(m(), sheet(40, 40), POLICY)
    assert early.value.rule == "EvaluationStepOutOfOrder"
    with pytest.raises(EvaluationStepError):
        evaluation.record_final_grade(m(), POLICY)  # a letter grade needs initial scores
    with pytest.raises(EvaluationStepError):
        evaluation.publicise(m(), Deadline(WINDOW_ENDS), POLICY)
    with pytest.raises(EvaluationStepError):
        evaluation.make_effective(m())

    evaluation.submit_self_assessment(m(), sheet(45, 40), POLICY)
    with pytest.raises(EvaluationStepError):
        evaluation.submit_self_assessment(m(), sheet(45, 40), POLICY)
    evaluation.record_initial_scores(m(), sheet(40, 38), POLICY)
    assert (evaluation.self_assessment_total, evaluation.initial_total) == (85, 78)
    assert evaluation.stage is EvaluationStage.INITIAL_SCORED


def test_score_sheet_adds_up() -> None:
    evaluation = grading()
    duplicated = (*sheet(40, 40)[:1], *sheet(40, 40)[:1])
    with pytest.raises(ScoreSheetInvalidError) as twice:
        evaluation.submit_self_assessment(m(), duplicated, POLICY)
    assert twice.value.rule == "ScoreSheetAddsUp"
    short = (ScoredItem(item_id="1", max_points=Decimal(80), points=Decimal(70)),)
    with pytest.raises(ScoreSheetInvalidError, match="add up to 80"):
        evaluation.submit_self_assessment(m(), short, POLICY)
    # Another scale is another policy: the same sheet fits one of 80 points.
    evaluation.submit_self_assessment(
        m(),
        short,
        Policy(version="p80", effective_from=date(2024, 1, 1), integrity_score_scale=Decimal(80)),
    )
    assert evaluation.self_assessment_total == 70


def test_score_within_range() -> None:
    evaluation = grading()
    with pytest.raises(ScoreOutOfRangeError) as over:
        evaluation.submit_self_assessment(m(), sheet(51, 40), POLICY)
    assert over.value.rule == "ScoreWithinRange"
    assert over.value.context["item_ids"] == ["1"]
    evaluation = scored(70)
    with pytest.raises(ScoreOutOfRangeError):
        evaluation.record_final_grade(m(date(2024, 4, 1)), POLICY, total=Decimal("100.5"))


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "A"),
        ("90", "A"),
        ("89.99", "B"),
        ("75", "B"),
        ("74.5", "C"),
        ("60", "C"),
        ("59.99", "D"),
        ("0", "D"),
    ],
)
def test_grade_follows_policy_thresholds(total: str, grade: str) -> None:
    assert grade_for(Decimal(total), GradeThresholds()) == IntegrityGrade(grade)


def test_municipal_final_grade_records_thresholds_and_policy_version() -> None:
    evaluation = scored(70)
    evaluation.record_final_grade(m(date(2024, 4, 1)), POLICY)
    assert evaluation.grade is IntegrityGrade.C
    assert evaluation.final_total == 70
    assert evaluation.thresholds == POLICY.grade_thresholds
    assert evaluation.policy_version == POLICY.version
    final = evaluation.collect_events()[-1]
    assert type(final).__name__ == "FinalGradeRecorded"
    assert final.policy_version == POLICY.version  # type: ignore[attr-defined]


def test_municipal_final_total_may_differ_from_the_initial_one() -> None:
    evaluation = scored(70)
    evaluation.record_final_grade(m(date(2024, 4, 1), "市局复核加分"), POLICY, total=Decimal(76))
    assert (evaluation.initial_total, evaluation.final_total, evaluation.grade) == (
        70,
        76,
        IntegrityGrade.B,
    )


def test_not_graded_needs_no_scores() -> None:
    evaluation = grading()
    evaluation.record_final_grade(m(reason="未提交自评材料"), POLICY, not_graded=True)
    assert evaluation.grade is IntegrityGrade.NOT_GRADED
    assert evaluation.final_total is None and evaluation.thresholds is None
    with pytest.raises(ScoreOutOfRangeError):
        grading().record_final_grade(m(), POLICY, total=Decimal(80), not_graded=True)


def test_publicity_opens_the_objection_window() -> None:
    evaluation = publicised()
    assert evaluation.stage is EvaluationStage.PUBLICISED
    assert (evaluation.publicised_on, evaluation.appealable_on) == (
        date(2024, 4, 2),
        date(2024, 4, 2),
    )
    assert evaluation.objection_deadline == WINDOW_ENDS
    with pytest.raises(EvaluationStepError):
        evaluation.publicise(m(date(2024, 4, 3)), Deadline(WINDOW_ENDS), POLICY)


def test_objection_window_must_pass() -> None:
    evaluation = publicised()
    with pytest.raises(ObjectionWindowOpenError) as early:
        evaluation.make_effective(m(WINDOW_ENDS))
    assert early.value.rule == "ObjectionWindowMustPass"
    assert evaluation.effective_result is None
    evaluation.make_effective(m(date(2024, 4, 18)))
    assert (evaluation.effective_result, evaluation.effective_on) == (
        IntegrityGrade.C,
        date(2024, 4, 18),
    )


def test_no_effect_while_objection_pending() -> None:
    evaluation = publicised()
    with pytest.raises(ObjectionPendingError) as pending:
        evaluation.make_effective(m(date(2024, 4, 18)), pending_objections=(uuid.uuid4(),))
    assert pending.value.rule == "NoEffectWhileObjectionPending"


def test_evaluation_steps_in_date_order() -> None:
    evaluation = scored(70)  # initial scores dated 2024-03-20
    with pytest.raises(EvaluationStepDateError) as backdated:
        evaluation.record_final_grade(m(date(2024, 3, 19)), POLICY)
    assert backdated.value.rule == "EvaluationStepsInDateOrder"
    evaluation.record_final_grade(m(date(2024, 3, 20)), POLICY)  # the same day is fine
    with pytest.raises(EvaluationStepDateError):
        evaluation.publicise(m(date(2024, 3, 1)), Deadline(WINDOW_ENDS), POLICY)


def test_step_matches_evaluation_kind() -> None:
    evaluation = grading()
    with pytest.raises(EvaluationKindStepError) as wrong:
        evaluation.propose_result(m(), FirmInspectionResult.PASS, POLICY)
    assert wrong.value.rule == "StepMatchesEvaluationKind"
    with pytest.raises(EvaluationKindStepError):
        evaluation.record_assessment(m(), LawyerAssessmentResult.COMPETENT)
    with pytest.raises(EvaluationKindStepError):
        firm_annual().record_final_grade(m(), POLICY, not_graded=True)
