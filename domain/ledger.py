"""ComplianceLedger: the command side. Every method is get -> act on aggregates -> save once.

Each part of the regulatory record contributes its commands as a mixin over `LedgerCore`, which
owns the command pipeline (idempotency, retries, log positions).
"""

from __future__ import annotations

from domain.appeal_commands import AppealCommands
from domain.case_file_review_commands import CaseFileReviewCommands
from domain.complaint_commands import ComplaintCommands
from domain.core import CommandResult, Decision, LedgerCore
from domain.evaluation_commands import EvaluationCommands
from domain.inspection_commands import InspectionCommands
from domain.notarization_import_commands import NotarizationImportCommands
from domain.policy_commands import PolicyCommands
from domain.registry_commands import Licensee, RegistryCommands
from domain.sanction_commands import SanctionCommands
from domain.spot_check_commands import SpotCheckCommands
from domain.token_commands import IssuedToken, TokenCommands

__all__ = ["CommandResult", "ComplianceLedger", "Decision", "IssuedToken", "LedgerCore", "Licensee"]


class ComplianceLedger(
    RegistryCommands,
    SpotCheckCommands,  # before InspectionCommands, which it builds on
    InspectionCommands,
    EvaluationCommands,
    SanctionCommands,
    AppealCommands,
    ComplaintCommands,
    NotarizationImportCommands,
    CaseFileReviewCommands,
    TokenCommands,  # before PolicyCommands, which it builds on (the token validity period)
    PolicyCommands,
):
    name = "ledger"  # names the PostgreSQL events table: ledger_events
