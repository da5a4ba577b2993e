"""Case-file review rules on the aggregate alone."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from domain.case_reviews.errors import (
    CaseFileReviewStepError,
    CaseFileScoreError,
)
from domain.case_reviews.review import (
    CaseFileResult,
    CaseFileReview,
    CaseFileScore,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)

INSPECTOR = Actor(principal_id="inspector.zhao", role=Role.INSPECTOR)


def meta() -> EventMeta:
    return EventMeta(
        actor=INSPECTOR, reason="评查", effective_on=date(2024, 6, 3), command_id=str(uuid.uuid4())
    )


def review() -> CaseFileReview:
    return CaseFileReview(
        meta=meta(),
        subject_id=uuid.uuid4(),
        subject_kind=OrganizationKind.MEDIATION_COMMITTEE,
        title="2024年案卷评查",
    )


def test_case_files_of_reviewable_kinds() -> None:
    CaseFileReview.check_subject_reviewable(OrganizationKind.MEDIATION_COMMITTEE)
    with pytest.raises(CaseFileScoreError):
        CaseFileReview.check_subject_reviewable(OrganizationKind.NOTARY_OFFICE)


def test_case_file_review_steps_in_order() -> None:
    r = review()
    with pytest.raises(CaseFileReviewStepError) as early:
        r.score(meta(), CaseFileScore(case_ref="A", result=CaseFileResult.PASS))
    assert early.value.rule == "CaseFileReviewStepsInOrder"
    r.draw_sample(meta(), ("A", "B"))
    with pytest.raises(CaseFileReviewStepError):
        r.draw_sample(meta(), ("C",))
    r.score(meta(), CaseFileScore(case_ref="A", result=CaseFileResult.PASS))
    with pytest.raises(CaseFileReviewStepError):  # B is not scored yet
        r.conclude(meta())
    with pytest.raises(CaseFileReviewStepError):  # each file once
        r.score(meta(), CaseFileScore(case_ref="A", result=CaseFileResult.FAIL, faults=("x",)))
    with pytest.raises(CaseFileReviewStepError):  # only sampled files
        r.score(meta(), CaseFileScore(case_ref="Z", result=CaseFileResult.PASS))
    r.score(meta(), CaseFileScore(case_ref="B", result=CaseFileResult.PASS))
    r.conclude(meta())
    with pytest.raises(CaseFileReviewStepError):
        r.score(meta(), CaseFileScore(case_ref="A", result=CaseFileResult.PASS))


def test_case_file_scores_well_formed() -> None:
    r = review()
    with pytest.raises(CaseFileScoreError):
        r.draw_sample(meta(), ("A", "A"))
    r.draw_sample(meta(), ("A",))
    r.collect_events()
    with pytest.raises(CaseFileScoreError) as no_faults:
        r.score(meta(), CaseFileScore(case_ref="A", result=CaseFileResult.BASIC_PASS))
    assert no_faults.value.rule == "CaseFileScoresWellFormed"
    assert r.collect_events() == []


def test_the_tally_counts_each_result_and_the_pass_rate() -> None:
    r = review()
    refs = tuple(f"TJ-{n:03d}" for n in range(1, 11))
    r.draw_sample(meta(), refs)
    results = [CaseFileResult.PASS] * 7 + [CaseFileResult.BASIC_PASS] * 2 + [CaseFileResult.FAIL]
    for ref, result in zip(refs, results, strict=True):
        faults = () if result is CaseFileResult.PASS else ("笔录缺签名",)
        r.score(meta(), CaseFileScore(case_ref=ref, result=result, faults=faults))
    r.conclude(meta())
    assert r.tally is not None
    assert (r.tally.reviewed, r.tally.passed, r.tally.basic_passed, r.tally.failed) == (10, 7, 2, 1)
    assert r.tally.pass_rate == Decimal("90.0")
