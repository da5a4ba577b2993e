"""Licensed persons: lawyers, notaries, appraisers; and their affiliation with one organization."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    Label,
    LicenceStatus,
    PractitionerKind,
    SuspensionPeriod,
    article,
    business_id,
    check_changes_something,
    normalize_number,
    stable_topic,
)
from domain.registry.errors import (
    AffiliationKindMismatchError,
    AlreadyAffiliatedError,
    NotAffiliatedError,
    OrganizationNotOpenError,
)
from domain.registry.lifecycle import Licensed
from domain.registry.organizations import Organization


@stable_topic("ledger.value.PractitionerDetails")
class PractitionerDetails(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=100)
    specialties: tuple[Label, ...] = Field(
        default=(), description="practice areas; for appraisers the licensed categories"
    )


class Practitioner(Licensed, Aggregate):
    TOPIC = "ledger.Practitioner"

    Created = unused_created_event("Practitioner")

    @staticmethod
    def create_id(kind: PractitionerKind, number: str) -> UUID:
        return business_id("practitioner", kind.value, normalize_number(number))

    @event("Registered", topic="ledger.Practitioner.Registered")
    def __init__(
        self,
        meta: EventMeta,
        kind: PractitionerKind,
        number: str,
        details: PractitionerDetails,
    ) -> None:
        self.kind = kind
        self.number = normalize_number(number)
        self.details = details
        self.status = LicenceStatus.ACTIVE
        self.suspensions: tuple[SuspensionPeriod, ...] = ()
        self.organization_id: UUID | None = None
        self.registered_on = meta.effective_on

    # -- commands ----------------------------------------------------------------------------

    def change_details(self, meta: EventMeta, details: PractitionerDetails) -> None:
        self.check_open()
        check_changes_something(self.details, details)
        self._change_details(meta, details)

    def join(self, meta: EventMeta, organization: Organization) -> None:
        self.check_open()
        self.check_existed_on(meta.effective_on)
        organization.check_existed_on(meta.effective_on)
        self.check_not_affiliated()
        self.check_organization_matches_kind(organization)
        self.check_organization_open(organization)
        self._join(meta, organization.id)

    def leave(self, meta: EventMeta) -> UUID:
        # Allowed after revocation: a revoked lawyer's affiliation still has to end.
        self.check_not_deregistered()
        organization_id = self.check_affiliated()
        self._leave(meta, organization_id)
        return organization_id

    def deregister(self, meta: EventMeta) -> UUID | None:
        """Deregistration ends any affiliation; returns the organization that was left."""
        self.check_not_deregistered()
        left = self.organization_id
        self._deregister(meta, left)
        return left

    # -- checks ------------------------------------------------------------------------------

    def check_not_affiliated(self) -> None:
        """OnePersonOneOrganization."""
        if self.organization_id is not None:
            raise AlreadyAffiliatedError(
                f"{self.number} already belongs to organization {self.organization_id}; "
                "a person is in at most one organization at a time",
                organization_id=str(self.organization_id),
            )

    def check_affiliated(self) -> UUID:
        if self.organization_id is None:
            raise NotAffiliatedError(f"{self.number} belongs to no organization")
        return self.organization_id

    def check_organization_matches_kind(self, organization: Organization) -> None:
        expected = self.kind.organization_kind
        if organization.kind is not expected:
            raise AffiliationKindMismatchError(
                f"{article(self.kind.value)} joins {article(expected.value)}, not {article(organization.kind.value)}",
                expected=expected.value,
                actual=organization.kind.value,
            )

    @staticmethod
    def check_organization_open(organization: Organization) -> None:
        if organization.status in (LicenceStatus.REVOKED, LicenceStatus.DEREGISTERED):
            raise OrganizationNotOpenError(
                f"organization {organization.number} is {organization.status.value}",
                organization_status=organization.status.value,
            )

    # -- events ------------------------------------------------------------------------------

    @event("DetailsChanged", topic="ledger.Practitioner.DetailsChanged")
    def _change_details(self, meta: EventMeta, details: PractitionerDetails) -> None:
        self.details = details

    @event("Joined", topic="ledger.Practitioner.Joined")
    def _join(self, meta: EventMeta, organization_id: UUID) -> None:
        self.organization_id = organization_id

    @event("Left", topic="ledger.Practitioner.Left")
    def _leave(self, meta: EventMeta, organization_id: UUID) -> None:
        self.organization_id = None

    @event("LicenceSuspended", topic="ledger.Practitioner.LicenceSuspended")
    def _suspend(self, meta: EventMeta, period: SuspensionPeriod) -> None:
        self.status = LicenceStatus.SUSPENDED
        self.suspensions = (*self.suspensions, period)

    @event("LicenceReinstated", topic="ledger.Practitioner.LicenceReinstated")
    def _reinstate(self, meta: EventMeta) -> None:
        self.status = LicenceStatus.ACTIVE
        self.suspensions = ()

    @event("LicenceRevoked", topic="ledger.Practitioner.LicenceRevoked")
    def _revoke(self, meta: EventMeta) -> None:
        self.status = LicenceStatus.REVOKED
        self.suspensions = ()

    @event("Deregistered", topic="ledger.Practitioner.Deregistered")
    def _deregister(self, meta: EventMeta, left_organization_id: UUID | None) -> None:
        self.status = LicenceStatus.DEREGISTERED
        self.suspensions = ()
        self.organization_id = None
