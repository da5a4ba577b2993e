"""The errors every part of the ledger raises, at their roots.

    LedgerError                             the base of every error the ledger raises on purpose
    ├── EntityNotFoundError                 unknown id (HTTP 404)
    ├── InvalidCommandError                 input that can never be valid (HTTP 422)
    │   ├── EffectiveDateInFutureError      a fact is recorded from today or a past date
    │   ├── SuspensionPeriodInvalidError    a suspension must end after it starts
    │   ├── NothingToChangeError            a change that changes nothing is not recorded
    │   └── RectificationDueDateError       a rectification is due after it is ordered
    └── LedgerRuleError                     a rule of DOMAIN.md forbids it now (HTTP 409)
        ├── DuplicateRegistrationError      a business key (licence number, code) is used once
        ├── BasicPassNotEnabledError        基本合格 only where the policy enables it
        ├── ProposerCannotApproveError      four eyes: the proposer does not approve
        ├── PolicyVersionError              policy versions move forward, never back
        ├── IdempotencyConflictError        same command_id, different command
        └── ConcurrentModificationError     optimistic concurrency gave up after retries

Each capability defines its own rule errors beside the rules that raise them
(domain/<capability>/errors.py), under these roots. Every rule error carries the name of the
rule it enforces, so an API client, a log line and a test all speak of
`OnePersonOneOrganization`, not of an anonymous failure, and says the rule in one Chinese
sentence (`zh`) for the people who read it.
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


class LedgerRuleError(LedgerError):
    """A rule forbids the command in the current state of the record."""

    rule = "LedgerRule"
    zh = "该操作违反登记簿规则"


class DuplicateRegistrationError(LedgerRuleError):
    rule = "NumberUniquePerKind"
    zh = "同一类别的执业证号或登记号不得重复"


class RectificationDueDateError(InvalidCommandError):
    rule = "RectificationDueAfterOrder"
    zh = "整改期限须晚于责令整改之日"
    field = "due_on"


class BasicPassNotEnabledError(LedgerRuleError):
    rule = "BasicPassOnlyWhenPolicyEnables"
    zh = "只有政策启用时才可评定“基本合格”"


class ProposerCannotApproveError(LedgerRuleError):
    rule = "ProposerCannotApprove"
    zh = "提出人不得同时审批（双人复核）"


class PolicyVersionError(LedgerRuleError):
    rule = "PolicyVersionsMoveForward"
    zh = "政策版本名称不得重复，且生效日期须晚于上一版本"


class IdempotencyConflictError(LedgerRuleError):
    rule = "CommandIdIdentifiesOneCommand"
    zh = "同一 command_id 只能对应同一条命令"


class ConcurrentModificationError(LedgerRuleError):
    rule = "OptimisticConcurrency"
    zh = "记录已被他人同时修改，请重试"
