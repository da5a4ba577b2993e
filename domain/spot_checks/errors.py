"""The rules of spot checks and the draw, as errors (the base classes are in domain/core/errors.py).

SpotCheckPlanInvalidError           InvalidCommandError     a spot-check plan's quotas, pools and numbers make sense
SpotCheckStageError                 LedgerRuleError         propose -> approve -> freeze -> draw (-> void -> ...)
SpotCheckDrawsNothingError          LedgerRuleError         a plan is approved and frozen only if it draws a target
RevealMismatchError                 LedgerRuleError         the revealed seed value hashes to the commitment
CommitmentReusedError               LedgerRuleError         each draw round has a fresh seed commitment
DrawCheckpointError                 LedgerRuleError         the seed uses the first checkpoint after the freeze
DrawConstraintError                 LedgerRuleError         every drawn target gets enough unconflicted inspectors
DrawVoidError                       LedgerRuleError         a draw is voided only before its inspections start
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


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
