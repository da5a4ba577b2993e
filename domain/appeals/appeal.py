"""Appeals (救济): objections against evaluation results; administrative reconsideration and
litigation against sanctions and inspection results.

Filed -> Accepted | Rejected -> Decided (Upheld | Varied | Annulled). A Varied or Annulled
decision records an event on the target in the same transaction and withdraws the target's
publication; the original decision stays in the target's history, marked as superseded.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.appeals.errors import (
    AppealStepError,
    AppealTargetError,
    VariedDecisionIncompleteError,
)
from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    article,
    business_id,
    stable_topic,
)


@stable_topic("ledger.value.AppealKind")
class AppealKind(StrEnum):
    OBJECTION = "objection"  # 异议 / 复核, against an evaluation result
    RECONSIDERATION = "reconsideration"  # 行政复议
    LITIGATION = "litigation"  # 行政诉讼


@stable_topic("ledger.value.AppealOutcome")
class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    VARIED = "varied"
    ANNULLED = "annulled"


@stable_topic("ledger.value.AppealStatus")
class AppealStatus(StrEnum):
    FILED = "filed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECIDED = "decided"


# Which appeal lies against which kind of result (DOMAIN.md, Appeals).
ALLOWED_KINDS: dict[str, tuple[AppealKind, ...]] = {
    "evaluation": (AppealKind.OBJECTION,),
    "sanction": (AppealKind.RECONSIDERATION, AppealKind.LITIGATION),
    "inspection": (AppealKind.RECONSIDERATION, AppealKind.LITIGATION),
}


class AppealTarget(Protocol):
    """What an appealable record offers (Evaluation, Inspection, SanctionCase)."""

    id: UUID
    appeal_kind: str
    appealable_on: date | None

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None: ...

    def annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None: ...

    def withdraw_publication(self, meta: EventMeta, due: date) -> bool: ...


class Appeal(Aggregate):
    TOPIC = "ledger.Appeal"
    Created = unused_created_event("Appeal")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        return business_id("appeal", meta.command_id)

    @staticmethod
    def check_kind_fits_target(kind: AppealKind, target_kind: str) -> None:
        """AppealKindFitsTarget: objections lie against evaluations; reconsideration and
        litigation against sanctions and inspection results."""
        if kind not in ALLOWED_KINDS.get(target_kind, ()):
            raise AppealTargetError(
                f"{article(kind.value)} does not lie against {article(target_kind)} result",
                kind=kind.value,
                target_kind=target_kind,
            )

    @event("Filed", topic="ledger.Appeal.Filed")
    def __init__(
        self,
        meta: EventMeta,
        kind: AppealKind,
        target_id: UUID,
        target_kind: str,
        appellant: str,
        grounds: str,
        window_opened_on: date,
        deadline: date,
        deadline_provisional: bool,
        policy_version: str,
    ) -> None:
        self.kind = kind
        self.target_id = target_id
        self.target_kind = target_kind
        self.appellant = appellant
        self.grounds = grounds
        self.filed_on = meta.effective_on
        self.deadline = deadline
        self.status = AppealStatus.FILED
        self.outcome: AppealOutcome | None = None
        self.decided_on: date | None = None

    def accept(self, meta: EventMeta) -> None:
        self.check_status(AppealStatus.FILED, "accept")
        self._accept(meta)

    def reject(self, meta: EventMeta, grounds: str) -> None:
        self.check_status(AppealStatus.FILED, "reject")
        self._reject(meta, grounds)

    def decide(
        self,
        meta: EventMeta,
        outcome: AppealOutcome,
        target: AppealTarget,
        new_result: dict[str, Any],
        withdrawal_due: date,
        policy_version: str,
    ) -> None:
        """Decide, and apply a Varied/Annulled outcome to the target (saved together)."""
        self.check_status(AppealStatus.ACCEPTED, "decide")
        if outcome is AppealOutcome.VARIED:
            if not new_result:
                raise VariedDecisionIncompleteError(
                    "a varied decision says what the result becomes"
                )
            target.vary_on_appeal(meta, self.id, **new_result)
        elif outcome is AppealOutcome.ANNULLED:
            target.annul_on_appeal(meta, self.id)
        withdrawn = outcome is not AppealOutcome.UPHELD and target.withdraw_publication(
            meta, withdrawal_due
        )
        self._decide(meta, outcome, dict(new_result), withdrawn, withdrawal_due, policy_version)

    def check_status(self, required: AppealStatus, action: str) -> None:
        """AppealStepsInOrder: filed -> accepted | rejected -> decided."""
        if self.status is not required:
            raise AppealStepError(
                f"cannot {action} an appeal that is {self.status.value}", status=self.status.value
            )

    @event("Accepted", topic="ledger.Appeal.Accepted")
    def _accept(self, meta: EventMeta) -> None:
        self.status = AppealStatus.ACCEPTED

    @event("Rejected", topic="ledger.Appeal.Rejected")
    def _reject(self, meta: EventMeta, grounds: str) -> None:
        self.status = AppealStatus.REJECTED

    @event("Decided", topic="ledger.Appeal.Decided")
    def _decide(
        self,
        meta: EventMeta,
        outcome: AppealOutcome,
        new_result: dict[str, Any],
        publication_withdrawn: bool,
        withdrawal_due: date,
        policy_version: str,
    ) -> None:
        self.status = AppealStatus.DECIDED
        self.outcome = outcome
        self.decided_on = meta.effective_on
