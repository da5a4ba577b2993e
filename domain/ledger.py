"""ComplianceLedger: the command side. Every method is get -> act on aggregates -> save once.

Each part of the regulatory record contributes its commands as a mixin over `LedgerCore`, which
owns the command pipeline (idempotency, retries, log positions).
"""

from __future__ import annotations

from domain.access.commands import (
    IssuedToken,
    TokenCommands,
)
from domain.appeals.commands import AppealCommands
from domain.case_reviews.commands import CaseFileReviewCommands
from domain.complaints.commands import ComplaintCommands
from domain.core.pipeline import (
    CommandResult,
    Decision,
    LedgerCore,
)
from domain.core.policy_commands import PolicyCommands
from domain.evaluations.commands import EvaluationCommands
from domain.inspections.commands import InspectionCommands
from domain.notarizations.import_commands import NotarizationImportCommands
from domain.registry.commands import (
    Licensee,
    RegistryCommands,
)
from domain.sanctions.commands import SanctionCommands
from domain.spot_checks.commands import SpotCheckCommands

__all__ = ["CommandResult", "ComplianceLedger", "Decision", "IssuedToken", "LedgerCore", "Licensee"]


class ComplianceLedger(  # each capability before the ones it builds on
    AppealCommands,
    SpotCheckCommands,
    EvaluationCommands,
    ComplaintCommands,
    SanctionCommands,
    InspectionCommands,
    NotarizationImportCommands,
    CaseFileReviewCommands,
    RegistryCommands,
    TokenCommands,
    PolicyCommands,
):
    name = "ledger"  # names the PostgreSQL events table: ledger_events
