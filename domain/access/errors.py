"""The rules of tokens, as errors (the base classes are in domain/core/errors.py).

TokenRevokedError                   LedgerRuleError         a token is revoked once (rotation revokes it too)
TokenValidityError                  InvalidCommandError     a token is valid for 1 day to 10 years
"""

from __future__ import annotations

from domain.core.errors import InvalidCommandError, LedgerRuleError


class TokenRevokedError(LedgerRuleError):
    rule = "TokenRevokedOnce"
    zh = "令牌只能撤销一次"


class TokenValidityError(InvalidCommandError):
    rule = "TokenValidityWithinLimits"
    zh = "令牌有效期须为1天至10年"
    field = "valid_days"
