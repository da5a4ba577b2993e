"""The command pipeline every part of ComplianceLedger runs through.

`_execute` makes a command idempotent (a CommandReceipt saved in the same transaction), retries
optimistic-concurrency conflicts, and returns the log position the command reached so a reader
can wait for its views to catch up. Rule checks happen in `decide`, before anything is saved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import Environment, EnvType
from pydantic import BaseModel

from domain.core.calendar import WorkingCalendar
from domain.core.errors import (
    ConcurrentModificationError,
    EntityNotFoundError,
    IdempotencyConflictError,
    LedgerError,
)
from domain.core.receipts import CommandReceipt
from domain.core.values import (
    EventMeta,
    bureau_today,
)

A = TypeVar("A", bound=Aggregate)
Decision = tuple[UUID, Iterable[Aggregate]]


@dataclass(frozen=True)
class CommandResult:
    """What a command returns, and what a retry with the same command_id returns again."""

    command_id: str
    subject_id: UUID
    version: int
    position: int | None  # log position (notification id) the command reached
    replayed: bool = False


def _fingerprint(command: str, meta: EventMeta, args: Mapping[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        return str(value)

    body = {
        "command": command,
        "principal": meta.actor.principal_id,
        "reason": meta.reason,
        "effective_on": str(meta.effective_on_as_sent),
        "args": dict(args),
    }
    canonical = json.dumps(body, sort_keys=True, default=plain, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class LedgerCore(Application[UUID]):
    MAX_ATTEMPTS = 5

    def __init__(
        self,
        env: EnvType | None = None,
        *,
        clock: Callable[[], date] = bureau_today,
        calendar: WorkingCalendar | None = None,
    ):
        self.today = clock
        # Holidays and make-up working days; without data, plain weekdays (all provisional).
        self.calendar = calendar or WorkingCalendar()
        super().__init__(env)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        # The composition root hands over the whole configuration; the process environment is
        # not consulted behind its back.
        return Environment(name, dict(env or {}))

    # -- the command pipeline ------------------------------------------------------------------

    def _execute(
        self,
        command: str,
        meta: EventMeta,
        args: Mapping[str, Any],
        decide: Callable[[], Decision],
    ) -> CommandResult:
        meta.check_effective_date_not_in_future(self.today())
        fingerprint = _fingerprint(command, meta, args)
        receipt_id = CommandReceipt.id_for(meta.command_id)
        for _attempt in range(self.MAX_ATTEMPTS):
            replay = self._replay(receipt_id, fingerprint)
            if replay is not None:
                return replay
            try:
                subject_id, changed = decide()
            except LedgerError:
                # The same command may have just been recorded by a concurrent retry, and its
                # effect is what now breaks the rule: then the receipt is the answer.
                replay = self._replay(receipt_id, fingerprint)
                if replay is not None:
                    return replay
                raise
            changed = list(changed)
            receipt = CommandReceipt(
                meta=meta,
                command=command,
                fingerprint=fingerprint,
                subject_id=subject_id,
                versions={a.id.hex: a.version for a in changed},
            )
            try:
                recordings = self.save(*changed, receipt)
            except IntegrityError:
                # Either the same command_id won a race (the receipt answers on the next
                # turn) or another command changed one of our aggregates: decide again.
                continue
            subject_version = next(a.version for a in changed if a.id == subject_id)
            return CommandResult(
                command_id=meta.command_id,
                subject_id=subject_id,
                version=subject_version,
                position=max(r.notification.id for r in recordings),
            )
        raise ConcurrentModificationError(
            f"{command} kept conflicting with concurrent changes; try again",
            attempts=self.MAX_ATTEMPTS,
        )

    def _replay(self, receipt_id: UUID, fingerprint: str) -> CommandResult | None:
        try:
            receipt: object = self.repository.get(receipt_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(receipt, CommandReceipt)
        if receipt.fingerprint != fingerprint:
            raise IdempotencyConflictError(
                f"command_id {receipt.command_id} was already used for a different command "
                f"({receipt.command})",
                command_id=receipt.command_id,
                original_command=receipt.command,
            )
        return CommandResult(
            command_id=receipt.command_id,
            subject_id=receipt.subject_id,
            version=receipt.versions[receipt.subject_id.hex],
            # The original position is not kept on the receipt (it is only known after the
            # save); the current head is an upper bound, which is what read-your-writes needs.
            position=self.recorder.max_notification_id(),
            replayed=True,
        )

    def _ids_by_topic(self, topic: str) -> list[UUID]:
        """Ids of the aggregates that recorded an event of `topic`, in log order. A scan of the
        log, fine at a district's size; stored views replace it where reads are hot."""
        ids: list[UUID] = []
        start = None
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=1000, topics=[topic], inclusive_of_start=False
            )
            ids.extend(UUID(str(n.originator_id)) for n in batch)
            if len(batch) < 1000:
                return list(dict.fromkeys(ids))
            start = batch[-1].id

    def _all(self, cls: type[A], created_topic: str) -> list[A]:
        return [self._get(cls, i, cls.__name__.lower()) for i in self._ids_by_topic(created_topic)]

    def _get(self, cls: type[A], entity_id: UUID, what: str) -> A:
        try:
            aggregate: object = self.repository.get(entity_id)
        except AggregateNotFoundError:
            raise EntityNotFoundError(entity_id, what) from None
        if not isinstance(aggregate, cls):
            raise EntityNotFoundError(entity_id, what)
        return aggregate

    # -- history -------------------------------------------------------------------------------

    def history(self, entity_id: UUID) -> list[DomainEventProtocol[UUID]]:
        """Every stored event of one entity, oldest first, as recorded."""
        events = list(self.events.get(entity_id))
        if not events:
            raise EntityNotFoundError(entity_id)
        return events
