"""Errors the domain raises when a command breaks a rule.

    LedgerError
    ├── EntityNotFoundError                 unknown id (HTTP 404)
    ├── InvalidCommandError                 input that can never be valid (HTTP 422)
    │   ├── EffectiveDateInFutureError
    │   ├── SuspensionPeriodInvalidError    a suspension must end after it starts
    │   ├── NothingToChangeError            a change that changes nothing is not recorded
    │   └── VariedDecisionIncompleteError   a varied appeal decision says what the result becomes
    └── LedgerRuleError                     a rule of DOMAIN.md forbids it now (HTTP 409)
        ├── DuplicateRegistrationError      a licence/registration number is unique per kind
        ├── RecordClosedError               nothing changes after revocation or deregistration
        ├── AlreadyAffiliatedError          a person is in at most one organization at a time
        ├── NotAffiliatedError
        ├── AffiliationKindMismatchError    a lawyer joins a law firm, a notary a notary office...
        ├── OrganizationNotOpenError        no one joins a revoked or deregistered organization
        ├── OrganizationHasMembersError     an organization with members is not deregistered
        ├── AlreadySuspendedError
        ├── NotSuspendedError
        ├── InspectorStatusError
        ├── TokenRevokedError
        ├── PolicyVersionError              policy versions move forward, never back
        ├── AppealWindowClosedError         an appeal is filed within its window
        ├── AppealTargetError               the kind of appeal lies against that kind of result
        ├── AppealStepError                 filed -> accepted | rejected -> decided
        ├── IdempotencyConflictError        same command_id, different command
        └── ConcurrentModificationError     optimistic concurrency gave up after retries

Every rule error carries the name of the rule it enforces, so an API client, a log line and a
test all speak of `OnePersonOneOrganization`, not of an anonymous failure.
"""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    rule: str = "LedgerError"

    def __init__(self, detail: str, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context


class EntityNotFoundError(LedgerError):
    rule = "EntityExists"

    def __init__(self, entity_id: object, what: str = "entity") -> None:
        super().__init__(f"No {what} with id {entity_id}", entity_id=str(entity_id))


class InvalidCommandError(LedgerError):
    """Input that is wrong whatever the state of the record."""

    rule = "ValidInput"
    field: str | None = None
    location = "body"  # where the field is: body, query or path

    def __init__(
        self, detail: str, field: str | None = None, location: str | None = None, **context: Any
    ) -> None:
        super().__init__(detail, **context)
        self.field = field or self.field
        self.location = location or self.location


class EffectiveDateInFutureError(InvalidCommandError):
    rule = "EffectiveDateNotInFuture"
    field = "effective_on"


class SuspensionPeriodInvalidError(InvalidCommandError):
    rule = "SuspensionEndsAfterItStarts"
    field = "until"


class NothingToChangeError(InvalidCommandError):
    rule = "ChangeChangesSomething"


class VariedDecisionIncompleteError(InvalidCommandError):
    rule = "VariedDecisionSaysWhatChanges"
    field = "new_result"


class LedgerRuleError(LedgerError):
    """A rule forbids the command in the current state of the record."""

    rule = "LedgerRule"


class DuplicateRegistrationError(LedgerRuleError):
    rule = "NumberUniquePerKind"


class RecordClosedError(LedgerRuleError):
    rule = "NoChangeAfterRevocationOrDeregistration"


class AlreadyAffiliatedError(LedgerRuleError):
    rule = "OnePersonOneOrganization"


class NotAffiliatedError(LedgerRuleError):
    rule = "LeaveOnlyWhenAffiliated"


class AffiliationKindMismatchError(LedgerRuleError):
    rule = "PractitionerJoinsMatchingOrganizationKind"


class OrganizationNotOpenError(LedgerRuleError):
    rule = "JoinOnlyOpenOrganization"


class OrganizationHasMembersError(LedgerRuleError):
    rule = "DeregisterOnlyWithoutMembers"


class AlreadySuspendedError(LedgerRuleError):
    rule = "OneSuspensionAtATime"


class NotSuspendedError(LedgerRuleError):
    rule = "ReinstateOnlyWhenSuspended"


class InspectorStatusError(LedgerRuleError):
    rule = "InspectorStatusTransition"


class TokenRevokedError(LedgerRuleError):
    rule = "TokenRevokedOnce"


class AppealWindowClosedError(LedgerRuleError):
    rule = "AppealFiledWithinWindow"


class AppealTargetError(LedgerRuleError):
    rule = "AppealKindFitsTarget"


class AppealStepError(LedgerRuleError):
    rule = "AppealStepsInOrder"


class PolicyVersionError(LedgerRuleError):
    rule = "PolicyVersionsMoveForward"


class IdempotencyConflictError(LedgerRuleError):
    rule = "CommandIdIdentifiesOneCommand"


class ConcurrentModificationError(LedgerRuleError):
    rule = "OptimisticConcurrency"
