"""Complaint commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class ComplaintCommands(PolicyCommands):
    """The complaints part of issue #4."""
