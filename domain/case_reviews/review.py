"""Case-file reviews 案卷评查: a sample of an organization's case files, each scored
合格 / 基本合格 / 不合格 with its faults; the concluded result goes on the subject's record.

Opened -> SampleDrawn -> CaseFileScored* -> Concluded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.case_reviews.errors import (
    CaseFileReviewStepError,
    CaseFileScoreError,
)
from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    Label,
    OrganizationKind,
    article,
    business_id,
    stable_topic,
)

# Whose case files are reviewed: appraisal opinions, mediation files, and legal-aid files (legal
# aid is delivered by law firms) [practice].
REVIEWABLE_KINDS = (
    OrganizationKind.APPRAISAL_INSTITUTION,
    OrganizationKind.MEDIATION_COMMITTEE,
    OrganizationKind.LAW_FIRM,
)


@stable_topic("ledger.value.CaseFileResult")
class CaseFileResult(StrEnum):
    PASS = "pass"  # 合格
    BASIC_PASS = "basic_pass"  # 基本合格
    FAIL = "fail"  # 不合格


@stable_topic("ledger.value.CaseFileScore")
class CaseFileScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    case_ref: str = Field(min_length=1, max_length=100)
    result: CaseFileResult
    faults: tuple[Label, ...] = ()


@stable_topic("ledger.value.CaseFileTally")
class CaseFileTally(BaseModel):
    model_config = ConfigDict(frozen=True)

    reviewed: int
    passed: int
    basic_passed: int
    failed: int
    pass_rate: Decimal = Field(description="(合格 + 基本合格) / reviewed, in percent")


class CaseFileReview(Aggregate):
    TOPIC = "ledger.CaseFileReview"
    Created = unused_created_event("CaseFileReview")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        return business_id("case-file-review", meta.command_id)

    @event("Opened", topic="ledger.CaseFileReview.Opened")
    def __init__(
        self, meta: EventMeta, subject_id: UUID, subject_kind: OrganizationKind, title: str
    ) -> None:
        self.subject_id = subject_id
        self.subject_kind = subject_kind
        self.title = title
        self.sample: tuple[str, ...] = ()
        self.scores: dict[str, CaseFileScore] = {}
        self.tally: CaseFileTally | None = None
        self.concluded_on: date | None = None

    @staticmethod
    def check_subject_reviewable(kind: OrganizationKind) -> None:
        """CaseFilesOfReviewableKinds."""
        if kind not in REVIEWABLE_KINDS:
            raise CaseFileScoreError(
                f"case files of {article(kind.value)} are not reviewed here",
                subject_kind=kind.value,
            )

    def draw_sample(self, meta: EventMeta, case_refs: tuple[str, ...]) -> None:
        self.check_step("draw the sample", sampled=False)
        if not case_refs or len(set(case_refs)) != len(case_refs):
            raise CaseFileScoreError("a sample names at least one case file, each once")
        self._draw_sample(meta, case_refs)

    def score(self, meta: EventMeta, score: CaseFileScore) -> None:
        self.check_step("score a case file", sampled=True)
        if score.case_ref not in self.sample:
            raise CaseFileReviewStepError(f"case file {score.case_ref} is not in the sample")
        if score.case_ref in self.scores:
            raise CaseFileReviewStepError(f"case file {score.case_ref} is already scored")
        if score.result is not CaseFileResult.PASS and not score.faults:
            raise CaseFileScoreError(
                "a file that is not 合格 lists its faults", case_ref=score.case_ref
            )
        self._score(meta, score)

    def conclude(self, meta: EventMeta) -> None:
        self.check_step("conclude", sampled=True)
        missing = [ref for ref in self.sample if ref not in self.scores]
        if missing:
            raise CaseFileReviewStepError(
                f"{len(missing)} sampled case file(s) are not scored yet", missing=missing[:10]
            )
        results = [s.result for s in self.scores.values()]
        passed = results.count(CaseFileResult.PASS)
        basic = results.count(CaseFileResult.BASIC_PASS)
        rate = (Decimal(100) * (passed + basic) / len(results)).quantize(Decimal("0.1"))
        tally = CaseFileTally(
            reviewed=len(results),
            passed=passed,
            basic_passed=basic,
            failed=results.count(CaseFileResult.FAIL),
            pass_rate=rate,
        )
        self._conclude(meta, tally)

    def check_step(self, action: str, *, sampled: bool) -> None:
        """CaseFileReviewStepsInOrder: sample, then scores, then the conclusion."""
        if self.tally is not None:
            raise CaseFileReviewStepError(f"cannot {action}: the review is concluded")
        if bool(self.sample) is not sampled:
            state = "already drawn" if self.sample else "not drawn yet"
            raise CaseFileReviewStepError(f"cannot {action}: the sample is {state}")

    @event("SampleDrawn", topic="ledger.CaseFileReview.SampleDrawn")
    def _draw_sample(self, meta: EventMeta, case_refs: tuple[str, ...]) -> None:
        self.sample = case_refs

    @event("CaseFileScored", topic="ledger.CaseFileReview.CaseFileScored")
    def _score(self, meta: EventMeta, score: CaseFileScore) -> None:
        self.scores[score.case_ref] = score

    @event("Concluded", topic="ledger.CaseFileReview.Concluded")
    def _conclude(self, meta: EventMeta, tally: CaseFileTally) -> None:
        self.tally = tally
        self.concluded_on = meta.effective_on
