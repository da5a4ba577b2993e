"""Sanction commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class SanctionCommands(PolicyCommands):
    """Filled in by the sanctions work of issue #3."""
