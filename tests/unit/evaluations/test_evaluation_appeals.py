"""The appeal target protocol of the Evaluation: varying and annulling a result on appeal, and
withdrawing its publication."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.core.calendar import Deadline
from domain.evaluations.errors import (
    NoAppealableResultError,
    VariationChangesNothingError,
    VariedResultInvalidError,
)
from domain.evaluations.values import (
    EvaluationStage,
    IntegrityGrade,
)
from tests.unit.evaluations.evaluation_rules_support import (
    POLICY,
    WINDOW_ENDS,
    grading,
    m,
    publicised,
    scored,
)

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
