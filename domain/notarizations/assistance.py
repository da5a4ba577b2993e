"""Assistance arrangements: one notary office helps another clear its matters (the backlog
case), under a recorded arrangement for a period and for given matter types."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    business_id,
)
from domain.notarizations.values import NotarizationType


class AssistanceArrangement(Aggregate):
    """One notary office helps another clear its matters (e.g. 100+ inheritance matters)."""

    TOPIC = "ledger.AssistanceArrangement"
    Created = unused_created_event("AssistanceArrangement")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        # One command creates one assistance: its command_id is the natural key.
        return business_id("assistance", meta.command_id)

    @event("Arranged", topic="ledger.AssistanceArrangement.Arranged")
    def __init__(
        self,
        meta: EventMeta,
        helping_office_id: UUID,
        helped_office_id: UUID,
        starts_on: date,
        until: date,
        matter_types: tuple[NotarizationType, ...],
    ) -> None:
        self.helping_office_id = helping_office_id
        self.helped_office_id = helped_office_id
        self.starts_on = starts_on
        self.until = until
        self.matter_types = matter_types

    def covers(self, day: date, matter_type: NotarizationType) -> bool:
        """In force on `day` for `matter_type` (no types listed: every type)."""
        in_period = self.starts_on <= day <= self.until
        return in_period and (not self.matter_types or matter_type in self.matter_types)
