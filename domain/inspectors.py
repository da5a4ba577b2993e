"""Enforcement staff (执法检查人员): who may be drawn to inspect."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.base import unused_created_event
from domain.errors import InspectorStatusError
from domain.values import (
    EventMeta,
    InspectorStatus,
    Label,
    business_id,
    check_changes_something,
    normalize_number,
    stable_topic,
)


@stable_topic("ledger.value.InspectorDetails")
class InspectorDetails(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=100)
    unit: str = Field(
        min_length=1, max_length=100, description="the bureau unit (科室) they serve in"
    )
    specialties: tuple[Label, ...] = ()


class Inspector(Aggregate):
    TOPIC = "ledger.Inspector"

    Created = unused_created_event("Inspector")

    @staticmethod
    def create_id(number: str) -> UUID:
        return business_id("inspector", normalize_number(number))

    @event("Registered", topic="ledger.Inspector.Registered")
    def __init__(self, meta: EventMeta, number: str, details: InspectorDetails) -> None:
        self.number = normalize_number(number)  # enforcement certificate number 执法证号
        self.details = details
        self.status = InspectorStatus.ACTIVE

    def change_details(self, meta: EventMeta, details: InspectorDetails) -> None:
        check_changes_something(self.details, details)
        self._change_details(meta, details)

    def deactivate(self, meta: EventMeta) -> None:
        self.check_status(InspectorStatus.ACTIVE, "deactivate")
        self._deactivate(meta)

    def reactivate(self, meta: EventMeta) -> None:
        self.check_status(InspectorStatus.INACTIVE, "reactivate")
        self._reactivate(meta)

    def check_status(self, required: InspectorStatus, action: str) -> None:
        if self.status is not required:
            raise InspectorStatusError(
                f"cannot {action} inspector {self.number}: it is {self.status.value}",
                status=self.status.value,
            )

    @event("DetailsChanged", topic="ledger.Inspector.DetailsChanged")
    def _change_details(self, meta: EventMeta, details: InspectorDetails) -> None:
        self.details = details

    @event("Deactivated", topic="ledger.Inspector.Deactivated")
    def _deactivate(self, meta: EventMeta) -> None:
        self.status = InspectorStatus.INACTIVE

    @event("Reactivated", topic="ledger.Inspector.Reactivated")
    def _reactivate(self, meta: EventMeta) -> None:
        self.status = InspectorStatus.ACTIVE
