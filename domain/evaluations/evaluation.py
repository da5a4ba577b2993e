"""Evaluations and ratings (评价): integrity grades of appraisal institutions, law firms' annual
inspection results and lawyers' annual assessments.

One `Evaluation` per subject, kind and period (its id is that business key). The steps:

- integrity grading 诚信等级评估: Opened -> SelfAssessmentSubmitted -> InitialScoresRecorded 初评
  -> FinalGradeRecorded 终评 -> Publicised (objection window opens) -> BecameEffective
- law firm annual inspection 年度检查考核: Opened -> ResultProposed -> [RectificationNoticeIssued
  整改告知 -> Resubmitted] -> FinalResultRecorded -> (Publicised) -> BecameEffective
- lawyer annual assessment 年度考核: Opened -> AssessmentRecorded -> (Publicised) -> BecameEffective

An appeal (objection 异议 for a grade, reconsideration for the others) varies or annuls the
result with its own event; the original stays in the history. After an annulment the evaluation
is judged again (a new final grade, proposal or assessment).

Thresholds, the score scale, the objection window and whether 基本合格 exists come from the
policy in force on the command's effective date; the public methods take that policy, and the
event records its version — replaying an event never consults a policy again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
    NothingToChangeError,
    RectificationDueDateError,
)
from domain.core.policy import (
    GradeThresholds,
    Policy,
)
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    article,
    business_id,
    stable_topic,
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
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner


@stable_topic("ledger.value.EvaluationKind")
class EvaluationKind(StrEnum):
    INTEGRITY_GRADING = "integrity_grading"  # 司法鉴定机构诚信等级评估
    LAW_FIRM_ANNUAL = "law_firm_annual"  # 律师事务所年度检查考核
    LAWYER_ANNUAL = "lawyer_annual"  # 律师年度考核

    @property
    def subject_kind(self) -> OrganizationKind | PractitionerKind:
        return _SUBJECT_KIND[self]


_SUBJECT_KIND: dict[EvaluationKind, OrganizationKind | PractitionerKind] = {
    EvaluationKind.INTEGRITY_GRADING: OrganizationKind.APPRAISAL_INSTITUTION,
    EvaluationKind.LAW_FIRM_ANNUAL: OrganizationKind.LAW_FIRM,
    EvaluationKind.LAWYER_ANNUAL: PractitionerKind.LAWYER,
}


@stable_topic("ledger.value.IntegrityGrade")
class IntegrityGrade(StrEnum):  # 诚信等级
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    NOT_GRADED = "not_graded"  # 不予评定


@stable_topic("ledger.value.FirmInspectionResult")
class FirmInspectionResult(StrEnum):  # 年度检查考核结果
    PASS = "pass"  # 合格
    BASIC_PASS = "basic_pass"  # 基本合格, only where the policy enables it
    FAIL = "fail"  # 不合格


@stable_topic("ledger.value.LawyerAssessmentResult")
class LawyerAssessmentResult(StrEnum):  # 年度考核结果
    COMPETENT = "competent"  # 称职
    BASICALLY_COMPETENT = "basically_competent"  # 基本称职
    INCOMPETENT = "incompetent"  # 不称职


Outcome = IntegrityGrade | FirmInspectionResult | LawyerAssessmentResult

_OUTCOME_TYPE: dict[EvaluationKind, type[Outcome]] = {
    EvaluationKind.INTEGRITY_GRADING: IntegrityGrade,
    EvaluationKind.LAW_FIRM_ANNUAL: FirmInspectionResult,
    EvaluationKind.LAWYER_ANNUAL: LawyerAssessmentResult,
}


@stable_topic("ledger.value.EvaluationStage")
class EvaluationStage(StrEnum):
    OPENED = "opened"
    SELF_ASSESSED = "self_assessed"
    INITIAL_SCORED = "initial_scored"
    RESULT_PROPOSED = "result_proposed"
    RECTIFICATION_NOTIFIED = "rectification_notified"
    RESUBMITTED = "resubmitted"
    FINAL = "final"  # final grade, final result or assessment recorded
    PUBLICISED = "publicised"
    EFFECTIVE = "effective"
    ANNULLED = "annulled"  # annulled on appeal: to be judged again


_HAS_RESULT = (EvaluationStage.FINAL, EvaluationStage.PUBLICISED, EvaluationStage.EFFECTIVE)


@stable_topic("ledger.value.ScoredItem")
class ScoredItem(BaseModel):
    """One line of an integrity score sheet: the item, its maximum and the points given."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    item_id: str = Field(min_length=1, max_length=40)
    max_points: Decimal = Field(gt=0, max_digits=6, decimal_places=2)
    points: Decimal = Field(ge=0, max_digits=6, decimal_places=2)
    note: str | None = Field(default=None, max_length=500)


def grade_for(total: Decimal, thresholds: GradeThresholds) -> IntegrityGrade:
    """A >= a, B >= b, C >= c, else D."""
    if total >= thresholds.a:
        return IntegrityGrade.A
    if total >= thresholds.b:
        return IntegrityGrade.B
    if total >= thresholds.c:
        return IntegrityGrade.C
    return IntegrityGrade.D


