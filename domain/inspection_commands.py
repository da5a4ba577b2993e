"""Inspection commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class InspectionCommands(PolicyCommands):
    """Filled in by the inspections work of issue #3."""
