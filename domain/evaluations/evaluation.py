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

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.policy import (
    GradeThresholds,
)
from domain.core.values import (
    EventMeta,
    business_id,
)
from domain.evaluations.procedure import EvaluationProcedure
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
    FirmInspectionResult,
    IntegrityGrade,
    LawyerAssessmentResult,
    Outcome,
    ResultRecord,
    ScoredItem,
)
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner


class Evaluation(EvaluationProcedure, Aggregate):
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

    # -- integrity grading ---------------------------------------------------------------------

    # -- law firm annual inspection ------------------------------------------------------------

    # -- lawyer annual assessment --------------------------------------------------------------

    # -- every kind: publicity and effect ------------------------------------------------------

    # -- the appeal target protocol ------------------------------------------------------------

    # -- checks --------------------------------------------------------------------------------

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
