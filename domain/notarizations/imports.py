"""Notarization records imported from a notary office's own case system (公证业务管理系统).

A matter handled through the ledger's commands cannot get a certificate without an approval on
the record: `NotarizationMatter.issue_certificate` refuses it. Records that arrive by import are
the office's account of what it did elsewhere; the ledger keeps them exactly as received, checks
only that they are well formed, and then *detects* what the commands would have refused:

- 错发 wrong issuance: a certificate with no approval dated on or before it (NoIssuanceWithoutApproval),
  or approved by the handling notary (ApproverIsNotHandler);
- 漏发 missed issuance: approved, never issued, past the issuance deadline (found by the caller,
  which owns the calendar).

One import command writes a `NotarizationImport` (the batch: source, who, why) and one
`ImportedNotarizationRecord` per record, in one transaction. A record's id is derived from its
source system and external number, so the same record is imported once.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field

from domain.core.base import unused_created_event
from domain.core.values import (
    EventMeta,
    Label,
    business_id,
    normalize_number,
    stable_topic,
)
from domain.notarizations.errors import ImportedRecordInvalidError
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
)

ENDED = frozenset(
    {NotarizationStage.REFUSED, NotarizationStage.TERMINATED, NotarizationStage.WITHDRAWN}
)
IMPORTABLE_STAGES = frozenset(
    {
        NotarizationStage.APPLIED,
        NotarizationStage.ACCEPTED,
        NotarizationStage.AWAITING_MATERIALS,
        NotarizationStage.EXAMINED,
        NotarizationStage.APPROVED,
        NotarizationStage.CERTIFICATE_ISSUED,
        *ENDED,
    }
)


@stable_topic("ledger.value.ImportedStep")
class ImportedStep(BaseModel):
    """One step as the source system recorded it. `notary_id` names the approver on an
    `approved` step; `certificate_number` is given on the `certificate_issued` step."""

    model_config = ConfigDict(frozen=True)

    stage: NotarizationStage
    on: date
    notary_id: UUID | None = None
    certificate_number: Label | None = None


@stable_topic("ledger.value.ImportedNotarization")
class ImportedNotarization(BaseModel):
    model_config = ConfigDict(frozen=True)

    external_number: Label = Field(description="the matter's number in the source system")
    office_id: UUID
    matter_type: NotarizationType
    handler_id: UUID
    assisting_office_id: UUID | None = None
    steps: tuple[ImportedStep, ...] = Field(min_length=1)

    def check_well_formed(self, index: int, today: date) -> None:
        """ImportedRecordWellFormed: starts with the application, steps dated in order and not
        in the future, only matter stages, nothing after an ending, an approval names its
        approver, a certificate its number, at most one certificate."""

        def refuse(message: str, step: int | None = None) -> None:
            where = f"records[{index}]" + (f".steps[{step}]" if step is not None else "")
            raise ImportedRecordInvalidError(
                f"{self.external_number}: {message}",
                field=where,
                external_number=self.external_number,
            )

        if self.steps[0].stage is not NotarizationStage.APPLIED:
            refuse("the first step is the application (applied)", 0)
        issued = 0
        for n, step in enumerate(self.steps):
            if step.stage not in IMPORTABLE_STAGES:
                refuse(f"{step.stage.value} is not importable (reviews are recorded here)", n)
            if step.on > today:
                refuse(f"dated {step.on}, in the future", n)
            if n and step.on < self.steps[n - 1].on:
                refuse("steps are dated in order", n)
            if n and self.steps[n - 1].stage in ENDED:
                refuse(f"nothing follows {self.steps[n - 1].stage.value}", n)
            if step.stage is NotarizationStage.APPROVED and step.notary_id is None:
                refuse("an approval names its approver (notary_id)", n)
            if step.stage is NotarizationStage.CERTIFICATE_ISSUED:
                issued += 1
                if step.certificate_number is None:
                    refuse("an issued certificate has its number", n)
        if issued > 1:
            refuse("a matter has at most one certificate")


class NotarizationImport(Aggregate):
    """One import batch: from which system, by whom, why; the records it brought."""

    TOPIC = "ledger.NotarizationImport"
    Created = unused_created_event("NotarizationImport")

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        return business_id("notarization-import", meta.command_id)

    @event("Imported", topic="ledger.NotarizationImport.Imported")
    def __init__(self, meta: EventMeta, source: str, record_ids: tuple[UUID, ...]) -> None:
        self.source = source
        self.record_ids = record_ids
        self.imported_on = meta.effective_on


class ImportedNotarizationRecord(Aggregate):
    """A notarization matter as another system recorded it; never changed afterwards."""

    TOPIC = "ledger.ImportedNotarizationRecord"
    Created = unused_created_event("ImportedNotarizationRecord")

    @staticmethod
    def create_id(source: str, record: ImportedNotarization) -> UUID:
        return business_id(
            "imported-notarization",
            normalize_number(source),
            normalize_number(record.external_number),
        )

    @event("Recorded", topic="ledger.ImportedNotarizationRecord.Recorded")
    def __init__(
        self, meta: EventMeta, import_id: UUID, source: str, record: ImportedNotarization
    ) -> None:
        self.import_id = import_id
        self.source = source
        self.record = record

    # -- what the record says ---------------------------------------------------------------

    def _first(self, stage: NotarizationStage) -> ImportedStep | None:
        return next((s for s in self.record.steps if s.stage is stage), None)

    @property
    def external_number(self) -> str:
        return self.record.external_number

    @property
    def office_id(self) -> UUID:
        return self.record.office_id

    @property
    def offices(self) -> tuple[UUID, ...]:
        assisting = self.record.assisting_office_id
        return (self.office_id,) if assisting is None else (self.office_id, assisting)

    @property
    def handler_id(self) -> UUID:
        return self.record.handler_id

    @property
    def stage(self) -> NotarizationStage:
        return self.record.steps[-1].stage

    @property
    def accepted_on(self) -> date | None:
        step = self._first(NotarizationStage.ACCEPTED)
        return step.on if step else None

    @property
    def approval(self) -> ImportedStep | None:
        return self._first(NotarizationStage.APPROVED)

    @property
    def issuance(self) -> ImportedStep | None:
        return self._first(NotarizationStage.CERTIFICATE_ISSUED)

    def pauses(self) -> list[tuple[date, date | None]]:
        """(paused since, resumed on) for each 补正; an open pause has no end."""
        found: list[tuple[date, date | None]] = []
        since: date | None = None
        for step in self.record.steps:
            if step.stage is NotarizationStage.AWAITING_MATERIALS and since is None:
                since = step.on
            elif since is not None and step.stage is not NotarizationStage.AWAITING_MATERIALS:
                found.append((since, step.on))
                since = None
        if since is not None:
            found.append((since, None))
        return found

    def issuance_irregularities(self) -> list[tuple[str, str]]:
        """(rule, detail) for each way this record's certificate breaks the approval rules."""
        issuance = self.issuance
        if issuance is None:
            return []
        issued_at = self.record.steps.index(issuance)
        approval = self.approval
        if approval is None or self.record.steps.index(approval) > issued_at:
            return [
                (
                    "NoIssuanceWithoutApproval",
                    f"certificate {issuance.certificate_number} issued on {issuance.on} with no "
                    "approval on the record before it",
                )
            ]
        if approval.notary_id == self.handler_id:
            return [
                (
                    "ApproverIsNotHandler",
                    f"certificate {issuance.certificate_number} approved on {approval.on} by the "
                    "handling notary",
                )
            ]
        return []
