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
test all speak of `OnePersonOneOrganization`, not of an anonymous failure, and says the rule in
one Chinese sentence (`zh`) for the people who read it.
"""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    rule: str = "LedgerError"
    zh: str = "该操作不符合规则"  # the rule in Chinese: one sentence, for people (the console)

    def __init__(self, detail: str, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context = context


class EntityNotFoundError(LedgerError):
    rule = "EntityExists"
    zh = "找不到该记录"

    def __init__(self, entity_id: object, what: str = "entity") -> None:
        super().__init__(f"No {what} with id {entity_id}", entity_id=str(entity_id))


class InvalidCommandError(LedgerError):
    """Input that is wrong whatever the state of the record."""

    rule = "ValidInput"
    zh = "输入不正确"
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
    zh = "生效日期不得晚于今天"
    field = "effective_on"


class SuspensionPeriodInvalidError(InvalidCommandError):
    rule = "SuspensionEndsAfterItStarts"
    zh = "停止执业或停业整顿的结束日期须晚于开始日期"
    field = "until"


class NothingToChangeError(InvalidCommandError):
    rule = "ChangeChangesSomething"
    zh = "变更须有实际改变"


class CaseFileScoreError(InvalidCommandError):
    rule = "CaseFileScoresWellFormed"
    zh = "案卷评分格式不正确"


class VariedDecisionIncompleteError(InvalidCommandError):
    rule = "VariedDecisionSaysWhatChanges"
    zh = "“变更”的救济决定须写明结果改为什么"
    field = "new_result"


class SanctionTermsInvalidError(InvalidCommandError):
    rule = "SanctionTermsFitKind"
    zh = "罚款须写明金额，停止执业须写明期限，其他处罚两者皆无"
    field = "kind"


class SanctionSubjectError(InvalidCommandError):
    rule = "SubjectIsSanctionable"
    zh = "只有持证执业人员和机构可以被处罚"
    field = "subject_id"


class SuspensionStartInvalidError(InvalidCommandError):
    rule = "SuspensionStartsWithDecision"
    zh = "停止执业的起始日不得早于处罚决定之日"
    field = "starts_on"


class EvaluationPeriodError(InvalidCommandError):
    rule = "EvaluatePriorPeriod"
    zh = "只能评价已结束的年度"
    field = "period"


class EvaluationSubjectError(InvalidCommandError):
    rule = "EvaluationSubjectMatchesKind"
    zh = "评价类别须与被评价对象相符"
    field = "subject_id"


class EvaluatorsInvalidError(InvalidCommandError):
    rule = "OneOrTwoEvaluatingDistricts"
    zh = "评价由一个区或两个区联合进行，每个区只写一次"
    field = "evaluators"


class ScoreOutOfRangeError(InvalidCommandError):
    rule = "ScoreWithinRange"
    zh = "得分不得超过该项满分，总分须在评分范围内"
    field = "items"


class ScoreSheetInvalidError(InvalidCommandError):
    rule = "ScoreSheetAddsUp"
    zh = "评分表事项编号须唯一，各项满分之和须等于总分"
    field = "items"


class VariedResultInvalidError(InvalidCommandError):
    rule = "VariedResultFitsEvaluation"
    zh = "变更后的结果须属于该类评价的结果"
    field = "new_result"


class LedgerRuleError(LedgerError):
    """A rule forbids the command in the current state of the record."""

    rule = "LedgerRule"
    zh = "该操作违反登记簿规则"


class DuplicateRegistrationError(LedgerRuleError):
    rule = "NumberUniquePerKind"
    zh = "同一类别的执业证号或登记号不得重复"


class RecordClosedError(LedgerRuleError):
    rule = "NoChangeAfterRevocationOrDeregistration"
    zh = "已吊销或已注销的记录不得再作变更"


class BeforeRegistrationError(LedgerRuleError):
    rule = "RecordsFollowRegistration"
    zh = "对象登记之前不得记录与其有关的事项"


class AlreadyAffiliatedError(LedgerRuleError):
    rule = "OnePersonOneOrganization"
    zh = "一人同一时间只能在一个机构执业"


class NotAffiliatedError(LedgerRuleError):
    rule = "LeaveOnlyWhenAffiliated"
    zh = "未在机构执业的人员无法办理离开"


class AffiliationKindMismatchError(LedgerRuleError):
    rule = "PractitionerJoinsMatchingOrganizationKind"
    zh = "执业人员只能加入相应类别的机构（如律师加入律师事务所）"


class OrganizationNotOpenError(LedgerRuleError):
    rule = "JoinOnlyOpenOrganization"
    zh = "不得加入已吊销或已注销的机构"


class OrganizationHasMembersError(LedgerRuleError):
    rule = "DeregisterOnlyWithoutMembers"
    zh = "尚有执业人员的机构不得注销"


class AlreadySuspendedError(LedgerRuleError):
    rule = "OneSuspensionAtATime"
    zh = "已在停止执业或停业整顿期间，不得重复停止"


class NotSuspendedError(LedgerRuleError):
    rule = "ReinstateOnlyWhenSuspended"
    zh = "只有处于停止执业或停业整顿状态时才可恢复"


class InspectorStatusError(LedgerRuleError):
    rule = "InspectorStatusTransition"
    zh = "执法人员的在岗状态变更不符合规定"


class TokenRevokedError(LedgerRuleError):
    rule = "TokenRevokedOnce"
    zh = "令牌只能撤销一次"


class TokenValidityError(InvalidCommandError):
    rule = "TokenValidityWithinLimits"
    zh = "令牌有效期须为1天至10年"
    field = "valid_days"


class AppealWindowClosedError(LedgerRuleError):
    rule = "AppealFiledWithinWindow"
    zh = "救济申请须在法定或规定期限内提出"


class AppealTargetError(LedgerRuleError):
    rule = "AppealKindFitsTarget"
    zh = "该类救济不适用于此类结果"


class AppealStepError(LedgerRuleError):
    rule = "AppealStepsInOrder"
    zh = "救济须按“提出—受理或不予受理—决定”的顺序办理"


class ChecklistItemsInvalidError(InvalidCommandError):
    rule = "ChecklistItemIdsUnique"
    zh = "同一版本清单内的事项编号须唯一"
    field = "items"


class FindingInvalidError(InvalidCommandError):
    rule = "FindingsWellFormed"
    zh = "每一事项只能有一项认定，不合格事项须附证据"
    field = "findings"


class RectificationDueDateError(InvalidCommandError):
    rule = "RectificationDueAfterOrder"
    zh = "整改期限须晚于责令整改之日"
    field = "due_on"


class InspectionSourceMissingError(InvalidCommandError):
    rule = "ComplaintInspectionCitesComplaint"
    zh = "投诉引发的检查须注明所依据的投诉"
    field = "source_ref"


class ChecklistKindMismatchError(LedgerRuleError):
    rule = "ChecklistMatchesSubjectKind"
    zh = "检查清单须适用于被检查对象的类别"


class ChecklistCategoriesMissingError(LedgerRuleError):
    rule = "AnnualInspectionCoversRequiredCategories"
    zh = "律师事务所年度检查考核清单须涵盖党建、业务、执业行为、内部管理和收费备案各类事项"


class InspectionStageError(LedgerRuleError):
    rule = "InspectionStagesInOrder"
    zh = "检查须按计划、指派、实施、结果、公示、结案的顺序进行"


class InspectionStepDateError(LedgerRuleError):
    rule = "InspectionStepsInDateOrder"
    zh = "检查各环节的日期不得早于前一环节"


class AtLeastTwoInspectorsError(LedgerRuleError):
    rule = "AtLeastTwoInspectors"
    zh = "执法检查须由两名以上执法人员共同进行（《行政处罚法》第四十二条）"


class InspectorConflictError(LedgerRuleError):
    rule = "ConflictedInspectorStepsAside"
    zh = "有利害关系的执法人员应当回避（《行政处罚法》第四十三条）"


class InspectorNotActiveError(LedgerRuleError):
    rule = "AssignOnlyActiveInspectors"
    zh = "只能指派在岗的执法检查人员"


class InspectorAssignmentError(LedgerRuleError):
    rule = "OnlyAssignedInspectorsAct"
    zh = "只能由已指派的执法人员实施检查，且每人只指派一次"


class FindingNotOnChecklistError(LedgerRuleError):
    rule = "FindingsFollowTheChecklist"
    zh = "检查发现须对应检查所用版本清单中的事项"


class FindingsIncompleteError(LedgerRuleError):
    rule = "EveryChecklistItemFound"
    zh = "记录检查结果前须对清单每一事项作出认定"


class ResultInconsistentError(LedgerRuleError):
    rule = "ResultConsistentWithFindings"
    zh = "检查结果须与各事项认定一致"


class BasicPassNotEnabledError(LedgerRuleError):
    rule = "BasicPassOnlyWhenPolicyEnables"
    zh = "只有政策启用时才可评定“基本合格”"


class NoShortcomingError(LedgerRuleError):
    rule = "FollowUpOnlyForShortcomings"
    zh = "只有发现问题时才可责令整改或移送处罚"


class AlreadyPublishedError(LedgerRuleError):
    rule = "PublishOnce"
    zh = "结果只能公示一次"


class InspectionNotSettledError(LedgerRuleError):
    rule = "CloseOnlyWhenSettled"
    zh = "检查结果公示并完成后续处理后方可结案"


class InspectionAnnulledError(LedgerRuleError):
    rule = "NoChangeAfterAnnulment"
    zh = "已撤销的检查不得继续办理"


class CaseNumberTakenError(LedgerRuleError):
    rule = "CaseNumberUnique"
    zh = "处罚案件编号不得重复使用"


class SanctionStageError(LedgerRuleError):
    rule = "SanctionCaseStagesInOrder"
    zh = "处罚案件须按立案、调查、告知、审核、决定、送达、公示、执行、结案的顺序办理"


class DecisionBeforeReviewError(SanctionStageError):
    rule = "DecisionAfterNoticeAndLegalReview"
    zh = "须在事先告知、听证（如申请）和法制审核之后方可拟作出处罚决定"


class HearingPendingError(SanctionStageError):
    rule = "RequestedHearingIsHeld"
    zh = "当事人申请听证的，须先举行听证再进行法制审核"


class HeavierThanNoticeError(SanctionStageError):
    rule = "HeavierPenaltyNeedsNewNotice"
    zh = "拟作出的处罚重于事先告知的处罚的，须重新告知（拟停止执业或吊销的，并告知听证权利）"


class HearingRightError(SanctionStageError):
    rule = "HearingRightBeforeSuspensionOrRevocation"
    zh = (
        "拟停止执业、停业整顿或吊销的，须待当事人听证、书面放弃听证或申请听证期限届满后方可法制审核"
    )


class ProposerCannotApproveError(LedgerRuleError):
    rule = "ProposerCannotApprove"
    zh = "提出人不得同时审批（双人复核）"


class SanctionKindNotApplicableError(LedgerRuleError):
    rule = "SanctionKindFitsSubject"
    zh = "该处罚种类不适用于此类对象，或不属于本级机关权限"


class SanctionOutOfRangeError(LedgerRuleError):
    rule = "SanctionWithinStatutoryRange"
    zh = "罚款金额或停止执业期限须在法定幅度内"


class RepeatOffenceEscalatesError(LedgerRuleError):
    rule = "RepeatOffenceEscalates"
    zh = "一定期限内再次违法的，须依法从重处罚（《律师法》第五十一条）"


class PublicationPeriodError(LedgerRuleError):
    rule = "PublicationPeriodWithinLimits"
    zh = "公示期限须在最短与最长期限之间"


class DuplicateEvaluationError(LedgerRuleError):
    rule = "OneEvaluationPerSubjectKindPeriod"
    zh = "同一对象同一类别同一年度只能有一次评价"


class EvaluationStepError(LedgerRuleError):
    rule = "EvaluationStepOutOfOrder"
    zh = "评价须按规定步骤依次进行"


class EvaluationStepDateError(LedgerRuleError):
    rule = "EvaluationStepsInDateOrder"
    zh = "评价各步骤的日期不得早于前一步骤"


class EvaluationKindStepError(LedgerRuleError):
    rule = "StepMatchesEvaluationKind"
    zh = "该步骤不属于此类评价"


class ObjectionWindowOpenError(LedgerRuleError):
    rule = "ObjectionWindowMustPass"
    zh = "异议期届满后评价结果方可生效"


class ObjectionPendingError(LedgerRuleError):
    rule = "NoEffectWhileObjectionPending"
    zh = "尚有未决异议时，评价结果不得生效"


class FinalFailBeforeRectificationError(LedgerRuleError):
    rule = "RectificationBeforeFinalFail"
    zh = "最终评为不合格之前，须先告知整改事项并给予整改机会"


class FinalPassWithoutRectificationError(LedgerRuleError):
    rule = "ProposedFailPassesOnlyThroughRectification"
    zh = "拟评为不合格的律师事务所，只有经整改告知并重新提交材料，或经主管人员书面更正拟定结果，方可最终评为合格"


class NoAppealableResultError(LedgerRuleError):
    rule = "AppealNeedsAResult"
    zh = "救济决定只能变更已有的结果"


class VariationChangesNothingError(LedgerRuleError):
    rule = "VariationChangesTheResult"
    zh = "变更后的结果须不同于现有结果"


class CaseFileReviewStepError(LedgerRuleError):
    rule = "CaseFileReviewStepsInOrder"
    zh = "案卷评查须按“抽取案卷—评分—结论”的顺序进行"


class PolicyVersionError(LedgerRuleError):
    rule = "PolicyVersionsMoveForward"
    zh = "政策版本名称不得重复，且生效日期须晚于上一版本"


class ComplaintStageError(LedgerRuleError):
    rule = "ComplaintLifecycleOrder"
    zh = "投诉须按受理、调查、办结、答复、评价的顺序办理"


class ComplaintStepDateError(LedgerRuleError):
    rule = "ComplaintStepsInDateOrder"
    zh = "投诉各环节的日期不得早于前一环节"


class ComplaintConversionError(LedgerRuleError):
    rule = "ConversionFollowsAcceptance"
    zh = "诉转案须在投诉受理之后、且只能转一次"


class IdempotencyConflictError(LedgerRuleError):
    rule = "CommandIdIdentifiesOneCommand"
    zh = "同一 command_id 只能对应同一条命令"


class ConcurrentModificationError(LedgerRuleError):
    rule = "OptimisticConcurrency"
    zh = "记录已被他人同时修改，请重试"


class NotarizationOfficeError(InvalidCommandError):
    rule = "NotarizationAtNotaryOffice"
    zh = "公证事项须由公证处的公证员办理"
    field = "office_id"


class NotarizationStageError(LedgerRuleError):
    rule = "NotarizationStepOutOfOrder"
    zh = "公证事项须按申请、受理、审查、审批、出证的顺序办理"


class NoIssuanceWithoutApprovalError(LedgerRuleError):
    rule = "NoIssuanceWithoutApproval"
    zh = "未经审批不得出具公证书"


class ApproverIsNotHandlerError(LedgerRuleError):
    rule = "ApproverIsNotHandler"
    zh = "承办公证员不得审批本人承办的公证事项"


class ApproverOfficeError(LedgerRuleError):
    rule = "ApproverBelongsToHandlingOffice"
    zh = "审批公证员须属于承办公证处或依协作安排协助办理的公证处"


class NotaryRelatedToPartyError(LedgerRuleError):
    rule = "NotaryRelatedToPartyCannotHandle"
    zh = "公证员不得办理本人或近亲属的公证事项（《公证法》第二十三条）"


class NotarizationEndedError(LedgerRuleError):
    rule = "EndOnlyBeforeIssuance"
    zh = "公证事项只能在出具公证书之前终止或撤回"


class ReviewerIsOriginalNotaryError(LedgerRuleError):
    rule = "ReviewByAnotherNotary"
    zh = "复查须由原承办公证员以外的公证员办理"


class ReviewWindowClosedError(LedgerRuleError):
    rule = "ReviewWithinWindow"
    zh = "复查申请须在收到公证书之日起一年内提出"


class ImportedRecordInvalidError(InvalidCommandError):
    rule = "ImportedRecordWellFormed"
    zh = "导入记录格式不正确"
    field = "records"


class RecordImportedOnceError(LedgerRuleError):
    rule = "ImportedOnce"
    zh = "同一来源系统的同一记录只能导入一次"


class HandlingNotaryError(LedgerRuleError):
    rule = "HandlerBelongsToOfficeOrAssists"
    zh = "承办公证员须属于本公证处，或依协作安排协助办理"


class SpotCheckPlanInvalidError(InvalidCommandError):
    rule = "SpotCheckPlanWellFormed"
    zh = "抽查计划的比例、名单或数字不正确"
    field = "quotas"


class SpotCheckStageError(LedgerRuleError):
    rule = "SpotCheckStepsInOrder"
    zh = "抽查须按拟定、批准、冻结名单、抽取的顺序进行"


class SpotCheckDrawsNothingError(LedgerRuleError):
    rule = "PlanDrawsSomething"
    zh = "抽查计划按现有记录抽不到任何对象，不予批准或冻结"


class RevealMismatchError(LedgerRuleError):
    rule = "RevealMatchesCommitment"
    zh = "公开的随机数须与批准时记录的承诺相符"


class CommitmentReusedError(LedgerRuleError):
    rule = "FreshCommitmentPerRound"
    zh = "每一轮抽取须使用新的随机数承诺"


class DrawCheckpointError(LedgerRuleError):
    rule = "SeedFromFirstCheckpointAfterFreeze"
    zh = "随机种子须取冻结名单后的第一个已签名检查点"


class DrawConstraintError(LedgerRuleError):
    """The draw cannot meet a rule for a target (named in `context`); it never bends one."""

    rule = "DrawConstraintsMet"
    zh = "抽取无法满足回避、人数等约束条件"


class DrawVoidError(LedgerRuleError):
    rule = "VoidBeforeInspectionsStart"
    zh = "只能在抽取所生成的检查开始之前作废本轮抽取"
