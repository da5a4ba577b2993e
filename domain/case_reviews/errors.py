"""The rules of case-file reviews, as errors (the base classes are in domain/core/errors.py).

CaseFileScoreError                  InvalidCommandError     a case-file score that can never be valid
CaseFileReviewStepError             LedgerRuleError         sample, then scores, then the conclusion
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


class CaseFileScoreError(InvalidCommandError):
    rule = "CaseFileScoresWellFormed"
    zh = "案卷评分格式不正确"


class CaseFileReviewStepError(LedgerRuleError):
    rule = "CaseFileReviewStepsInOrder"
    zh = "案卷评查须按“抽取案卷—评分—结论”的顺序进行"
