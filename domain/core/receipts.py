"""Command receipts: the idempotency record of every accepted command.

A receipt's id is uuid5(command_id). It is saved in the same transaction as the command's events,
so a duplicate command fails atomically on the primary key, and the stored receipt answers the
retry with the original result.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    business_id,
)


class CommandReceipt(Aggregate):
    TOPIC = "ledger.CommandReceipt"

    Created = unused_created_event("CommandReceipt")

    @staticmethod
    def id_for(command_id: str) -> UUID:
        return business_id("command", command_id)

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        return CommandReceipt.id_for(meta.command_id)

    @event("Accepted", topic="ledger.CommandReceipt.Accepted")
    def __init__(
        self,
        meta: EventMeta,
        command: str,
        fingerprint: str,
        subject_id: UUID,
        versions: dict[str, int],
    ) -> None:
        self.command_id = meta.command_id
        self.actor = meta.actor
        self.command = command
        self.fingerprint = fingerprint  # sha256 of the command name, principal and arguments
        self.subject_id = subject_id
        self.versions = versions  # aggregate id (hex) -> version reached by this command
