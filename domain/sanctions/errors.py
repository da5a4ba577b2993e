"""The rules of sanction cases, as errors (the base classes are in domain/core/errors.py).

SanctionTermsInvalidError           InvalidCommandError     a fine has an amount, a suspension months, others neither
SanctionSubjectError                InvalidCommandError     only licensed persons and organizations are sanctioned
SuspensionStartInvalidError         InvalidCommandError     a decided suspension starts on or after the decision
CaseNumberTakenError                LedgerRuleError         a sanction case number 京兴司罚〔年〕N号 is used once
SanctionStageError                  LedgerRuleError         a sanction case moves through its stages in order
DecisionBeforeReviewError           SanctionStageError      no decision before the notice and the legal review
HearingPendingError                 SanctionStageError      a requested hearing is held before the legal review
HeavierThanNoticeError              SanctionStageError      a heavier penalty than the notice's needs a new notice
HearingRightError                   SanctionStageError      a suspension or revocation waits for the hearing right
SanctionKindNotApplicableError      LedgerRuleError         the authority matrix knows no such sanction for the subject
SanctionOutOfRangeError             LedgerRuleError         amounts and months within the statutory range
RepeatOffenceEscalatesError         LedgerRuleError         a repeat offence within the window is punished harder
PublicationPeriodError              LedgerRuleError         publication lasts between the minimum and maximum
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


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
