"""The rules of evaluations and ratings, as errors (the base classes are in domain/core/errors.py).

EvaluationPeriodError               InvalidCommandError     an evaluation covers a year that has ended
EvaluationSubjectError              InvalidCommandError     integrity grades for appraisal institutions, ...
EvaluatorsInvalidError              InvalidCommandError     one bureau, or two districts jointly, named once each
ScoreOutOfRangeError                InvalidCommandError     points within the item's maximum; a total within scale
ScoreSheetInvalidError              InvalidCommandError     item ids unique; item maxima add up to the scale
VariedResultInvalidError            InvalidCommandError     a varied evaluation names a result of its own kind
DuplicateEvaluationError            LedgerRuleError         one evaluation per subject, kind and period
EvaluationStepError                 LedgerRuleError         evaluation steps in order (self -> initial -> final...)
EvaluationStepDateError             LedgerRuleError         each evaluation step is dated on or after the one before
EvaluationKindStepError             LedgerRuleError         a step belongs to one kind of evaluation
ObjectionWindowOpenError            LedgerRuleError         a grade takes effect after its objection window
ObjectionPendingError               LedgerRuleError         ... and after every objection to it is decided
FinalFailBeforeRectificationError   LedgerRuleError         a final 不合格 follows a rectification chance
FinalPassWithoutRectificationError  LedgerRuleError
NoAppealableResultError             LedgerRuleError         an appeal decision changes an existing result
VariationChangesNothingError        LedgerRuleError         a varied result differs from the current one
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


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
