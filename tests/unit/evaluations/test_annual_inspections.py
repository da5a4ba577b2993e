"""The law firm annual inspection (proposed result, rectification, correction, final result) and
the lawyer annual assessment, on the Evaluation aggregate alone."""

from __future__ import annotations

from datetime import date

import pytest

from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
    NothingToChangeError,
    RectificationDueDateError,
)
from domain.core.policy import (
    Policy,
)
from domain.evaluations.errors import (
    EvaluationStepError,
    FinalFailBeforeRectificationError,
    FinalPassWithoutRectificationError,
)
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    LawyerAssessmentResult,
)
from tests.unit.evaluations.evaluation_rules_support import (
    DAXING,
    POLICY,
    firm_annual,
    lawyer,
    m,
    replayed,
)

# -- law firm annual inspection ----------------------------------------------------------------


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
