"""Importing notarization records from an office's system, and the 错发 / 漏发 detectors that read
both the ledger's own matters and imported records."""

from __future__ import annotations

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


class NotarizationImportCommands(NotarizationCommands):
    # -- reads -------------------------------------------------------------------------------

    def get_notarization_import(self, import_id: UUID) -> NotarizationImport:
        return self._get(NotarizationImport, import_id, "notarization import")

    def get_imported_notarization(self, record_id: UUID) -> ImportedNotarizationRecord:
        return self._get(ImportedNotarizationRecord, record_id, "imported notarization record")

    def imported_issuance_due(self, record: ImportedNotarizationRecord, as_of: date) -> date | None:
        """When an imported record approved and never issued was due for issuance, as of a day:
        computed as for the ledger's own matters — the policy's working days after acceptance,
        paused (补正) working days added (a pause still open counts up to `as_of`). None for a
        record not in that state (漏发 is such a record past its due day)."""
        accepted_on = record.accepted_on
        if record.stage is not NotarizationStage.APPROVED or accepted_on is None:
            return None
        paused = sum(
            self.calendar.working_days_between(since, until or as_of)
            for since, until in record.pauses()
        )
        policy = self.policy_on(accepted_on)
        return self.calendar.add_working_days(
            accepted_on, policy.issuance_working_days + paused
        ).due

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
