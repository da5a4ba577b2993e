"""Evaluation commands on ComplianceLedger: each judged under the policy in force on its
effective date, whose version the event records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy_commands import PolicyCommands
from domain.core.values import EventMeta
from domain.evaluations.errors import DuplicateEvaluationError
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    FirmInspectionResult,
    LawyerAssessmentResult,
    Outcome,
    ScoredItem,
)
from domain.registry.commands import RegistryCommands

OPENED_TOPIC: str = Evaluation.Opened.TOPIC  # type: ignore[attr-defined]


class EvaluationCommands(RegistryCommands, PolicyCommands):
    # The objections pending against an evaluation: the appeals capability, which builds on
    # this one, provides them (domain/appeals/commands.py).
    _pending_objections: Callable[[UUID], tuple[UUID, ...]]

    # -- reads ---------------------------------------------------------------------------------

    def get_evaluation(self, evaluation_id: UUID) -> Evaluation:
        return self._get(Evaluation, evaluation_id, "evaluation")

    def find_evaluation(
        self, subject_id: UUID, kind: EvaluationKind, period: int
    ) -> Evaluation | None:
        """The one evaluation of a subject for a kind and period (its id is their uuid5)."""
        evaluation_id = Evaluation.create_id(kind, subject_id, period)
        return self.get_evaluation(evaluation_id) if evaluation_id in self.repository else None

    def effective_grade(
        self, subject_id: UUID, kind: EvaluationKind, period: int
    ) -> Outcome | None:
        """The one effective grade or result of a subject for a kind and period, if any."""
        found = self.find_evaluation(subject_id, kind, period)
        return found.effective_result if found else None

    # -- opening -------------------------------------------------------------------------------

    def open_evaluation(
        self,
        meta: EventMeta,
        kind: EvaluationKind,
        subject_id: UUID,
        period: int,
        evaluators: tuple[str, ...],
    ) -> CommandResult:
        def decide() -> Decision:
            subject = self.get_subject(subject_id)
            subject.check_existed_on(meta.effective_on)
            existing = Evaluation.create_id(kind, subject_id, period)
            if existing in self.repository:
                raise DuplicateEvaluationError(
                    f"the {period} {kind.value} evaluation of {subject.number} already exists",
                    existing_id=str(existing),
                )
            evaluation = Evaluation.open(meta, kind, subject, period, evaluators)
            return evaluation.id, [evaluation]

        args = {"kind": kind, "subject_id": subject_id, "period": period, "evaluators": evaluators}
        return self._execute("OpenEvaluation", meta, args, decide)

    # -- steps ---------------------------------------------------------------------------------

    def _step(
        self,
        command: str,
        meta: EventMeta,
        evaluation_id: UUID,
        args: dict[str, Any],
        act: Callable[[Evaluation], None],
    ) -> CommandResult:
        def decide() -> Decision:
            evaluation = self.get_evaluation(evaluation_id)
            act(evaluation)
            return evaluation.id, [evaluation]

        return self._execute(command, meta, {"id": evaluation_id, **args}, decide)

    def submit_self_assessment(
        self, meta: EventMeta, evaluation_id: UUID, items: tuple[ScoredItem, ...]
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "SubmitSelfAssessment",
            meta,
            evaluation_id,
            {"items": list(items)},
            lambda e: e.submit_self_assessment(meta, items, policy),
        )

    def record_initial_scores(
        self, meta: EventMeta, evaluation_id: UUID, items: tuple[ScoredItem, ...]
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "RecordInitialScores",
            meta,
            evaluation_id,
            {"items": list(items)},
            lambda e: e.record_initial_scores(meta, items, policy),
        )

    def record_final_grade(
        self,
        meta: EventMeta,
        evaluation_id: UUID,
        total: Decimal | None = None,
        not_graded: bool = False,
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "RecordFinalGrade",
            meta,
            evaluation_id,
            {"total": total, "not_graded": not_graded},
            lambda e: e.record_final_grade(meta, policy, total=total, not_graded=not_graded),
        )

    def publicise_evaluation(self, meta: EventMeta, evaluation_id: UUID) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        deadline = self.calendar.add_working_days(
            meta.effective_on, policy.evaluation_objection_working_days
        )
        return self._step(
            "PubliciseEvaluation",
            meta,
            evaluation_id,
            {},
            lambda e: e.publicise(meta, deadline, policy),
        )

    def make_evaluation_effective(self, meta: EventMeta, evaluation_id: UUID) -> CommandResult:
        def act(evaluation: Evaluation) -> None:
            evaluation.make_effective(meta, self._pending_objections(evaluation.id))

        return self._step("MakeEvaluationEffective", meta, evaluation_id, {}, act)

    def propose_firm_result(
        self, meta: EventMeta, evaluation_id: UUID, result: FirmInspectionResult
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "ProposeFirmInspectionResult",
            meta,
            evaluation_id,
            {"result": result},
            lambda e: e.propose_result(meta, result, policy),
        )

    def issue_rectification_notice(
        self, meta: EventMeta, evaluation_id: UUID, due_on: date
    ) -> CommandResult:
        return self._step(
            "IssueRectificationNotice",
            meta,
            evaluation_id,
            {"due_on": due_on},
            lambda e: e.issue_rectification_notice(meta, due_on),
        )

    def record_resubmission(self, meta: EventMeta, evaluation_id: UUID) -> CommandResult:
        return self._step(
            "RecordResubmission", meta, evaluation_id, {}, lambda e: e.record_resubmission(meta)
        )

    def record_final_firm_result(
        self, meta: EventMeta, evaluation_id: UUID, result: FirmInspectionResult
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "RecordFinalFirmInspectionResult",
            meta,
            evaluation_id,
            {"result": result},
            lambda e: e.record_final_result(meta, result, policy),
        )

    def correct_proposed_firm_result(
        self, meta: EventMeta, evaluation_id: UUID, result: FirmInspectionResult
    ) -> CommandResult:
        policy = self.policy_on(meta.effective_on)
        return self._step(
            "CorrectProposedFirmInspectionResult",
            meta,
            evaluation_id,
            {"result": result},
            lambda e: e.correct_proposed_result(meta, result, policy),
        )

    def record_lawyer_assessment(
        self, meta: EventMeta, evaluation_id: UUID, result: LawyerAssessmentResult
    ) -> CommandResult:
        return self._step(
            "RecordLawyerAssessment",
            meta,
            evaluation_id,
            {"result": result},
            lambda e: e.record_assessment(meta, result),
        )
