"""The rules of notarization matters and imports, as errors (the base classes are in domain/core/errors.py).

NotarizationOfficeError             InvalidCommandError     a notarization is at a notary office, by a notary
NotarizationStageError              LedgerRuleError         a notarization moves through its stages in order
NoIssuanceWithoutApprovalError      LedgerRuleError         no certificate without an approval on the record
ApproverIsNotHandlerError           LedgerRuleError         the approver is not the handling notary
ApproverOfficeError                 LedgerRuleError         the approver belongs to the handling or assisting office
NotaryRelatedToPartyError           LedgerRuleError         a notary related to a party does not handle it [art. 23]
NotarizationEndedError              LedgerRuleError         termination and withdrawal only before issuance
ReviewerIsOriginalNotaryError       LedgerRuleError         a review is done by another notary
ReviewWindowClosedError             LedgerRuleError         a review is requested within 1 year of receipt
ImportedRecordInvalidError          InvalidCommandError     an imported record is well formed (steps in order...)
RecordImportedOnceError             LedgerRuleError         a source system's record is imported once
HandlingNotaryError                 LedgerRuleError         the handler belongs to the office or assists it
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


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
