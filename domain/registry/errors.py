"""The rules of the registry, as errors (the base classes are in domain/core/errors.py).

RecordClosedError                   LedgerRuleError         nothing changes after revocation or deregistration
BeforeRegistrationError             LedgerRuleError         nothing is recorded about a subject before it existed
AlreadyAffiliatedError              LedgerRuleError         a person is in at most one organization at a time
NotAffiliatedError                  LedgerRuleError
AffiliationKindMismatchError        LedgerRuleError         a lawyer joins a law firm, a notary a notary office...
OrganizationNotOpenError            LedgerRuleError         no one joins a revoked or deregistered organization
OrganizationHasMembersError         LedgerRuleError         an organization with members is not deregistered
AlreadySuspendedError               LedgerRuleError
NotSuspendedError                   LedgerRuleError
InspectorStatusError                LedgerRuleError
"""

from __future__ import annotations

from domain.core.errors import LedgerRuleError


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
