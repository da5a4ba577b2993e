"""Importing notarization records from an office's system, and the 错发 / 漏发 detectors that read
both the ledger's own matters and imported records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
)
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.values import (
    EventMeta,
    Label,
    normalize_number,
)
from domain.notarizations.commands import NotarizationCommands
from domain.notarizations.errors import (
    ImportedRecordInvalidError,
    RecordImportedOnceError,
)
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedNotarizationRecord,
    NotarizationImport,
)
from domain.notarizations.values import NotarizationStage

MAX_RECORDS_PER_IMPORT = 1000


@dataclass(frozen=True)
class IssuanceIrregularity:
    """A certificate that the ledger's own commands would have refused (错发)."""

    record: ImportedNotarizationRecord
    rule: str
    detail: str


@dataclass(frozen=True)
class ImportedMissedIssuance:
    """漏发 in an imported record: approved, never issued, past the issuance deadline."""

    record: ImportedNotarizationRecord
    due: date
    working_days_overdue: int


class NotarizationImportCommands(NotarizationCommands):
    # -- reads -------------------------------------------------------------------------------

    def get_notarization_import(self, import_id: UUID) -> NotarizationImport:
        return self._get(NotarizationImport, import_id, "notarization import")

    def get_imported_notarization(self, record_id: UUID) -> ImportedNotarizationRecord:
        return self._get(ImportedNotarizationRecord, record_id, "imported notarization record")

    def imported_notarizations(
        self, office_id: UUID | None = None
    ) -> list[ImportedNotarizationRecord]:
        records = self._all(
            ImportedNotarizationRecord, "ledger.ImportedNotarizationRecord.Recorded"
        )
        return [r for r in records if office_id is None or office_id in r.offices]

    def wrong_issuances(self) -> list[IssuanceIrregularity]:
        """错发: imported certificates issued with no approval before them, or approved by the
        handling notary. (Matters recorded through the ledger's commands cannot have either;
        tests/properties/notarizations/test_notarization_properties.py states that as a law.)"""
        return [
            IssuanceIrregularity(record, rule, detail)
            for record in self.imported_notarizations()
            for rule, detail in record.issuance_irregularities()
        ]

    def imported_missed_issuances(self, as_of: date) -> list[ImportedMissedIssuance]:
        """漏发 in imported records: the deadline is computed as for the ledger's own matters —
        the policy's working days after acceptance, paused (补正) working days added."""
        missed = []
        for record in self.imported_notarizations():
            accepted_on = record.accepted_on
            if record.stage is not NotarizationStage.APPROVED or accepted_on is None:
                continue
            paused = sum(
                self.calendar.working_days_between(since, until or as_of)
                for since, until in record.pauses()
            )
            policy = self.policy_on(accepted_on)
            due = self.calendar.add_working_days(
                accepted_on, policy.issuance_working_days + paused
            ).due
            if as_of > due:
                overdue = self.calendar.working_days_between(due, as_of)
                missed.append(ImportedMissedIssuance(record, due, overdue))
        return missed

    # -- the import --------------------------------------------------------------------------

    def import_notarizations(
        self, meta: EventMeta, source: Label, records: tuple[ImportedNotarization, ...]
    ) -> CommandResult:
        """Records what another system says happened, as it says it; rules are not judged here
        (that is the detectors' job), only form and references."""

        def decide() -> Decision:
            if not records or len(records) > MAX_RECORDS_PER_IMPORT:
                raise ImportedRecordInvalidError(
                    f"an import brings 1 to {MAX_RECORDS_PER_IMPORT} records, not {len(records)}"
                )
            seen: set[str] = set()
            imported = []
            batch_id = NotarizationImport.create_id(meta)
            for index, record in enumerate(records):
                record.check_well_formed(index, self.today())
                number = normalize_number(record.external_number)
                if number in seen:
                    raise ImportedRecordInvalidError(
                        f"{record.external_number} appears twice in this import",
                        field=f"records[{index}].external_number",
                    )
                seen.add(number)
                self._check_references(index, record)
                record_id = ImportedNotarizationRecord.create_id(source, record)
                if record_id in self.repository:
                    raise RecordImportedOnceError(
                        f"{source} record {record.external_number} was already imported",
                        existing_id=str(record_id),
                        external_number=record.external_number,
                    )
                imported.append(
                    ImportedNotarizationRecord(
                        meta=meta, import_id=batch_id, source=source, record=record
                    )
                )
            batch = NotarizationImport(
                meta=meta, source=source, record_ids=tuple(r.id for r in imported)
            )
            return batch.id, [batch, *imported]

        return self._execute(
            "ImportNotarizations", meta, {"source": source, "records": list(records)}, decide
        )

    def _check_references(self, index: int, record: ImportedNotarization) -> None:
        """The offices and notaries a record names are in the registry (a typo in an id would
        otherwise hide a record from every per-office report)."""
        where = f"records[{index}]"
        try:
            self._notary_office(record.office_id)
            if record.assisting_office_id is not None:
                self._notary_office(record.assisting_office_id)
            self._notary(record.handler_id, "handler_id")
            for step in record.steps:
                if step.notary_id is not None:
                    self._notary(step.notary_id, "notary_id")
        except (EntityNotFoundError, InvalidCommandError) as exc:
            # Unknown id or wrong kind: in an import both are errors in the input.
            raise ImportedRecordInvalidError(
                f"{record.external_number}: {exc.detail}", field=where
            ) from None
