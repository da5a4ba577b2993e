"""Appeal commands: filing windows are checked at filing; a decision that varies or annuls a
result changes the target in the same transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.appeals.appeal import (
    Appeal,
    AppealKind,
    AppealOutcome,
    AppealStatus,
    AppealTarget,
)
from domain.appeals.errors import (
    AppealStepError,
    AppealTargetError,
    AppealWindowClosedError,
)
from domain.core.calendar import (
    Deadline,
    add_calendar_days,
    add_months,
)
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy import Policy
from domain.core.policy_commands import PolicyCommands
from domain.core.values import (
    EventMeta,
    LicenceStatus,
    SuspensionPeriod,
    article,
)
from domain.evaluations.commands import EvaluationCommands
from domain.evaluations.evaluation import Evaluation
from domain.inspections.commands import InspectionCommands
from domain.inspections.inspection import Inspection
from domain.sanctions.case import SanctionCase
from domain.sanctions.commands import SanctionCommands


class AppealCommands(EvaluationCommands, SanctionCommands, InspectionCommands, PolicyCommands):
    LINKS = (("ledger.Appeal.Filed", "appeals_of", "target_id"),)

    def _pending_objections(self, evaluation_id: UUID) -> tuple[UUID, ...]:
        """Objections filed against the evaluation and not yet rejected or decided."""
        open_statuses = (AppealStatus.FILED, AppealStatus.ACCEPTED)
        return tuple(
            appeal.id for appeal in self.appeals_of(evaluation_id) if appeal.status in open_statuses
        )

    def _appeal_target(self, target_kind: str, target_id: UUID) -> AppealTarget:
        classes: dict[str, type[Any]] = {
            "evaluation": Evaluation,
            "inspection": Inspection,
            "sanction": SanctionCase,
        }
        if target_kind not in classes:
            raise AppealTargetError(f"nothing of kind {target_kind!r} can be appealed")
        target: AppealTarget = self._get(classes[target_kind], target_id, target_kind)
        return target

    def get_appeal(self, appeal_id: UUID) -> Appeal:
        return self._get(Appeal, appeal_id, "appeal")

    def appeals_of(self, target_id: UUID) -> list[Appeal]:
        """The appeals filed against one record, in the order filed (an indexed lookup)."""
        return self._linked(Appeal, "appeals_of", target_id)

    def _window(
        self, kind: AppealKind, target: AppealTarget, policy: Policy
    ) -> tuple[Deadline, Any]:
        """The filing deadline, and the date the window opened."""
        opened = target.appealable_on
        assert opened is not None
        if kind is AppealKind.OBJECTION:
            return (
                self.calendar.add_working_days(opened, policy.evaluation_objection_working_days),
                opened,
            )
        if kind is AppealKind.RECONSIDERATION:
            return add_calendar_days(opened, policy.reconsideration_days), opened
        # Litigation: 6 months from the result, or 15 days after a reconsideration decision.
        reconsiderations = [
            a for a in self.appeals_of(target.id) if a.kind is AppealKind.RECONSIDERATION
        ]
        pending = [a for a in reconsiderations if a.status is not AppealStatus.DECIDED]
        if any(a.status is not AppealStatus.REJECTED for a in pending):
            raise AppealStepError(
                "a reconsideration of this result is still pending: litigation follows its decision"
            )
        decided = [a for a in reconsiderations if a.decided_on is not None]
        if decided:
            last = max(a.decided_on for a in decided if a.decided_on is not None)
            return add_calendar_days(last, policy.litigation_after_reconsideration_days), last
        return add_months(opened, policy.litigation_months), opened

    def file_appeal(
        self,
        meta: EventMeta,
        kind: AppealKind,
        target_kind: str,
        target_id: UUID,
        appellant: str,
        grounds: str,
    ) -> CommandResult:
        def decide() -> Decision:
            target = self._appeal_target(target_kind, target_id)
            Appeal.check_kind_fits_target(kind, target_kind)
            if target.appealable_on is None:
                raise AppealTargetError(
                    f"the {target_kind} has no appealable result yet", target_id=str(target_id)
                )
            policy = self.policy_on(meta.effective_on)
            deadline, opened = self._window(kind, target, policy)
            filed_on = meta.effective_on
            if filed_on < opened or filed_on > deadline.due:
                raise AppealWindowClosedError(
                    f"{article(kind.value)} against this {target_kind} had to be filed between "
                    f"{opened} and {deadline.due}; it was filed on {filed_on}",
                    window_opened_on=str(opened),
                    deadline=str(deadline.due),
                    filed_on=str(filed_on),
                )
            appeal = Appeal(
                meta=meta,
                kind=kind,
                target_id=target_id,
                target_kind=target_kind,
                appellant=appellant,
                grounds=grounds,
                window_opened_on=opened,
                deadline=deadline.due,
                deadline_provisional=deadline.provisional,
                policy_version=policy.version,
            )
            return appeal.id, [appeal]

        args = {
            "kind": kind,
            "target_kind": target_kind,
            "target_id": target_id,
            "appellant": appellant,
            "grounds": grounds,
        }
        return self._execute("FileAppeal", meta, args, decide)

    def accept_appeal(self, meta: EventMeta, appeal_id: UUID) -> CommandResult:
        def decide() -> Decision:
            appeal = self.get_appeal(appeal_id)
            appeal.accept(meta)
            return appeal.id, [appeal]

        return self._execute("AcceptAppeal", meta, {"id": appeal_id}, decide)

    def reject_appeal(self, meta: EventMeta, appeal_id: UUID, grounds: str) -> CommandResult:
        def decide() -> Decision:
            appeal = self.get_appeal(appeal_id)
            appeal.reject(meta, grounds)
            return appeal.id, [appeal]

        return self._execute("RejectAppeal", meta, {"id": appeal_id, "grounds": grounds}, decide)

    def decide_appeal(
        self,
        meta: EventMeta,
        appeal_id: UUID,
        outcome: AppealOutcome,
        new_result: dict[str, Any] | None = None,
    ) -> CommandResult:
        def decide() -> Decision:
            appeal = self.get_appeal(appeal_id)
            target = self._appeal_target(appeal.target_kind, appeal.target_id)
            policy = self.policy_on(meta.effective_on)
            due = add_calendar_days(meta.effective_on, policy.publication_withdrawal_days).due
            suspension_before = getattr(target, "suspension", None)
            appeal.decide(meta, outcome, target, dict(new_result or {}), due, policy.version)
            changed: list[Any] = [appeal]
            if outcome is not AppealOutcome.UPHELD:
                changed.append(target)
                changed += self._licence_follows_appeal(meta, target, suspension_before)
            return appeal.id, changed

        args = {"id": appeal_id, "outcome": outcome, "new_result": dict(new_result or {})}
        return self._execute("DecideAppeal", meta, args, decide)

    def _licence_follows_appeal(
        self, meta: EventMeta, target: AppealTarget, suspension_before: SuspensionPeriod | None
    ) -> list[Any]:
        """A suspension annulled or varied on appeal changes the licence in the same
        transaction: annulled -> reinstated; varied -> reinstated and suspended for the new
        period. (An annulled revocation needs the municipal bureau's restoration, which is
        recorded on the licence separately.)"""
        if not isinstance(target, SanctionCase) or suspension_before is None:
            return []
        suspension_after = None if target.annulled else target.suspension
        if suspension_after == suspension_before:
            return []
        subject, _kind = self._sanction_subject(target.subject_id)
        if subject.status is not LicenceStatus.SUSPENDED:
            return []
        subject.reinstate(meta)
        if suspension_after is not None:
            subject.suspend(meta, suspension_after.starts_on, suspension_after.until)
        return [subject]
