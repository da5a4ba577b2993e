"""The rules of appeals, as errors (the base classes are in domain/core/errors.py).

VariedDecisionIncompleteError       InvalidCommandError     a varied appeal decision says what the result becomes
AppealWindowClosedError             LedgerRuleError         an appeal is filed within its window
AppealTargetError                   LedgerRuleError         the kind of appeal lies against that kind of result
AppealStepError                     LedgerRuleError         filed -> accepted | rejected -> decided
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


class VariedDecisionIncompleteError(InvalidCommandError):
    rule = "VariedDecisionSaysWhatChanges"
    zh = "“变更”的救济决定须写明结果改为什么"
    field = "new_result"


class AppealWindowClosedError(LedgerRuleError):
    rule = "AppealFiledWithinWindow"
    zh = "救济申请须在法定或规定期限内提出"


class AppealTargetError(LedgerRuleError):
    rule = "AppealKindFitsTarget"
    zh = "该类救济不适用于此类结果"


class AppealStepError(LedgerRuleError):
    rule = "AppealStepsInOrder"
    zh = "救济须按“提出—受理或不予受理—决定”的顺序办理"
