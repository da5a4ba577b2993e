"""Notarization commands on ComplianceLedger."""

from __future__ import annotations

from domain.policy_commands import PolicyCommands


class NotarizationCommands(PolicyCommands):
    """The notarizations part of issue #4."""
