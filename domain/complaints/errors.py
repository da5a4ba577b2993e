"""The rules of complaints, as errors (the base classes are in domain/core/errors.py).

ComplaintStageError                 LedgerRuleError         a complaint moves through its lifecycle in order
ComplaintStepDateError              LedgerRuleError         each complaint step is dated on or after the one before
ComplaintConversionError            LedgerRuleError         诉转案 once, from an accepted complaint against a subject
"""

from __future__ import annotations

from domain.core.errors import LedgerRuleError


class ComplaintStageError(LedgerRuleError):
    rule = "ComplaintLifecycleOrder"
    zh = "投诉须按受理、调查、办结、答复、评价的顺序办理"


class ComplaintStepDateError(LedgerRuleError):
    rule = "ComplaintStepsInDateOrder"
    zh = "投诉各环节的日期不得早于前一环节"


class ComplaintConversionError(LedgerRuleError):
    rule = "ConversionFollowsAcceptance"
    zh = "诉转案须在投诉受理之后、且只能转一次"
