"""Evaluation commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class EvaluationCommands(PolicyCommands):
    """Filled in by the evaluations work of issue #3."""
