"""CaseFileReview commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class CaseFileReviewCommands(PolicyCommands):
    """The case file reviews part of issue #4."""
