"""Evaluation rules on the Evaluation aggregate alone: no database, policies built in the test."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
    NothingToChangeError,
    RectificationDueDateError,
)
from domain.core.policy import (
    DEFAULT_POLICY,
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
    EvaluationKindStepError,
    EvaluationPeriodError,
    EvaluationStepDateError,
    EvaluationStepError,
    EvaluationSubjectError,
    EvaluatorsInvalidError,
    FinalFailBeforeRectificationError,
    FinalPassWithoutRectificationError,
    NoAppealableResultError,
    ObjectionPendingError,
    ObjectionWindowOpenError,
    ScoreOutOfRangeError,
    ScoreSheetInvalidError,
    VariationChangesNothingError,
    VariedResultInvalidError,
)
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    LawyerAssessmentResult,
    ScoredItem,
    grade_for,
)
from domain.registry.errors import RecordClosedError
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from tests.unit.core.test_topics import (
    declared_topic,
    event_classes,
)

CLERK = Actor(principal_id="clerk.test", role=Role.CLERK)
DAXING, FENGTAI = "大兴区司法局", "丰台区司法局"
POLICY = DEFAULT_POLICY


def m(day: date = date(2024, 3, 1), reason: str = "test") -> EventMeta:
    return EventMeta(actor=CLERK, reason=reason, effective_on=day, command_id=str(uuid.uuid4()))


def institution(kind: OrganizationKind = OrganizationKind.APPRAISAL_INSTITUTION) -> Organization:
    return Organization(
        meta=m(date(2020, 1, 1)),
        kind=kind,
        number="J-1",
        details=OrganizationDetails(name="鉴定所"),
    )


def lawyer() -> Practitioner:
    return Practitioner(
        meta=m(date(2020, 1, 1)),
        kind=PractitionerKind.LAWYER,
        number="L-1",
        details=PractitionerDetails(name="示例"),
    )


def sheet(*points: int | str) -> tuple[ScoredItem, ...]:
    """Items of equal maxima adding up to 100 (points as given)."""
    share = Decimal(100) / len(points)
    return tuple(
        ScoredItem(item_id=str(i + 1), max_points=share, points=Decimal(p))
        for i, p in enumerate(points)
    )


def grading(period: int = 2023) -> Evaluation:
    return Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, institution(), period, (DAXING,))


def scored(total: int | str = 70) -> Evaluation:
    evaluation = grading()
    evaluation.submit_self_assessment(m(date(2024, 3, 5)), sheet(40, 40), POLICY)
    evaluation.record_initial_scores(
        m(date(2024, 3, 20)), sheet(Decimal(total) / 2, Decimal(total) / 2), POLICY
    )
    return evaluation


WINDOW_ENDS = date(2024, 4, 17)  # 10 working days after 2024-04-02 (清明 4-6 April, 7 April worked)


def publicised(total: int = 70) -> Evaluation:
    evaluation = scored(total)
    evaluation.record_final_grade(m(date(2024, 4, 1)), POLICY)
    evaluation.publicise(m(date(2024, 4, 2)), Deadline(WINDOW_ENDS), POLICY)
    return evaluation


def replayed(aggregate: Aggregate) -> Any:
    """The aggregate rebuilt from its own events, as the repository would."""
    copy = None
    for event in aggregate.collect_events():
        copy = event.mutate(copy)
    return copy


# -- opening -----------------------------------------------------------------------------------


def test_one_evaluation_per_subject_kind_period() -> None:
    subject = institution()
    first = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))
    again = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (FENGTAI,))
    other_year = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2022, (DAXING,))
    # The id is the business key: a second evaluation of the same subject, kind and period
    # collides on it (the ledger refuses it with OneEvaluationPerSubjectKindPeriod).
    assert (
        first.id
        == again.id
        == Evaluation.create_id(EvaluationKind.INTEGRITY_GRADING, subject.id, 2023)
    )
    assert other_year.id != first.id


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        (EvaluationKind.INTEGRITY_GRADING, lambda: institution(OrganizationKind.LAW_FIRM)),
        (EvaluationKind.LAW_FIRM_ANNUAL, lambda: institution()),
        (EvaluationKind.LAWYER_ANNUAL, lambda: institution(OrganizationKind.LAW_FIRM)),
        (EvaluationKind.INTEGRITY_GRADING, lawyer),
    ],
)
def test_evaluation_subject_matches_kind(kind: EvaluationKind, subject: Any) -> None:
    with pytest.raises(EvaluationSubjectError) as refused:
        Evaluation.open(m(), kind, subject(), 2023, (DAXING,))
    assert refused.value.rule == "EvaluationSubjectMatchesKind"
    assert refused.value.field == "subject_id"


def test_deregistered_subject_is_not_evaluated() -> None:
    subject = institution()
    subject.deregister(m(date(2024, 1, 5)))
    with pytest.raises(RecordClosedError):
        Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))


def test_evaluate_prior_period() -> None:
    with pytest.raises(EvaluationPeriodError) as refused:
        Evaluation.open(
            m(date(2024, 3, 1)), EvaluationKind.INTEGRITY_GRADING, institution(), 2024, (DAXING,)
        )
    assert refused.value.rule == "EvaluatePriorPeriod"
    opened = Evaluation.open(
        m(date(2024, 1, 1)), EvaluationKind.LAWYER_ANNUAL, lawyer(), 2023, (DAXING,)
    )
    assert opened.period == 2023 and opened.stage is EvaluationStage.OPENED


def test_joint_evaluation_records_both_districts() -> None:
    evaluation = Evaluation.open(
        m(), EvaluationKind.INTEGRITY_GRADING, institution(), 2023, (DAXING, f" {FENGTAI} ")
    )
    assert evaluation.evaluators == (DAXING, FENGTAI)
    assert replayed(evaluation).evaluators == (DAXING, FENGTAI)


@pytest.mark.parametrize(
    "evaluators", [(), (DAXING, DAXING), (DAXING, " "), (DAXING, FENGTAI, "朝阳区司法局")]
)
def test_one_or_two_evaluating_districts(evaluators: tuple[str, ...]) -> None:
    with pytest.raises(EvaluatorsInvalidError) as refused:
        Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, institution(), 2023, evaluators)
    assert refused.value.rule == "OneOrTwoEvaluatingDistricts"


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


# -- law firm annual inspection ----------------------------------------------------------------


def firm_annual() -> Evaluation:
    return Evaluation.open(
        m(), EvaluationKind.LAW_FIRM_ANNUAL, institution(OrganizationKind.LAW_FIRM), 2023, (DAXING,)
    )


def test_basic_pass_only_when_policy_enables() -> None:
    evaluation = firm_annual()
    with pytest.raises(BasicPassNotEnabledError) as refused:
        evaluation.propose_result(m(), FirmInspectionResult.BASIC_PASS, POLICY)
    assert refused.value.rule == "BasicPassOnlyWhenPolicyEnables"
    lenient = Policy(
        version="2024.basic", effective_from=date(2024, 1, 1), law_firm_basic_pass_enabled=True
    )
    evaluation.propose_result(m(), FirmInspectionResult.BASIC_PASS, lenient)
    with pytest.raises(BasicPassNotEnabledError):
        evaluation.record_final_result(m(), FirmInspectionResult.BASIC_PASS, POLICY)
    evaluation.record_final_result(m(), FirmInspectionResult.BASIC_PASS, lenient)
    assert evaluation.result is FirmInspectionResult.BASIC_PASS


def test_rectification_before_final_fail() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.FAIL, POLICY)
    with pytest.raises(FinalFailBeforeRectificationError) as no_notice:
        evaluation.record_final_result(m(date(2024, 4, 2)), FirmInspectionResult.FAIL, POLICY)
    assert no_notice.value.rule == "RectificationBeforeFinalFail"

    evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 5, 15))
    with pytest.raises(FinalFailBeforeRectificationError, match="2024-05-15"):
        evaluation.record_final_result(m(date(2024, 5, 15)), FirmInspectionResult.FAIL, POLICY)
    # Once the due date has passed without a resubmission, a final 不合格 may be recorded.
    evaluation.record_final_result(m(date(2024, 5, 16)), FirmInspectionResult.FAIL, POLICY)
    assert (evaluation.result, evaluation.appealable_on) == (
        FirmInspectionResult.FAIL,
        date(2024, 5, 16),
    )


def test_final_fail_after_resubmission() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.FAIL, POLICY)
    evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 5, 15))
    evaluation.record_resubmission(m(date(2024, 5, 6)))
    evaluation.record_final_result(m(date(2024, 5, 8)), FirmInspectionResult.FAIL, POLICY)
    assert evaluation.stage is EvaluationStage.FINAL


def test_rectified_firm_passes() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.FAIL, POLICY)
    evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 5, 15))
    evaluation.record_resubmission(m(date(2024, 5, 20), "逾期补交整改材料"))
    assert evaluation.collect_events()[-1].late is True  # type: ignore[attr-defined]
    evaluation.record_final_result(m(date(2024, 5, 25)), FirmInspectionResult.PASS, POLICY)
    evaluation.make_effective(m(date(2024, 5, 25)))
    assert evaluation.effective_result is FirmInspectionResult.PASS


@pytest.mark.parametrize("result", [FirmInspectionResult.PASS, FirmInspectionResult.BASIC_PASS])
def test_proposed_fail_passes_only_through_rectification(result: FirmInspectionResult) -> None:
    """A firm proposed as 不合格 is not finally 合格 (or 基本合格) straight away, nor after a
    notice alone: only once it has resubmitted after the rectification notice."""
    lenient = Policy(
        version="2024.basic", effective_from=date(2024, 1, 1), law_firm_basic_pass_enabled=True
    )
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.FAIL, lenient)
    with pytest.raises(FinalPassWithoutRectificationError) as straight_away:
        evaluation.record_final_result(m(date(2024, 4, 2)), result, lenient)
    assert straight_away.value.rule == "ProposedFailPassesOnlyThroughRectification"
    assert "rectification notice" in straight_away.value.detail

    evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 5, 15))
    with pytest.raises(FinalPassWithoutRectificationError, match="resubmission"):
        evaluation.record_final_result(m(date(2024, 4, 20)), result, lenient)
    # Not even once the due date has passed without the firm resubmitting.
    with pytest.raises(FinalPassWithoutRectificationError):
        evaluation.record_final_result(m(date(2024, 5, 20)), result, lenient)
    assert evaluation.stage is EvaluationStage.RECTIFICATION_NOTIFIED

    evaluation.record_resubmission(m(date(2024, 5, 21)))
    evaluation.record_final_result(m(date(2024, 5, 25)), result, lenient)
    assert evaluation.result is result


def test_a_supervisors_recorded_correction_lets_a_proposed_fail_pass() -> None:
    """The other way to a final 合格 after a proposed 不合格: the proposal is corrected on the
    record (its own event, with the reason), never silently; the lapsed notice goes with it."""
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.FAIL, POLICY)
    evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 5, 15))
    evaluation.correct_proposed_result(
        m(date(2024, 4, 12), "初审计分错误，复核后合格"), FirmInspectionResult.PASS, POLICY
    )
    corrected = evaluation.pending_events[-1]
    assert type(corrected).__name__ == "ProposedResultCorrected"
    assert (corrected.previous, corrected.result) == (  # type: ignore[attr-defined]
        FirmInspectionResult.FAIL,
        FirmInspectionResult.PASS,
    )
    assert corrected.meta.reason == "初审计分错误，复核后合格"  # type: ignore[attr-defined]
    assert (evaluation.stage, evaluation.rectification_due_on) == (
        EvaluationStage.RESULT_PROPOSED,
        None,
    )
    evaluation.record_final_result(m(date(2024, 4, 15)), FirmInspectionResult.PASS, POLICY)
    assert replayed(evaluation).result is FirmInspectionResult.PASS
    with pytest.raises(EvaluationStepError):  # nothing left to correct once final
        evaluation.correct_proposed_result(m(date(2024, 4, 16)), FirmInspectionResult.FAIL, POLICY)


def test_a_correction_changes_the_proposal() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(), FirmInspectionResult.FAIL, POLICY)
    with pytest.raises(NothingToChangeError):
        evaluation.correct_proposed_result(m(), FirmInspectionResult.FAIL, POLICY)
    with pytest.raises(BasicPassNotEnabledError):
        evaluation.correct_proposed_result(m(), FirmInspectionResult.BASIC_PASS, POLICY)


def test_rectification_notice_only_for_proposed_fail() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(), FirmInspectionResult.PASS, POLICY)
    with pytest.raises(EvaluationStepError, match="proposed as 不合格"):
        evaluation.issue_rectification_notice(m(), date(2024, 5, 15))
    with pytest.raises(EvaluationStepError):
        evaluation.record_resubmission(m())
    with pytest.raises(FinalFailBeforeRectificationError):
        evaluation.record_final_result(m(), FirmInspectionResult.FAIL, POLICY)


def test_rectification_due_after_notice() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(), FirmInspectionResult.FAIL, POLICY)
    with pytest.raises(RectificationDueDateError) as refused:
        evaluation.issue_rectification_notice(m(date(2024, 4, 10)), date(2024, 4, 10))
    assert refused.value.field == "due_on"


def test_law_firm_result_takes_effect_without_an_objection_window() -> None:
    evaluation = firm_annual()
    evaluation.propose_result(m(date(2024, 4, 1)), FirmInspectionResult.PASS, POLICY)
    with pytest.raises(EvaluationStepError):
        evaluation.make_effective(m(date(2024, 4, 1)))
    evaluation.record_final_result(m(date(2024, 4, 8)), FirmInspectionResult.PASS, POLICY)
    evaluation.publicise(m(date(2024, 4, 9)), Deadline(date(2024, 4, 23)), POLICY)
    assert evaluation.objection_deadline is None  # reconsideration windows are the appeal's
    assert evaluation.appealable_on == date(2024, 4, 8)
    evaluation.make_effective(m(date(2024, 4, 9)))
    assert evaluation.effective_result is FirmInspectionResult.PASS


# -- lawyer annual assessment ------------------------------------------------------------------


@pytest.mark.parametrize("result", list(LawyerAssessmentResult))
def test_lawyer_annual_assessment(result: LawyerAssessmentResult) -> None:
    evaluation = Evaluation.open(m(), EvaluationKind.LAWYER_ANNUAL, lawyer(), 2023, (DAXING,))
    evaluation.record_assessment(m(date(2024, 4, 1)), result)
    with pytest.raises(EvaluationStepError):
        evaluation.record_assessment(m(date(2024, 4, 2)), result)
    evaluation.make_effective(m(date(2024, 4, 3)))
    assert (evaluation.effective_result, evaluation.appealable_on) == (result, date(2024, 4, 1))


# -- the appeal target protocol ----------------------------------------------------------------


def test_vary_on_appeal_changes_the_grade_and_keeps_the_original() -> None:
    evaluation = publicised(70)
    appeal = uuid.uuid4()
    evaluation.vary_on_appeal(m(date(2024, 4, 20), "复核决定"), appeal, grade="B", total="76")
    assert (evaluation.grade, evaluation.final_total) == (IntegrityGrade.B, Decimal(76))
    assert [(r.result, r.by, r.appeal_id) for r in evaluation.results] == [
        (IntegrityGrade.C, "evaluation", None),
        (IntegrityGrade.B, "appeal", appeal),
    ]
    varied: Any = evaluation.collect_events()[-1]
    assert (type(varied).__name__, varied.superseded) == ("VariedOnAppeal", IntegrityGrade.C)
    evaluation.make_effective(m(date(2024, 4, 22)))
    assert evaluation.effective_result is IntegrityGrade.B


def test_appeal_needs_a_result() -> None:
    final_not_publicised = scored(70)
    final_not_publicised.record_final_grade(m(date(2024, 4, 1)), POLICY)
    for evaluation in (grading(), final_not_publicised):
        with pytest.raises(NoAppealableResultError) as refused:
            evaluation.vary_on_appeal(m(), uuid.uuid4(), grade="B")
        assert refused.value.rule == "AppealNeedsAResult"
        with pytest.raises(NoAppealableResultError):
            evaluation.annul_on_appeal(m(), uuid.uuid4())


def test_variation_changes_the_result() -> None:
    with pytest.raises(VariationChangesNothingError) as same:
        publicised(70).vary_on_appeal(m(), uuid.uuid4(), grade="C")
    assert same.value.rule == "VariationChangesTheResult"


@pytest.mark.parametrize(
    "new_result",
    [
        {},
        {"grade": "E"},
        {"result": "pass"},
        {"grade": "B", "total": "x"},
        {"grade": "B", "note": 1},
    ],
)
def test_varied_result_fits_evaluation(new_result: dict[str, Any]) -> None:
    with pytest.raises(VariedResultInvalidError) as refused:
        publicised(70).vary_on_appeal(m(), uuid.uuid4(), **new_result)
    assert refused.value.rule == "VariedResultFitsEvaluation"


def test_annulled_evaluation_is_judged_again() -> None:
    evaluation = publicised(70)
    evaluation.make_effective(m(date(2024, 4, 18)))
    evaluation.annul_on_appeal(m(date(2024, 6, 1)), uuid.uuid4())
    assert (evaluation.stage, evaluation.result, evaluation.effective_result) == (
        EvaluationStage.ANNULLED,
        None,
        None,
    )
    assert evaluation.appealable_on is None
    evaluation.record_final_grade(m(date(2024, 6, 10)), POLICY, total=Decimal(91))
    assert evaluation.grade is IntegrityGrade.A
    assert [r.result for r in evaluation.results] == [IntegrityGrade.C, None, IntegrityGrade.A]


def test_withdraw_publication_only_when_published() -> None:
    evaluation = scored(70)
    evaluation.record_final_grade(m(date(2024, 4, 1)), POLICY)
    assert evaluation.withdraw_publication(m(date(2024, 4, 1)), date(2024, 4, 5)) is False
    evaluation.publicise(m(date(2024, 4, 2)), Deadline(WINDOW_ENDS), POLICY)
    assert evaluation.withdraw_publication(m(date(2024, 4, 20)), date(2024, 4, 23)) is True
    assert evaluation.published is False
    assert evaluation.withdraw_publication(m(date(2024, 4, 20)), date(2024, 4, 23)) is False
    assert type(evaluation.collect_events()[-1]).__name__ == "PublicationWithdrawn"
    # The varied grade can be publicised again; the objection window stays the first one.
    evaluation.publicise(m(date(2024, 4, 21)), Deadline(date(2024, 5, 9)), POLICY)
    assert (evaluation.published, evaluation.objection_deadline) == (True, WINDOW_ENDS)


# -- replay ------------------------------------------------------------------------------------


def test_replay_rebuilds_the_same_record_without_judging_again() -> None:
    evaluation = publicised(70)
    evaluation.vary_on_appeal(m(date(2024, 4, 20)), uuid.uuid4(), grade="B")
    copy = replayed(evaluation)
    assert copy.id == evaluation.id and copy.version == evaluation.version
    for name in (
        "stage",
        "result",
        "results",
        "final_total",
        "thresholds",
        "policy_version",
        "objection_deadline",
        "appealable_on",
        "initial_scores",
        "evaluators",
    ):
        assert getattr(copy, name) == getattr(evaluation, name), name


# -- stored form -------------------------------------------------------------------------------


def test_evaluation_topics_are_explicit_and_every_event_carries_meta() -> None:
    assert vars(Evaluation)["TOPIC"] == "ledger.Evaluation"
    events = event_classes(Evaluation)
    assert len(events) == 16
    for cls in events:
        topic = declared_topic(cls)
        assert topic == f"ledger.Evaluation.{cls.__name__}", cls
        assert get_topic(cls) == topic and resolve_topic(topic) is cls
        if cls is not Evaluation.Created:
            assert "meta" in vars(cls).get("__annotations__", {}), cls
