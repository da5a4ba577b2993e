"""The rules of an evaluation, as checks on its recorded state (the aggregate in
evaluation.py inherits them): its subject and period, the steps in order and in date order, the
score sheet, 基本合格, the rectification cycle, the objection window, appeals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.core.errors import (
    BasicPassNotEnabledError,
)
from domain.core.policy import (
    Policy,
)
from domain.core.values import (
    EventMeta,
    article,
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
    VariedResultInvalidError,
)
from domain.evaluations.values import (
    HAS_RESULT,
    OUTCOME_TYPE,
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    Outcome,
    ScoredItem,
)
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner


class EvaluationRules:
    """The checks an evaluation's commands run before they record anything."""

    # The recorded state the rules read (set by the aggregate's events).
    kind: EvaluationKind
    stage: EvaluationStage
    proposed_result: FirmInspectionResult | None
    rectification_due_on: date | None
    resubmitted_on: date | None
    result: Outcome | None
    objection_deadline: date | None
    appealable_on: date | None
    last_step_on: date
    initial_total: Decimal | None
    published: bool

    @property
    def grade(self) -> IntegrityGrade | None:
        return self.result if isinstance(self.result, IntegrityGrade) else None

    @property
    def effective_result(self) -> Outcome | None:
        """The result in force: set once the evaluation took effect, then only an appeal
        changes it."""
        return self.result if self.stage is EvaluationStage.EFFECTIVE else None

    @staticmethod
    def check_subject_matches_kind(
        kind: EvaluationKind, subject: Organization | Practitioner
    ) -> None:
        """EvaluationSubjectMatchesKind."""
        if subject.kind is not kind.subject_kind:
            raise EvaluationSubjectError(
                f"{article(kind.value)} evaluation is of {article(kind.subject_kind.value)}, "
                f"not of {article(subject.kind.value)}",
                expected=kind.subject_kind.value,
                actual=subject.kind.value,
            )

    @staticmethod
    def check_period_has_ended(meta: EventMeta, period: int) -> None:
        """EvaluatePriorPeriod: a year is evaluated on its record, so after it has ended."""
        if period >= meta.effective_on.year:
            raise EvaluationPeriodError(
                f"the {period} evaluation can be opened from {period + 1}-01-01, "
                f"not on {meta.effective_on}",
                period=period,
                effective_on=str(meta.effective_on),
            )

    @staticmethod
    def check_evaluators(evaluators: tuple[str, ...]) -> tuple[str, ...]:
        """OneOrTwoEvaluatingDistricts: one bureau, or two districts jointly (both recorded)."""
        names = tuple(name.strip() for name in evaluators)
        if not 1 <= len(names) <= 2 or not all(names) or len(set(names)) != len(names):
            raise EvaluatorsInvalidError(
                "an evaluation is run by one bureau or jointly by two districts, each named once",
                evaluators=list(names),
            )
        return names

    @staticmethod
    def check_score_sheet(items: tuple[ScoredItem, ...], scale: Decimal) -> Decimal:
        """ScoreSheetAddsUp and ScoreWithinRange; the sheet's total."""
        ids = [item.item_id for item in items]
        if not items or len(set(ids)) != len(ids):
            raise ScoreSheetInvalidError("a score sheet lists each scored item once", item_ids=ids)
        over = [item.item_id for item in items if item.points > item.max_points]
        if over:
            raise ScoreOutOfRangeError(
                f"points above the item's maximum for {', '.join(over)}", item_ids=over
            )
        maxima = sum((item.max_points for item in items), Decimal(0))
        if maxima != scale:
            raise ScoreSheetInvalidError(
                f"the item maxima add up to {maxima}, the score scale is {scale}",
                maxima=str(maxima),
                scale=str(scale),
            )
        return sum((item.points for item in items), Decimal(0))

    def check_kind(self, kind: EvaluationKind, what: str) -> None:
        """StepMatchesEvaluationKind."""
        if self.kind is not kind:
            raise EvaluationKindStepError(
                f"{what} belongs to {article(kind.value)} evaluation; this one is {self.kind.value}",
                kind=self.kind.value,
            )

    def check_stage(self, meta: EventMeta, action: str, *allowed: EvaluationStage) -> None:
        """EvaluationStepOutOfOrder, and EvaluationStepsInDateOrder."""
        self.check_dated_after_last_step(meta)
        if self.stage not in allowed:
            raise EvaluationStepError(
                f"cannot {action}: the evaluation is {self.stage.value} (allowed from "
                + ", ".join(s.value for s in allowed)
                + ")",
                stage=self.stage.value,
                allowed=[s.value for s in allowed],
            )

    def check_dated_after_last_step(self, meta: EventMeta) -> None:
        """EvaluationStepsInDateOrder: a step is dated on or after the step before it."""
        if meta.effective_on < self.last_step_on:
            raise EvaluationStepDateError(
                f"this step is dated {meta.effective_on}, before the evaluation's last step "
                f"({self.last_step_on})",
                effective_on=str(meta.effective_on),
                last_step_on=str(self.last_step_on),
            )

    @staticmethod
    def check_basic_pass_enabled(result: FirmInspectionResult, policy: Policy) -> None:
        """BasicPassOnlyWhenPolicyEnables."""
        if result is FirmInspectionResult.BASIC_PASS and not policy.law_firm_basic_pass_enabled:
            raise BasicPassNotEnabledError(
                f"基本合格 (basic_pass) is not a result under policy {policy.version}",
                policy_version=policy.version,
            )

    def check_rectification_chance_given(self, day: date) -> None:
        """RectificationBeforeFinalFail: a final 不合格 only after a rectification notice and
        the firm's resubmission, or once the notice's due date has passed without one."""
        due = self.rectification_due_on
        if due is None:
            raise FinalFailBeforeRectificationError(
                "a firm is told what to rectify (整改告知) before a final 不合格"
            )
        if self.resubmitted_on is None and day <= due:
            raise FinalFailBeforeRectificationError(
                f"the firm may resubmit until {due}; a final 不合格 waits for its resubmission "
                "or for that date to pass",
                due_on=str(due),
            )

    def check_proposed_fail_passes_through_rectification(
        self, result: FirmInspectionResult
    ) -> None:
        """ProposedFailPassesOnlyThroughRectification: a firm proposed as 不合格 is finally
        合格 (or 基本合格) only after the rectification cycle — the notice 整改告知 and the
        firm's resubmission — or once a supervisor has corrected the proposal on the record;
        never silently."""
        if self.proposed_result is not FirmInspectionResult.FAIL:
            return
        if self.stage is EvaluationStage.RESUBMITTED:
            return
        step = (
            "the firm's resubmission"
            if self.stage is EvaluationStage.RECTIFICATION_NOTIFIED
            else "a rectification notice (整改告知) and the firm's resubmission"
        )
        raise FinalPassWithoutRectificationError(
            f"the firm was proposed as 不合格 (fail): a final {result.value} needs {step} first, "
            "or a supervisor's recorded correction of the proposal "
            "(POST /evaluations/{id}/proposal-correction)",
            stage=self.stage.value,
            proposed_result=FirmInspectionResult.FAIL.value,
        )

    def check_objection_window_passed(self, day: date) -> None:
        """ObjectionWindowMustPass."""
        assert self.objection_deadline is not None
        if day <= self.objection_deadline:
            raise ObjectionWindowOpenError(
                f"objections may be raised until {self.objection_deadline}; the grade takes "
                f"effect after that, not on {day}",
                objection_deadline=str(self.objection_deadline),
            )

    @staticmethod
    def check_no_pending_objection(pending: tuple[UUID, ...]) -> None:
        """NoEffectWhileObjectionPending."""
        if pending:
            raise ObjectionPendingError(
                f"{len(pending)} objection(s) to this grade are not decided yet",
                appeal_ids=[str(a) for a in pending],
            )

    def check_appealable_result(self) -> None:
        """AppealNeedsAResult."""
        if self.appealable_on is None or self.stage not in HAS_RESULT:
            raise NoAppealableResultError(
                f"the evaluation has no appealable result (it is {self.stage.value})",
                stage=self.stage.value,
            )

    def check_varied_result(self, new_result: dict[str, Any]) -> tuple[Outcome, Decimal | None]:
        """VariedResultFitsEvaluation."""
        key = "grade" if self.kind is EvaluationKind.INTEGRITY_GRADING else "result"
        allowed = {key, "total"} if key == "grade" else {key}
        outcome_type = OUTCOME_TYPE[self.kind]
        choices = ", ".join(o.value for o in outcome_type)
        if key not in new_result or set(new_result) - allowed:
            raise VariedResultInvalidError(
                f"a varied {self.kind.value} names its new {key} ({choices})"
                + (" and optionally the total" if key == "grade" else ""),
                given=sorted(new_result),
            )
        try:
            result = outcome_type(new_result[key])
            total = None if new_result.get("total") is None else Decimal(str(new_result["total"]))
        except (ValueError, ArithmeticError):
            raise VariedResultInvalidError(
                f"{new_result[key]!r} is not {article(key)} of {article(self.kind.value)} ({choices})",
                given=str(new_result[key]),
            ) from None
        if total is not None and total < 0:
            raise VariedResultInvalidError(f"a total score is not negative: {total}")
        return result, total

    def check_final_total(self, total: Decimal | None, policy: Policy) -> Decimal:
        """ScoreWithinRange: the municipal total (the district's initial one unless given) is
        within the policy's scale, and a grade needs the initial scores first."""
        if self.initial_total is None:
            raise EvaluationStepError(
                "a grade needs the district's initial scores first; without them the "
                "institution can only be 不予评定",
                stage=self.stage.value,
            )
        final = self.initial_total if total is None else total
        if not Decimal(0) <= final <= policy.integrity_score_scale:
            raise ScoreOutOfRangeError(
                f"the final total {final} is outside 0..{policy.integrity_score_scale}",
                field="total",
            )
        return final
