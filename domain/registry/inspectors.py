"""Enforcement staff (执法检查人员): who may be drawn to inspect."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.errors import NothingToChangeError
from domain.core.values import (
    EventMeta,
    InspectorStatus,
    Label,
    business_id,
    check_changes_something,
    normalize_number,
    stable_topic,
)
from domain.registry.errors import InspectorStatusError


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
        # Conflicts of interest 回避事由: subjects the inspector declared a conflict with, and
        # organizations that employed them before. Either keeps them off that subject.
        self.declared_conflicts: dict[UUID, str] = {}
        self.previous_employers: set[UUID] = set()

    def change_details(self, meta: EventMeta, details: InspectorDetails) -> None:
        check_changes_something(self.details, details)
        self._change_details(meta, details)

    def deactivate(self, meta: EventMeta) -> None:
        self.check_status(InspectorStatus.ACTIVE, "deactivate")
        self._deactivate(meta)

    def reactivate(self, meta: EventMeta) -> None:
        self.check_status(InspectorStatus.INACTIVE, "reactivate")
        self._reactivate(meta)

    def declare_conflict(self, meta: EventMeta, subject_id: UUID, reason: str) -> None:
        """A declared conflict of interest with one supervised subject (e.g. a relative
        practises there)."""
        if self.declared_conflicts.get(subject_id) == reason:
            raise NothingToChangeError("this conflict is already declared", field="subject_id")
        self._declare_conflict(meta, subject_id, reason)

    def record_previous_employment(self, meta: EventMeta, organization_id: UUID) -> None:
        if organization_id in self.previous_employers:
            raise NothingToChangeError(
                "this previous employment is already recorded", field="organization_id"
            )
        self._record_previous_employment(meta, organization_id)

    def conflicts_with(
        self, subject_ids: Iterable[UUID], supervising_unit: str | None = None
    ) -> tuple[str, ...]:
        """Why this inspector must step aside 回避 from a subject (empty if no reason):
        `subject_ids` are the subject and the organization it belongs to, if any."""
        reasons = []
        if supervising_unit is not None and self.details.unit == supervising_unit:
            reasons.append(f"serves in {supervising_unit}, the unit that supervises the subject")
        for subject_id in subject_ids:
            if subject_id in self.declared_conflicts:
                reasons.append(f"declared a conflict: {self.declared_conflicts[subject_id]}")
            if subject_id in self.previous_employers:
                reasons.append(f"was previously employed by {subject_id}")
        return tuple(reasons)

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

    @event("ConflictDeclared", topic="ledger.Inspector.ConflictDeclared")
    def _declare_conflict(self, meta: EventMeta, subject_id: UUID, reason: str) -> None:
        self.declared_conflicts[subject_id] = reason

    @event("PreviousEmploymentRecorded", topic="ledger.Inspector.PreviousEmploymentRecorded")
    def _record_previous_employment(self, meta: EventMeta, organization_id: UUID) -> None:
        self.previous_employers.add(organization_id)
