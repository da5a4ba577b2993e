"""Registry commands: organizations, practitioners, inspectors and their licence lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.core.errors import DuplicateRegistrationError, EntityNotFoundError
from domain.core.pipeline import (
    CommandResult,
    LedgerCore,
)
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    normalize_number,
)
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

Licensee = Organization | Practitioner


class RegistryCommands(LedgerCore):
    def get_subject(self, subject_id: UUID) -> Organization | Practitioner:
        """A supervised organization or practitioner (what inspections, evaluations and
        sanction cases are about)."""
        try:
            subject: object = self.repository.get(subject_id)
        except AggregateNotFoundError:
            raise EntityNotFoundError(subject_id, "supervised subject") from None
        if not isinstance(subject, (Organization, Practitioner)):
            raise EntityNotFoundError(subject_id, "supervised subject")
        return subject

    def _check_not_registered(self, entity_id: UUID, what: str, number: str) -> None:
        """NumberUniquePerKind."""
        if entity_id in self.repository:
            raise DuplicateRegistrationError(
                f"{what} number {normalize_number(number)} is already registered",
                existing_id=str(entity_id),
            )

    # -- organizations -------------------------------------------------------------------------

    def get_organization(self, organization_id: UUID) -> Organization:
        return self._get(Organization, organization_id, "organization")

    def register_organization(
        self, meta: EventMeta, kind: OrganizationKind, number: str, details: OrganizationDetails
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            self._check_not_registered(
                Organization.create_id(kind, number), f"{kind.value} registration", number
            )
            organization = Organization(meta=meta, kind=kind, number=number, details=details)
            return organization.id, [organization]

        args = {"kind": kind, "number": normalize_number(number), "details": details}
        return self._execute("RegisterOrganization", meta, args, decide)

    def change_organization_details(
        self, meta: EventMeta, organization_id: UUID, changes: Mapping[str, Any]
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            organization = self.get_organization(organization_id)
            details = OrganizationDetails.model_validate(
                {**organization.details.model_dump(), **changes}
            )
            organization.change_details(meta, details)
            return organization.id, [organization]

        args = {"id": organization_id, "changes": dict(changes)}
        return self._execute("ChangeOrganizationDetails", meta, args, decide)

    def deregister_organization(self, meta: EventMeta, organization_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            organization = self.get_organization(organization_id)
            organization.deregister(meta)
            return organization.id, [organization]

        return self._execute("DeregisterOrganization", meta, {"id": organization_id}, decide)

    # -- licence lifecycle, shared by organizations and practitioners ---------------------------

    def _get_licensee(self, cls: type[Licensee], entity_id: UUID) -> Licensee:
        return self._get(cls, entity_id, cls.__name__.lower())

    def suspend_licence(
        self,
        meta: EventMeta,
        cls: type[Licensee],
        entity_id: UUID,
        starts_on: date,
        until: date,
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            licensee = self._get_licensee(cls, entity_id)
            licensee.suspend(meta, starts_on, until)
            return licensee.id, [licensee]

        args = {"id": entity_id, "starts_on": starts_on, "until": until}
        return self._execute(f"Suspend{cls.__name__}", meta, args, decide)

    def reinstate_licence(
        self, meta: EventMeta, cls: type[Licensee], entity_id: UUID
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            licensee = self._get_licensee(cls, entity_id)
            licensee.reinstate(meta)
            return licensee.id, [licensee]

        return self._execute(f"Reinstate{cls.__name__}", meta, {"id": entity_id}, decide)

    def revoke_licence(
        self, meta: EventMeta, cls: type[Licensee], entity_id: UUID
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            licensee = self._get_licensee(cls, entity_id)
            licensee.revoke(meta)
            return licensee.id, [licensee]

        return self._execute(f"Revoke{cls.__name__}", meta, {"id": entity_id}, decide)

    # -- practitioners -------------------------------------------------------------------------

    def get_practitioner(self, practitioner_id: UUID) -> Practitioner:
        return self._get(Practitioner, practitioner_id, "practitioner")

    def register_practitioner(
        self, meta: EventMeta, kind: PractitionerKind, number: str, details: PractitionerDetails
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            self._check_not_registered(
                Practitioner.create_id(kind, number), f"{kind.value} licence", number
            )
            practitioner = Practitioner(meta=meta, kind=kind, number=number, details=details)
            return practitioner.id, [practitioner]

        args = {"kind": kind, "number": normalize_number(number), "details": details}
        return self._execute("RegisterPractitioner", meta, args, decide)

    def change_practitioner_details(
        self, meta: EventMeta, practitioner_id: UUID, changes: Mapping[str, Any]
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            practitioner = self.get_practitioner(practitioner_id)
            details = PractitionerDetails.model_validate(
                {**practitioner.details.model_dump(), **changes}
            )
            practitioner.change_details(meta, details)
            return practitioner.id, [practitioner]

        args = {"id": practitioner_id, "changes": dict(changes)}
        return self._execute("ChangePractitionerDetails", meta, args, decide)

    def join_organization(
        self, meta: EventMeta, practitioner_id: UUID, organization_id: UUID
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            practitioner = self.get_practitioner(practitioner_id)
            organization = self.get_organization(organization_id)
            practitioner.join(meta, organization)
            organization.record_member_joined(meta, practitioner.id)
            return practitioner.id, [practitioner, organization]

        args = {"id": practitioner_id, "organization_id": organization_id}
        return self._execute("JoinOrganization", meta, args, decide)

    def leave_organization(self, meta: EventMeta, practitioner_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            practitioner = self.get_practitioner(practitioner_id)
            organization_id = practitioner.leave(meta)
            organization = self.get_organization(organization_id)
            organization.record_member_left(meta, practitioner.id)
            return practitioner.id, [practitioner, organization]

        return self._execute("LeaveOrganization", meta, {"id": practitioner_id}, decide)

    def deregister_practitioner(self, meta: EventMeta, practitioner_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            practitioner = self.get_practitioner(practitioner_id)
            left = practitioner.deregister(meta)
            changed: list[Aggregate] = [practitioner]
            if left is not None:
                organization = self.get_organization(left)
                organization.record_member_left(meta, practitioner.id)
                changed.append(organization)
            return practitioner.id, changed

        return self._execute("DeregisterPractitioner", meta, {"id": practitioner_id}, decide)

    # -- inspectors ----------------------------------------------------------------------------

    def get_inspector(self, inspector_id: UUID) -> Inspector:
        return self._get(Inspector, inspector_id, "inspector")

    def register_inspector(
        self, meta: EventMeta, number: str, details: InspectorDetails
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            self._check_not_registered(
                Inspector.create_id(number), "enforcement certificate", number
            )
            inspector = Inspector(meta=meta, number=number, details=details)
            return inspector.id, [inspector]

        args = {"number": normalize_number(number), "details": details}
        return self._execute("RegisterInspector", meta, args, decide)

    def change_inspector_details(
        self, meta: EventMeta, inspector_id: UUID, changes: Mapping[str, Any]
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            inspector = self.get_inspector(inspector_id)
            details = InspectorDetails.model_validate({**inspector.details.model_dump(), **changes})
            inspector.change_details(meta, details)
            return inspector.id, [inspector]

        args = {"id": inspector_id, "changes": dict(changes)}
        return self._execute("ChangeInspectorDetails", meta, args, decide)

    def set_inspector_active(
        self, meta: EventMeta, inspector_id: UUID, active: bool
    ) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            inspector = self.get_inspector(inspector_id)
            if active:
                inspector.reactivate(meta)
            else:
                inspector.deactivate(meta)
            return inspector.id, [inspector]

        command = "ReactivateInspector" if active else "DeactivateInspector"
        return self._execute(command, meta, {"id": inspector_id}, decide)
