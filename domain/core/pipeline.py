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


# A lookup the command side keeps as it writes: (topic of the event that makes it, the link's
# name, the event's field holding the key). "ledger.Appeal.Filed", "appeals_of", "target_id":
# the appeals against a record, found by the record's id.
LinkDeclaration = tuple[str, str, str]


class LedgerCore(Application[UUID]):
    MAX_ATTEMPTS = 5
    # Each capability's commands mixin declares the links it reads (collected over the MRO).
    LINKS: tuple[LinkDeclaration, ...] = ()

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
        declared = sorted(
            {link for cls in type(self).__mro__ for link in vars(cls).get("LINKS", ())}
        )
        self._links_by_topic: dict[str, list[tuple[str, str]]] = {}
        for topic, name, field in declared:
            self._links_by_topic.setdefault(topic, []).append((name, field))
        # The recorder writes them with the events (and backfills links new to this ledger).
        self.recorder.declare_links(declared)  # type: ignore[attr-defined]

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
                recordings = self.save(*changed, receipt, links=self._links_of(changed))
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

    def _links_of(self, changed: Iterable[Aggregate]) -> list[tuple[str, str, str, int]]:
        """(name, key, aggregate id, version) of the links the pending events make."""
        found = []
        for aggregate in changed:
            for event in aggregate.pending_events:
                for name, field in self._links_by_topic.get(getattr(event, "TOPIC", ""), ()):
                    key = getattr(event, field, None)
                    if isinstance(key, UUID):
                        found.append((name, key.hex, aggregate.id.hex, event.originator_version))
        return found

    def _linked(self, cls: type[A], name: str, key: UUID) -> list[A]:
        """The aggregates linked under `name` to `key` (an indexed lookup, never a scan), in the
        order they were linked."""
        ids = self.recorder.linked(name, key)  # type: ignore[attr-defined]
        return [self._get(cls, i, cls.__name__.lower()) for i in ids]

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