@dataclass(frozen=True)
class ResultRecord:
    """One decision on the result, in the order recorded; the last one stands."""

    result: Outcome | None  # None: annulled
    decided_on: date
    by: str  # "evaluation" or "appeal"
    appeal_id: UUID | None = None


class Evaluation(Aggregate):
    TOPIC = "ledger.Evaluation"
    Created = unused_created_event("Evaluation")

    appeal_kind = "evaluation"

    @staticmethod
    def create_id(kind: EvaluationKind, subject_id: UUID, period: int) -> UUID:
        return business_id("evaluation", kind.value, subject_id.hex, str(period))

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        meta: EventMeta,
        kind: EvaluationKind,
        subject: Organization | Practitioner,
        period: int,
        evaluators: tuple[str, ...],
    ) -> Evaluation:
        cls.check_subject_matches_kind(kind, subject)
        subject.check_not_deregistered()
        cls.check_period_has_ended(meta, period)
        evaluators = cls.check_evaluators(evaluators)
        return cls(
            meta=meta,
            kind=kind,
            subject_id=subject.id,
            subject_number=subject.number,
            period=period,
            evaluators=evaluators,
        )

    @event("Opened", topic="ledger.Evaluation.Opened")
    def __init__(
        self,
        meta: EventMeta,
        kind: EvaluationKind,
        subject_id: UUID,
        subject_number: str,
        period: int,
        evaluators: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.subject_id = subject_id
        self.subject_number = subject_number
        self.period = period
        self.evaluators = evaluators
        self.opened_on = meta.effective_on
        self.stage = EvaluationStage.OPENED
        self.self_assessment: tuple[ScoredItem, ...] = ()
        self.self_assessment_total: Decimal | None = None
        self.initial_scores: tuple[ScoredItem, ...] = ()
        self.initial_total: Decimal | None = None
        self.final_total: Decimal | None = None
        self.thresholds: GradeThresholds | None = None
        self.policy_version: str | None = None  # of the latest judgement of the result
        self.proposed_result: FirmInspectionResult | None = None
        self.rectification_due_on: date | None = None
        self.resubmitted_on: date | None = None
        self.result: Outcome | None = None
        self.results: tuple[ResultRecord, ...] = ()
        self.decided_on: date | None = None
        self.publicised_on: date | None = None
        self.published = False
        self.objection_deadline: date | None = None
        self.objection_deadline_provisional = False
        self.appealable_on: date | None = None
        self.effective_on: date | None = None
        self.last_step_on = meta.effective_on

    @property
    def grade(self) -> IntegrityGrade | None:
        return self.result if isinstance(self.result, IntegrityGrade) else None

    @property
    def effective_result(self) -> Outcome | None:
        """The result in force: set once the evaluation took effect, then only an appeal
        changes it."""
        return self.result if self.stage is EvaluationStage.EFFECTIVE else None

    # -- integrity grading ---------------------------------------------------------------------

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
        thresholds = policy.grade_thresholds
        self._record_final_grade(
            meta, grade_for(final, thresholds), final, thresholds, policy.version
        )

    # -- law firm annual inspection ------------------------------------------------------------

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

    # -- lawyer annual assessment --------------------------------------------------------------

    def record_assessment(self, meta: EventMeta, result: LawyerAssessmentResult) -> None:
        self.check_kind(EvaluationKind.LAWYER_ANNUAL, "an annual assessment")
        self.check_stage(
            meta, "record the assessment", EvaluationStage.OPENED, EvaluationStage.ANNULLED
        )
        self._record_assessment(meta, result)

    # -- every kind: publicity and effect ------------------------------------------------------

    def publicise(self, meta: EventMeta, objection_deadline: Deadline, policy: Policy) -> None:
        """公示. For an integrity grade the first publicity opens the objection window, which
        ends on `objection_deadline` (computed by the caller from the working-day calendar and
        `policy.evaluation_objection_working_days`)."""
        self.check_dated_after_last_step(meta)
        if self.published or self.stage not in _HAS_RESULT:
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

    # -- the appeal target protocol ------------------------------------------------------------

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

    # -- checks --------------------------------------------------------------------------------

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
        if self.appealable_on is None or self.stage not in _HAS_RESULT:
            raise NoAppealableResultError(
                f"the evaluation has no appealable result (it is {self.stage.value})",
                stage=self.stage.value,
            )

    def check_varied_result(self, new_result: dict[str, Any]) -> tuple[Outcome, Decimal | None]:
        """VariedResultFitsEvaluation."""
        key = "grade" if self.kind is EvaluationKind.INTEGRITY_GRADING else "result"
        allowed = {key, "total"} if key == "grade" else {key}
        outcome_type = _OUTCOME_TYPE[self.kind]
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

    # -- events: state only --------------------------------------------------------------------

    def _decide(
        self, meta: EventMeta, result: Outcome | None, by: str, appeal: UUID | None
    ) -> None:
        self.result = result
        self.results = (*self.results, ResultRecord(result, meta.effective_on, by, appeal))

    @event("SelfAssessmentSubmitted", topic="ledger.Evaluation.SelfAssessmentSubmitted")
    def _submit_self_assessment(
        self, meta: EventMeta, items: tuple[ScoredItem, ...], total: Decimal, policy_version: str
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.self_assessment = items
        self.self_assessment_total = total
        self.stage = EvaluationStage.SELF_ASSESSED

    @event("InitialScoresRecorded", topic="ledger.Evaluation.InitialScoresRecorded")
    def _record_initial_scores(
        self, meta: EventMeta, items: tuple[ScoredItem, ...], total: Decimal, policy_version: str
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.initial_scores = items
        self.initial_total = total
        self.stage = EvaluationStage.INITIAL_SCORED

    @event("FinalGradeRecorded", topic="ledger.Evaluation.FinalGradeRecorded")
    def _record_final_grade(
        self,
        meta: EventMeta,
        grade: IntegrityGrade,
        total: Decimal | None,
        thresholds: GradeThresholds | None,
        policy_version: str,
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.final_total = total
        self.thresholds = thresholds
        self.policy_version = policy_version
        self.decided_on = meta.effective_on
        self.stage = EvaluationStage.FINAL
        self._decide(meta, grade, "evaluation", None)

    @event("ResultProposed", topic="ledger.Evaluation.ResultProposed")
    def _propose_result(
        self, meta: EventMeta, result: FirmInspectionResult, policy_version: str
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.proposed_result = result
        self.rectification_due_on = None
        self.resubmitted_on = None
        self.stage = EvaluationStage.RESULT_PROPOSED

    @event("ProposedResultCorrected", topic="ledger.Evaluation.ProposedResultCorrected")
    def _correct_proposed_result(
        self,
        meta: EventMeta,
        previous: FirmInspectionResult,
        result: FirmInspectionResult,
        policy_version: str,
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.proposed_result = result
        self.rectification_due_on = None
        self.resubmitted_on = None
        self.stage = EvaluationStage.RESULT_PROPOSED

    @event("RectificationNoticeIssued", topic="ledger.Evaluation.RectificationNoticeIssued")
    def _issue_rectification_notice(self, meta: EventMeta, due_on: date) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.rectification_due_on = due_on
        self.stage = EvaluationStage.RECTIFICATION_NOTIFIED

    @event("Resubmitted", topic="ledger.Evaluation.Resubmitted")
    def _record_resubmission(self, meta: EventMeta, late: bool) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.resubmitted_on = meta.effective_on
        self.stage = EvaluationStage.RESUBMITTED

    @event("FinalResultRecorded", topic="ledger.Evaluation.FinalResultRecorded")
    def _record_final_result(
        self, meta: EventMeta, result: FirmInspectionResult, policy_version: str
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.policy_version = policy_version
        self.decided_on = meta.effective_on
        self.appealable_on = meta.effective_on
        self.stage = EvaluationStage.FINAL
        self._decide(meta, result, "evaluation", None)

    @event("AssessmentRecorded", topic="ledger.Evaluation.AssessmentRecorded")
    def _record_assessment(self, meta: EventMeta, result: LawyerAssessmentResult) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.decided_on = meta.effective_on
        self.appealable_on = meta.effective_on
        self.stage = EvaluationStage.FINAL
        self._decide(meta, result, "evaluation", None)

    @event("Publicised", topic="ledger.Evaluation.Publicised")
    def _publicise(
        self,
        meta: EventMeta,
        objection_deadline: date | None,
        objection_deadline_provisional: bool,
        policy_version: str,
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.publicised_on = meta.effective_on
        self.published = True
        if objection_deadline is not None:
            self.objection_deadline = objection_deadline
            self.objection_deadline_provisional = objection_deadline_provisional
            self.appealable_on = meta.effective_on
        if self.stage is EvaluationStage.FINAL:
            self.stage = EvaluationStage.PUBLICISED

    @event("BecameEffective", topic="ledger.Evaluation.BecameEffective")
    def _make_effective(self, meta: EventMeta) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.effective_on = meta.effective_on
        self.stage = EvaluationStage.EFFECTIVE

    @event("VariedOnAppeal", topic="ledger.Evaluation.VariedOnAppeal")
    def _vary_on_appeal(
        self,
        meta: EventMeta,
        appeal_id: UUID,
        result: Outcome,
        total: Decimal | None,
        superseded: Outcome | None,
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        if total is not None:
            self.final_total = total
        self._decide(meta, result, "appeal", appeal_id)

    @event("AnnulledOnAppeal", topic="ledger.Evaluation.AnnulledOnAppeal")
    def _annul_on_appeal(
        self, meta: EventMeta, appeal_id: UUID, superseded: Outcome | None
    ) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.stage = EvaluationStage.ANNULLED
        self.appealable_on = None
        self.objection_deadline = None
        self.effective_on = None
        self._decide(meta, None, "appeal", appeal_id)

    @event("PublicationWithdrawn", topic="ledger.Evaluation.PublicationWithdrawn")
    def _withdraw_publication(self, meta: EventMeta, due: date) -> None:
        self.last_step_on = max(self.last_step_on, meta.effective_on)
        self.published = False
