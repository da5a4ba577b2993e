"""Supervised organizations: law firms, notary offices, appraisal institutions, mediation
committees."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    LicenceStatus,
    OrganizationKind,
    SuspensionPeriod,
    business_id,
    check_changes_something,
    normalize_number,
    stable_topic,
)
from domain.registry.errors import OrganizationHasMembersError
from domain.registry.lifecycle import Licensed


@stable_topic("ledger.value.OrganizationDetails")
class OrganizationDetails(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    head: str | None = Field(default=None, max_length=100, description="负责人 / 主任")


class Organization(Licensed, Aggregate):
    TOPIC = "ledger.Organization"

    Created = unused_created_event("Organization")

    @staticmethod
    def create_id(kind: OrganizationKind, number: str) -> UUID:
        return business_id("organization", kind.value, normalize_number(number))

    @event("Registered", topic="ledger.Organization.Registered")
    def __init__(
        self,
        meta: EventMeta,
        kind: OrganizationKind,
        number: str,
        details: OrganizationDetails,
    ) -> None:
        self.kind = kind
        self.number = normalize_number(number)
        self.details = details
        self.status = LicenceStatus.ACTIVE
        self.suspensions: tuple[SuspensionPeriod, ...] = ()
        self.members: set[UUID] = set()
        self.registered_on = meta.effective_on

    # -- commands: rules first, then the event ---------------------------------------------

    def change_details(self, meta: EventMeta, details: OrganizationDetails) -> None:
        self.check_open()
        check_changes_something(self.details, details)
        self._change_details(meta, details)

    def deregister(self, meta: EventMeta) -> None:
        self.check_not_deregistered()
        self.check_has_no_members()
        self._deregister(meta)

    def record_member_joined(self, meta: EventMeta, practitioner_id: UUID) -> None:
        """Called by the ledger together with the practitioner's own Joined event."""
        self._member_joined(meta, practitioner_id)

    def record_member_left(self, meta: EventMeta, practitioner_id: UUID) -> None:
        self._member_left(meta, practitioner_id)

    def check_has_no_members(self) -> None:
        """DeregisterOnlyWithoutMembers."""
        if self.members:
            raise OrganizationHasMembersError(
                f"{self.number} still has {len(self.members)} member(s); they must leave first",
                members=len(self.members),
            )

    # -- events: state changes only, never rules --------------------------------------------

    @event("DetailsChanged", topic="ledger.Organization.DetailsChanged")
    def _change_details(self, meta: EventMeta, details: OrganizationDetails) -> None:
        self.details = details

    @event("LicenceSuspended", topic="ledger.Organization.LicenceSuspended")
    def _suspend(self, meta: EventMeta, period: SuspensionPeriod) -> None:
        self.status = LicenceStatus.SUSPENDED
        self.suspensions = (*self.suspensions, period)

    @event("LicenceReinstated", topic="ledger.Organization.LicenceReinstated")
    def _reinstate(self, meta: EventMeta) -> None:
        self.status = LicenceStatus.ACTIVE
        self.suspensions = ()

    @event("LicenceRevoked", topic="ledger.Organization.LicenceRevoked")
    def _revoke(self, meta: EventMeta) -> None:
        self.status = LicenceStatus.REVOKED
        self.suspensions = ()

    @event("Deregistered", topic="ledger.Organization.Deregistered")
    def _deregister(self, meta: EventMeta) -> None:
        self.status = LicenceStatus.DEREGISTERED
        self.suspensions = ()

    @event("MemberJoined", topic="ledger.Organization.MemberJoined")
    def _member_joined(self, meta: EventMeta, practitioner_id: UUID) -> None:
        self.members.add(practitioner_id)

    @event("MemberLeft", topic="ledger.Organization.MemberLeft")
    def _member_left(self, meta: EventMeta, practitioner_id: UUID) -> None:
        self.members.discard(practitioner_id)
