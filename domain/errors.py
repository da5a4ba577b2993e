"""Errors the domain raises when a command breaks a rule.

    LedgerError
    ├── EntityNotFoundError                 unknown id (HTTP 404)
    ├── InvalidCommandError                 input that can never be valid (HTTP 422)
    │   ├── TokenValidityError              a token is valid for 1 day to 10 years
    │   ├── EffectiveDateInFutureError
    │   ├── SuspensionPeriodInvalidError    a suspension must end after it starts
    │   ├── NothingToChangeError            a change that changes nothing is not recorded
    │   ├── CaseFileScoreError              a case-file score that can never be valid
    │   ├── ChecklistItemsInvalidError      item ids unique within a checklist version
    │   ├── FindingInvalidError             one finding per item; a failed item cites evidence
    │   ├── RectificationDueDateError       a rectification is due after it is ordered
    │   ├── InspectionSourceMissingError    a complaint-triggered inspection cites the complaint
    │   ├── VariedDecisionIncompleteError   a varied appeal decision says what the result becomes
    │   ├── SanctionTermsInvalidError       a fine has an amount, a suspension months, others neither
    │   ├── SanctionSubjectError            only licensed persons and organizations are sanctioned
    │   ├── SuspensionStartInvalidError     a decided suspension starts on or after the decision
    │   ├── EvaluationPeriodError           an evaluation covers a year that has ended
    │   ├── EvaluationSubjectError          integrity grades for appraisal institutions, ...
    │   ├── EvaluatorsInvalidError          one bureau, or two districts jointly, named once each
    │   ├── ScoreOutOfRangeError            points within the item's maximum; a total within scale
    │   ├── ScoreSheetInvalidError          item ids unique; item maxima add up to the scale
    │   ├── VariedResultInvalidError        a varied evaluation names a result of its own kind
    │   ├── NotarizationOfficeError         a notarization is at a notary office, by a notary
    │   ├── ImportedRecordInvalidError      an imported record is well formed (steps in order...)
    │   └── SpotCheckPlanInvalidError       a spot-check plan's quotas, pools and numbers make sense
    └── LedgerRuleError                     a rule of DOMAIN.md forbids it now (HTTP 409)
        ├── DuplicateRegistrationError      a licence/registration number is unique per kind
        ├── RecordClosedError               nothing changes after revocation or deregistration
        ├── BeforeRegistrationError         nothing is recorded about a subject before it existed
        ├── AlreadyAffiliatedError          a person is in at most one organization at a time
        ├── NotAffiliatedError
        ├── AffiliationKindMismatchError    a lawyer joins a law firm, a notary a notary office...
        ├── OrganizationNotOpenError        no one joins a revoked or deregistered organization
        ├── OrganizationHasMembersError     an organization with members is not deregistered
        ├── AlreadySuspendedError
        ├── NotSuspendedError
        ├── InspectorStatusError
        ├── TokenRevokedError               a token is revoked once (rotation revokes it too)
        ├── PolicyVersionError              policy versions move forward, never back
        ├── CaseFileReviewStepError         sample, then scores, then the conclusion
        ├── ChecklistKindMismatchError      a checklist is for one kind of supervised subject
        ├── ChecklistCategoriesMissingError a law-firm annual checklist covers 党建 and the rest
        ├── InspectionStageError            Planned -> ... -> Published -> Closed, in order
        ├── InspectionStepDateError         each step is dated on or after the step before
        ├── AtLeastTwoInspectorsError       at least two inspectors act together [art. 42]
        ├── InspectorConflictError          a conflicted inspector steps aside 回避 [art. 43]
        ├── InspectorNotActiveError         only active inspectors are assigned
        ├── InspectorAssignmentError        assigned once; only assigned inspectors act
        ├── FindingNotOnChecklistError      findings follow the inspection's checklist version
        ├── FindingsIncompleteError         every checklist item has a finding before the result
        ├── ResultInconsistentError         a compliant result has no failed item
        ├── BasicPassNotEnabledError        基本合格 only where the policy enables it
        ├── NoShortcomingError              rectification and referral follow a shortcoming
        ├── AlreadyPublishedError           a result is published once
        ├── InspectionNotSettledError       closed only when published and followed up
        ├── InspectionAnnulledError         nothing proceeds on an annulled inspection
        ├── AppealWindowClosedError         an appeal is filed within its window
        ├── AppealTargetError               the kind of appeal lies against that kind of result
        ├── AppealStepError                 filed -> accepted | rejected -> decided
        ├── CaseNumberTakenError            a sanction case number 京兴司罚〔年〕N号 is used once
        ├── SanctionStageError              a sanction case moves through its stages in order
        │   ├── DecisionBeforeReviewError   no decision before the notice and the legal review
        │   ├── HearingPendingError         a requested hearing is held before the legal review
        │   ├── HeavierThanNoticeError      a heavier penalty than the notice's needs a new notice
        │   └── HearingRightError           a suspension or revocation waits for the hearing right
        ├── ProposerCannotApproveError      four eyes: the proposer does not approve
        ├── SanctionKindNotApplicableError  the authority matrix knows no such sanction for the subject
        ├── SanctionOutOfRangeError         amounts and months within the statutory range
        ├── RepeatOffenceEscalatesError     a repeat offence within the window is punished harder
        ├── PublicationPeriodError          publication lasts between the minimum and maximum
        ├── DuplicateEvaluationError        one evaluation per subject, kind and period
        ├── EvaluationStepError             evaluation steps in order (self -> initial -> final...)
        ├── EvaluationStepDateError         each evaluation step is dated on or after the one before
        ├── EvaluationKindStepError         a step belongs to one kind of evaluation
        ├── ObjectionWindowOpenError        a grade takes effect after its objection window
        ├── ObjectionPendingError           ... and after every objection to it is decided
        ├── FinalFailBeforeRectificationError  a final 不合格 follows a rectification chance
        ├── FinalPassWithoutRectificationError a proposed 不合格 becomes 合格 only through the
        │                                   rectification cycle or a supervisor's correction
        ├── NoAppealableResultError         an appeal decision changes an existing result
        ├── VariationChangesNothingError    a varied result differs from the current one
        ├── ComplaintStageError             a complaint moves through its lifecycle in order
        ├── ComplaintStepDateError          each complaint step is dated on or after the one before
        ├── ComplaintConversionError        诉转案 once, from an accepted complaint against a subject
        ├── NotarizationStageError          a notarization moves through its stages in order
        ├── RecordImportedOnceError         a source system's record is imported once
        ├── NoIssuanceWithoutApprovalError  no certificate without an approval on the record
        ├── ApproverIsNotHandlerError       the approver is not the handling notary
        ├── ApproverOfficeError             the approver belongs to the handling or assisting office
        ├── NotaryRelatedToPartyError       a notary related to a party does not handle it [art. 23]
        ├── NotarizationEndedError          termination and withdrawal only before issuance
        ├── ReviewerIsOriginalNotaryError   a review is done by another notary
        ├── ReviewWindowClosedError         a review is requested within 1 year of receipt
        ├── HandlingNotaryError             the handler belongs to the office or assists it
        ├── SpotCheckStageError             propose -> approve -> freeze -> draw (-> void -> ...)
        ├── SpotCheckDrawsNothingError      a plan is approved and frozen only if it draws a target
        ├── RevealMismatchError             the revealed seed value hashes to the commitment
        ├── CommitmentReusedError           each draw round has a fresh seed commitment
        ├── DrawCheckpointError             the seed uses the first checkpoint after the freeze
        ├── DrawConstraintError             every drawn target gets enough unconflicted inspectors
        ├── DrawVoidError                   a draw is voided only before its inspections start
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


class CaseFileScoreError(InvalidCommandError):
    rule = "CaseFileScoresWellFormed"


class VariedDecisionIncompleteError(InvalidCommandError):
    rule = "VariedDecisionSaysWhatChanges"
    field = "new_result"


class SanctionTermsInvalidError(InvalidCommandError):
    rule = "SanctionTermsFitKind"
    field = "kind"


class SanctionSubjectError(InvalidCommandError):
    rule = "SubjectIsSanctionable"
    field = "subject_id"


class SuspensionStartInvalidError(InvalidCommandError):
    rule = "SuspensionStartsWithDecision"
    field = "starts_on"


class EvaluationPeriodError(InvalidCommandError):
    rule = "EvaluatePriorPeriod"
    field = "period"


class EvaluationSubjectError(InvalidCommandError):
    rule = "EvaluationSubjectMatchesKind"
    field = "subject_id"


class EvaluatorsInvalidError(InvalidCommandError):
    rule = "OneOrTwoEvaluatingDistricts"
    field = "evaluators"


class ScoreOutOfRangeError(InvalidCommandError):
    rule = "ScoreWithinRange"
    field = "items"


class ScoreSheetInvalidError(InvalidCommandError):
    rule = "ScoreSheetAddsUp"
    field = "items"


class VariedResultInvalidError(InvalidCommandError):
    rule = "VariedResultFitsEvaluation"
    field = "new_result"


class LedgerRuleError(LedgerError):
    """A rule forbids the command in the current state of the record."""

    rule = "LedgerRule"


class DuplicateRegistrationError(LedgerRuleError):
    rule = "NumberUniquePerKind"


class RecordClosedError(LedgerRuleError):
    rule = "NoChangeAfterRevocationOrDeregistration"


class BeforeRegistrationError(LedgerRuleError):
    rule = "RecordsFollowRegistration"


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


class TokenValidityError(InvalidCommandError):
    rule = "TokenValidityWithinLimits"
    field = "valid_days"


class AppealWindowClosedError(LedgerRuleError):
    rule = "AppealFiledWithinWindow"


class AppealTargetError(LedgerRuleError):
    rule = "AppealKindFitsTarget"


class AppealStepError(LedgerRuleError):
    rule = "AppealStepsInOrder"


class ChecklistItemsInvalidError(InvalidCommandError):
    rule = "ChecklistItemIdsUnique"
    field = "items"


class FindingInvalidError(InvalidCommandError):
    rule = "FindingsWellFormed"
    field = "findings"


class RectificationDueDateError(InvalidCommandError):
    rule = "RectificationDueAfterOrder"
    field = "due_on"


class InspectionSourceMissingError(InvalidCommandError):
    rule = "ComplaintInspectionCitesComplaint"
    field = "source_ref"


class ChecklistKindMismatchError(LedgerRuleError):
    rule = "ChecklistMatchesSubjectKind"


class ChecklistCategoriesMissingError(LedgerRuleError):
    rule = "AnnualInspectionCoversRequiredCategories"


class InspectionStageError(LedgerRuleError):
    rule = "InspectionStagesInOrder"


class InspectionStepDateError(LedgerRuleError):
    rule = "InspectionStepsInDateOrder"


class AtLeastTwoInspectorsError(LedgerRuleError):
    rule = "AtLeastTwoInspectors"


class InspectorConflictError(LedgerRuleError):
    rule = "ConflictedInspectorStepsAside"


class InspectorNotActiveError(LedgerRuleError):
    rule = "AssignOnlyActiveInspectors"


class InspectorAssignmentError(LedgerRuleError):
    rule = "OnlyAssignedInspectorsAct"


class FindingNotOnChecklistError(LedgerRuleError):
    rule = "FindingsFollowTheChecklist"


class FindingsIncompleteError(LedgerRuleError):
    rule = "EveryChecklistItemFound"


class ResultInconsistentError(LedgerRuleError):
    rule = "ResultConsistentWithFindings"


class BasicPassNotEnabledError(LedgerRuleError):
    rule = "BasicPassOnlyWhenPolicyEnables"


class NoShortcomingError(LedgerRuleError):
    rule = "FollowUpOnlyForShortcomings"


class AlreadyPublishedError(LedgerRuleError):
    rule = "PublishOnce"


class InspectionNotSettledError(LedgerRuleError):
    rule = "CloseOnlyWhenSettled"


class InspectionAnnulledError(LedgerRuleError):
    rule = "NoChangeAfterAnnulment"


class CaseNumberTakenError(LedgerRuleError):
    rule = "CaseNumberUnique"


class SanctionStageError(LedgerRuleError):
    rule = "SanctionCaseStagesInOrder"


class DecisionBeforeReviewError(SanctionStageError):
    rule = "DecisionAfterNoticeAndLegalReview"


class HearingPendingError(SanctionStageError):
    rule = "RequestedHearingIsHeld"


class HeavierThanNoticeError(SanctionStageError):
    rule = "HeavierPenaltyNeedsNewNotice"


class HearingRightError(SanctionStageError):
    rule = "HearingRightBeforeSuspensionOrRevocation"


class ProposerCannotApproveError(LedgerRuleError):
    rule = "ProposerCannotApprove"


class SanctionKindNotApplicableError(LedgerRuleError):
    rule = "SanctionKindFitsSubject"


class SanctionOutOfRangeError(LedgerRuleError):
    rule = "SanctionWithinStatutoryRange"


class RepeatOffenceEscalatesError(LedgerRuleError):
    rule = "RepeatOffenceEscalates"


class PublicationPeriodError(LedgerRuleError):
    rule = "PublicationPeriodWithinLimits"


class DuplicateEvaluationError(LedgerRuleError):
    rule = "OneEvaluationPerSubjectKindPeriod"


class EvaluationStepError(LedgerRuleError):
    rule = "EvaluationStepOutOfOrder"


class EvaluationStepDateError(LedgerRuleError):
    rule = "EvaluationStepsInDateOrder"


class EvaluationKindStepError(LedgerRuleError):
    rule = "StepMatchesEvaluationKind"


class ObjectionWindowOpenError(LedgerRuleError):
    rule = "ObjectionWindowMustPass"


class ObjectionPendingError(LedgerRuleError):
    rule = "NoEffectWhileObjectionPending"


class FinalFailBeforeRectificationError(LedgerRuleError):
    rule = "RectificationBeforeFinalFail"


class FinalPassWithoutRectificationError(LedgerRuleError):
    rule = "ProposedFailPassesOnlyThroughRectification"


class NoAppealableResultError(LedgerRuleError):
    rule = "AppealNeedsAResult"


class VariationChangesNothingError(LedgerRuleError):
    rule = "VariationChangesTheResult"


class CaseFileReviewStepError(LedgerRuleError):
    rule = "CaseFileReviewStepsInOrder"


class PolicyVersionError(LedgerRuleError):
    rule = "PolicyVersionsMoveForward"


class ComplaintStageError(LedgerRuleError):
    rule = "ComplaintLifecycleOrder"


class ComplaintStepDateError(LedgerRuleError):
    rule = "ComplaintStepsInDateOrder"


class ComplaintConversionError(LedgerRuleError):
    rule = "ConversionFollowsAcceptance"


class IdempotencyConflictError(LedgerRuleError):
    rule = "CommandIdIdentifiesOneCommand"


class ConcurrentModificationError(LedgerRuleError):
    rule = "OptimisticConcurrency"


class NotarizationOfficeError(InvalidCommandError):
    rule = "NotarizationAtNotaryOffice"
    field = "office_id"


class NotarizationStageError(LedgerRuleError):
    rule = "NotarizationStepOutOfOrder"


class NoIssuanceWithoutApprovalError(LedgerRuleError):
    rule = "NoIssuanceWithoutApproval"


class ApproverIsNotHandlerError(LedgerRuleError):
    rule = "ApproverIsNotHandler"


class ApproverOfficeError(LedgerRuleError):
    rule = "ApproverBelongsToHandlingOffice"


class NotaryRelatedToPartyError(LedgerRuleError):
    rule = "NotaryRelatedToPartyCannotHandle"


class NotarizationEndedError(LedgerRuleError):
    rule = "EndOnlyBeforeIssuance"


class ReviewerIsOriginalNotaryError(LedgerRuleError):
    rule = "ReviewByAnotherNotary"


class ReviewWindowClosedError(LedgerRuleError):
    rule = "ReviewWithinWindow"


class ImportedRecordInvalidError(InvalidCommandError):
    rule = "ImportedRecordWellFormed"
    field = "records"


class RecordImportedOnceError(LedgerRuleError):
    rule = "ImportedOnce"


class HandlingNotaryError(LedgerRuleError):
    rule = "HandlerBelongsToOfficeOrAssists"


class SpotCheckPlanInvalidError(InvalidCommandError):
    rule = "SpotCheckPlanWellFormed"
    field = "quotas"


class SpotCheckStageError(LedgerRuleError):
    rule = "SpotCheckStepsInOrder"


class SpotCheckDrawsNothingError(LedgerRuleError):
    rule = "PlanDrawsSomething"


class RevealMismatchError(LedgerRuleError):
    rule = "RevealMatchesCommitment"


class CommitmentReusedError(LedgerRuleError):
    rule = "FreshCommitmentPerRound"


class DrawCheckpointError(LedgerRuleError):
    rule = "SeedFromFirstCheckpointAfterFreeze"


class DrawConstraintError(LedgerRuleError):
    """The draw cannot meet a rule for a target (named in `context`); it never bends one."""

    rule = "DrawConstraintsMet"


class DrawVoidError(LedgerRuleError):
    rule = "VoidBeforeInspectionsStart"
