"""ComplianceLedger: the command side. Every method is get -> act on aggregates -> save once.

Each command runs through `_execute`, which makes it idempotent (a CommandReceipt saved in the
same transaction), retries optimistic-concurrency conflicts, and returns the log position the
command reached so a reader can wait for its views to catch up.
"""

from __future__ import annotations

import hashlib
import json
import secrets
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

from domain.errors import (
    ConcurrentModificationError,
    DuplicateRegistrationError,
    EntityNotFoundError,
    IdempotencyConflictError,
    LedgerError,
)
from domain.inspectors import Inspector, InspectorDetails
from domain.organizations import Organization, OrganizationDetails
from domain.practitioners import Practitioner, PractitionerDetails
from domain.receipts import CommandReceipt
from domain.tokens import ApiToken, hash_secret
from domain.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
    bureau_today,
    normalize_number,
)

A = TypeVar("A", bound=Aggregate)
Licensee = Organization | Practitioner


@dataclass(frozen=True)
class CommandResult:
    """What a command returns, and what a retry with the same command_id returns again."""

    command_id: str
    subject_id: UUID
    version: int
    position: int | None  # log position (notification id) the command reached
    replayed: bool = False


@dataclass(frozen=True)
class IssuedToken:
    result: CommandResult
    secret: str | None  # shown once; None when the issue command is a replay


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


class ComplianceLedger(Application[UUID]):
    name = "ledger"
    MAX_ATTEMPTS = 5

    def __init__(self, env: EnvType | None = None, *, clock: Callable[[], date] = bureau_today):
        self.today = clock
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
        decide: Callable[[], tuple[UUID, Iterable[Aggregate]]],
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

    def _get(self, cls: type[A], entity_id: UUID, what: str) -> A:
        try:
            aggregate: object = self.repository.get(entity_id)
        except AggregateNotFoundError:
            raise EntityNotFoundError(entity_id, what) from None
        if not isinstance(aggregate, cls):
            raise EntityNotFoundError(entity_id, what)
        return aggregate

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

    # -- tokens --------------------------------------------------------------------------------

    def issue_token(self, meta: EventMeta, name: str, role: Role) -> IssuedToken:
        secret = "clg_" + secrets.token_urlsafe(32)

        def decide() -> tuple[UUID, list[Aggregate]]:
            token = ApiToken(meta=meta, secret_hash=hash_secret(secret), name=name, role=role)
            return token.id, [token]

        result = self._execute("IssueToken", meta, {"name": name, "role": role}, decide)
        return IssuedToken(result=result, secret=None if result.replayed else secret)

    def revoke_token(self, meta: EventMeta, token_id: UUID) -> CommandResult:
        def decide() -> tuple[UUID, list[Aggregate]]:
            token = self._get(ApiToken, token_id, "token")
            token.revoke(meta)
            return token.id, [token]

        return self._execute("RevokeToken", meta, {"id": token_id}, decide)

    def authenticate(self, secret: str) -> Actor | None:
        """The actor a bearer secret stands for, or None if unknown or revoked."""
        try:
            token: object = self.repository.get(ApiToken.id_for_secret(secret))
        except AggregateNotFoundError:
            return None
        if not isinstance(token, ApiToken) or token.revoked:
            return None
        return Actor(principal_id=token.name, role=token.role)

    def list_tokens(self) -> list[ApiToken]:
        topic = ApiToken.Issued.TOPIC  # type: ignore[attr-defined]
        ids: list[UUID] = []
        start = None
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=500, topics=[topic], inclusive_of_start=False
            )
            ids.extend(UUID(str(n.originator_id)) for n in batch)
            if len(batch) < 500:
                break
            start = batch[-1].id
        return [self._get(ApiToken, token_id, "token") for token_id in ids]

    # -- history -------------------------------------------------------------------------------

    def history(self, entity_id: UUID) -> list[DomainEventProtocol[UUID]]:
        """Every stored event of one entity, oldest first, as recorded."""
        events = list(self.events.get(entity_id))
        if not events:
            raise EntityNotFoundError(entity_id)
        return events
