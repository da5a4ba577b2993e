"""The steps of an evaluation, each a command that runs its rules (rules.py) and records its
event (evaluation.py): self-assessment, initial and municipal final scores, a law firm's
proposed result, rectification notice, resubmission and final result (or a supervisor's
correction), a lawyer's assessment, publicity, effect, and what an appeal changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.core.calendar import Deadline
from domain.core.errors import (
    NothingToChangeError,
    RectificationDueDateError,
)
from domain.core.policy import (
    Policy,
)
from domain.core.values import (
    EventMeta,
)
from domain.evaluations.errors import (
    EvaluationStepError,
    ScoreOutOfRangeError,
    VariationChangesNothingError,
)
from domain.evaluations.rules import EvaluationRules
from domain.evaluations.values import (
    HAS_RESULT,
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    LawyerAssessmentResult,
    ScoredItem,
    grade_for,
)


class EvaluationProcedure(EvaluationRules):
    """The commands: rules first, then the event."""

    # The events the commands record (decorated on the aggregate: state only).
    _annul_on_appeal: Callable[..., None]
    _correct_proposed_result: Callable[..., None]
    _issue_rectification_notice: Callable[..., None]
    _make_effective: Callable[..., None]
    _propose_result: Callable[..., None]
    _publicise: Callable[..., None]
    _record_assessment: Callable[..., None]
    _record_final_grade: Callable[..., None]
    _record_final_result: Callable[..., None]
    _record_initial_scores: Callable[..., None]
    _record_resubmission: Callable[..., None]
    _submit_self_assessment: Callable[..., None]
    _vary_on_appeal: Callable[..., None]
    _withdraw_publication: Callable[..., None]

    def submit_self_assessment(
        self, meta: EventMeta, items: tuple[ScoredItem, ...], policy: Policy
    ) -> None:
        self.check_kind(EvaluationKind.INTEGRITY_GRADING, "a self-assessment")
        self.check_stage(meta, "submit a self-assessment", EvaluationStage.OPENED)
        total = self.check_score_sheet(items, policy.integrity_score_scale)
        self._submit_self_assessment(meta, items, total, policy.version)

    def record_initial_scores(
        self, meta: EventMeta, items: tuple[ScoredItem, ...], policy: Policy
    ) -> None:
        """The district's initial score 初评, item by item."""
        self.check_kind(EvaluationKind.INTEGRITY_GRADING, "initial scores")
        self.check_stage(meta, "record initial scores", EvaluationStage.SELF_ASSESSED)
        total = self.check_score_sheet(items, policy.integrity_score_scale)
        self._record_initial_scores(meta, items, total, policy.version)

    def record_final_grade(
        self,
        meta: EventMeta,
        policy: Policy,
        total: Decimal | None = None,
        not_graded: bool = False,
    ) -> None:
        """The municipal final 终评: the grade follows from the total under the policy's
        thresholds (the district's initial total unless the municipal bureau sets another), or
        不予评定 with the reason in the metadata."""
        self.check_kind(EvaluationKind.INTEGRITY_GRADING, "a final grade")
        if not_graded:
            if total is not None:
                raise ScoreOutOfRangeError(
                    "a 不予评定 decision carries no total score", field="total"
                )
            self.check_stage(
                meta,
                "record a final grade",
                EvaluationStage.OPENED,
                EvaluationStage.SELF_ASSESSED,
                EvaluationStage.INITIAL_SCORED,
                EvaluationStage.ANNULLED,
            )
            self._record_final_grade(meta, IntegrityGrade.NOT_GRADED, None, None, policy.version)
            return
        self.check_stage(
            meta, "record a final grade", EvaluationStage.INITIAL_SCORED, EvaluationStage.ANNULLED
        )
        final = self.check_final_total(total, policy)
        thresholds = policy.grade_thresholds
        self._record_final_grade(
            meta, grade_for(final, thresholds), final, thresholds, policy.version
        )

    def propose_result(self, meta: EventMeta, result: FirmInspectionResult, policy: Policy) -> None:
        self.check_kind(EvaluationKind.LAW_FIRM_ANNUAL, "a proposed inspection result")
        self.check_stage(meta, "propose a result", EvaluationStage.OPENED, EvaluationStage.ANNULLED)
        self.check_basic_pass_enabled(result, policy)
        self._propose_result(meta, result, policy.version)

    def issue_rectification_notice(self, meta: EventMeta, due_on: date) -> None:
        """整改告知: a firm proposed as 不合格 hears why and may put it right by `due_on`."""
        self.check_kind(EvaluationKind.LAW_FIRM_ANNUAL, "a rectification notice")
        self.check_stage(meta, "issue a rectification notice", EvaluationStage.RESULT_PROPOSED)
        if self.proposed_result is not FirmInspectionResult.FAIL:
            raise EvaluationStepError(
                "a rectification notice goes to a firm proposed as 不合格 (fail), not "
                f"{self.proposed_result}",
                proposed_result=str(self.proposed_result),
            )
        if due_on <= meta.effective_on:
            raise RectificationDueDateError(
                f"rectification is due after the notice ({meta.effective_on}), not {due_on}",
                due_on=str(due_on),
            )
        self._issue_rectification_notice(meta, due_on)

    def record_resubmission(self, meta: EventMeta) -> None:
        self.check_kind(EvaluationKind.LAW_FIRM_ANNUAL, "a resubmission")
        self.check_stage(meta, "record a resubmission", EvaluationStage.RECTIFICATION_NOTIFIED)
        # Materials that arrive late are still recorded (and marked): whether to weigh them is
        # the bureau's judgement, and the record must show they came.
        assert self.rectification_due_on is not None
        self._record_resubmission(meta, meta.effective_on > self.rectification_due_on)

    def record_final_result(
        self, meta: EventMeta, result: FirmInspectionResult, policy: Policy
    ) -> None:
        self.check_kind(EvaluationKind.LAW_FIRM_ANNUAL, "a final inspection result")
        self.check_stage(
            meta,
            "record a final result",
            EvaluationStage.RESULT_PROPOSED,
            EvaluationStage.RECTIFICATION_NOTIFIED,
            EvaluationStage.RESUBMITTED,
        )
        self.check_basic_pass_enabled(result, policy)
        if result is FirmInspectionResult.FAIL:
            self.check_rectification_chance_given(meta.effective_on)
        else:
            self.check_proposed_fail_passes_through_rectification(result)
        self._record_final_result(meta, result, policy.version)

    def correct_proposed_result(
        self, meta: EventMeta, result: FirmInspectionResult, policy: Policy
    ) -> None:
        """A supervisor's recorded correction of the proposed result (the reason is the
        event's): the evaluation goes on from the corrected proposal, and a notice already
        issued under the old one lapses."""
        self.check_kind(EvaluationKind.LAW_FIRM_ANNUAL, "a correction of the proposed result")
        self.check_stage(
            meta,
            "correct the proposed result",
            EvaluationStage.RESULT_PROPOSED,
            EvaluationStage.RECTIFICATION_NOTIFIED,
            EvaluationStage.RESUBMITTED,
        )
        self.check_basic_pass_enabled(result, policy)
        if result is self.proposed_result:
            raise NothingToChangeError(
                f"the proposed result is already {result.value}", field="result"
            )
        assert self.proposed_result is not None  # stage RESULT_PROPOSED or later
        self._correct_proposed_result(meta, self.proposed_result, result, policy.version)

    def record_assessment(self, meta: EventMeta, result: LawyerAssessmentResult) -> None:
        self.check_kind(EvaluationKind.LAWYER_ANNUAL, "an annual assessment")
        self.check_stage(
            meta, "record the assessment", EvaluationStage.OPENED, EvaluationStage.ANNULLED
        )
        self._record_assessment(meta, result)

    def publicise(self, meta: EventMeta, objection_deadline: Deadline, policy: Policy) -> None:
        """公示. For an integrity grade the first publicity opens the objection window, which
        ends on `objection_deadline` (computed by the caller from the working-day calendar and
        `policy.evaluation_objection_working_days`)."""
        self.check_dated_after_last_step(meta)
        if self.published or self.stage not in HAS_RESULT:
            raise EvaluationStepError(
                "only a final result that is not on public display is publicised "
                f"(the evaluation is {self.stage.value}"
                + (", already publicised)" if self.published else ")"),
                stage=self.stage.value,
            )
        opens_window = (
            self.kind is EvaluationKind.INTEGRITY_GRADING and self.objection_deadline is None
        )
        self._publicise(
            meta,
            objection_deadline.due if opens_window else None,
            objection_deadline.provisional if opens_window else False,
            policy.version,
        )

    def make_effective(self, meta: EventMeta, pending_objections: tuple[UUID, ...] = ()) -> None:
        if self.kind is EvaluationKind.INTEGRITY_GRADING:
            self.check_stage(meta, "make the grade effective", EvaluationStage.PUBLICISED)
            self.check_objection_window_passed(meta.effective_on)
            self.check_no_pending_objection(pending_objections)
        else:
            # A reconsideration does not suspend a decision (行政复议法): no window to wait for.
            self.check_stage(
                meta, "make the result effective", EvaluationStage.FINAL, EvaluationStage.PUBLICISED
            )
        self._make_effective(meta)

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None:
        """An objection or appeal decided Varied: `grade=` for an integrity grade (optionally
        with the new `total`), `result=` for the others."""
        self.check_appealable_result()
        result, total = self.check_varied_result(new_result)
        if result == self.result:
            raise VariationChangesNothingError(
                f"the result is already {result}: a decision that keeps it is Upheld, not Varied",
                result=str(result),
            )
        self._vary_on_appeal(meta, appeal_id, result, total, self.result)

    def annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None:
        self.check_appealable_result()
        self._annul_on_appeal(meta, appeal_id, self.result)

    def withdraw_publication(self, meta: EventMeta, due: date) -> bool:
        if not self.published:
            return False
        self._withdraw_publication(meta, due)
        return True
