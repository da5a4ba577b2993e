"""Inspections 检查: plan, assign at least two inspectors, record findings per checklist item,
record the result, follow it up (rectification 整改 or referral for sanction), publish, close.

    Planned -> InspectorsAssigned -> Conducted -> ResultRecorded
        -> (RectificationOrdered -> RectificationVerified | ReferredForSanction)
        -> Published -> Closed

The result must be published within 20 working days of the inspection ending [law], and a
rectification period can run longer than that, so publication does not wait for the follow-up:
a rectification ordered before publication is verified (or referred) after it, and the record
is closed only when both are settled. `status` is derived from what has been recorded.

An inspection result is an appeal target (行政复议 / 行政诉讼): `appealable_on`, `appeal_kind`,
`vary_on_appeal`, `annul_on_appeal`, `withdraw_publication`.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.core.base import unused_created_event
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    business_id,
)
from domain.inspections.checklists import (
    Checklist,
    SubjectKind,
)
from domain.inspections.procedure import InspectionProcedure
from domain.inspections.rules import check_source_cited
from domain.inspections.values import (
    Finding,
    InspectionKind,
    InspectionResult,
)


class Inspection(InspectionProcedure, Aggregate):
    TOPIC = "ledger.Inspection"

    Created = unused_created_event("Inspection")

    appeal_kind = "inspection"

    @staticmethod
    def create_id(meta: EventMeta) -> UUID:
        # One planning command creates one inspection: its command_id is the natural key.
        return business_id("inspection", meta.command_id)

    # -- planning ------------------------------------------------------------------------------

    @classmethod
    def plan(
        cls,
        meta: EventMeta,
        kind: InspectionKind,
        subject_id: UUID,
        subject_kind: SubjectKind,
        checklist: Checklist,
        checklist_version: int | None,
        policy: Policy,
        supervising_unit: str | None = None,
        source_ref: str | None = None,
        inspection_id: UUID | None = None,
    ) -> Inspection:
        """`inspection_id`: for a command that plans several (a spot-check draw plans one per
        drawn target); by default the id follows from the command."""
        check_source_cited(kind, source_ref)
        checklist.check_for_kind(subject_kind)
        version = checklist.get_version(checklist_version)
        if kind is InspectionKind.ANNUAL and subject_kind is OrganizationKind.LAW_FIRM:
            Checklist.check_covers_categories(version, policy.law_firm_annual_inspection_categories)
        return cls._create(  # type: ignore[return-value]
            cls.Planned,  # type: ignore[attr-defined]
            id=inspection_id,
            meta=meta,
            kind=kind,
            subject_id=subject_id,
            subject_kind=subject_kind,
            supervising_unit=supervising_unit,
            source_ref=source_ref,
            checklist_id=checklist.id,
            checklist_version=version.version,
            item_ids=version.item_ids,
            policy_version=policy.version,
        )

    @event("Planned", topic="ledger.Inspection.Planned")
    def __init__(
        self,
        meta: EventMeta,
        kind: InspectionKind,
        subject_id: UUID,
        subject_kind: SubjectKind,
        supervising_unit: str | None,
        source_ref: str | None,
        checklist_id: UUID,
        checklist_version: int,
        item_ids: tuple[str, ...],
        policy_version: str,
    ) -> None:
        self.kind = kind
        self.subject_id = subject_id
        self.subject_kind = subject_kind
        self.supervising_unit = supervising_unit  # the unit that supervises the subject
        self.source_ref = source_ref  # complaint or draw that triggered it
        self.checklist_id = checklist_id
        self.checklist_version = checklist_version
        self.item_ids = item_ids  # of that version: later versions never change them
        self.planned_on = meta.effective_on
        self.last_step_on = meta.effective_on
        self.inspector_ids: tuple[UUID, ...] = ()
        self.recused: dict[UUID, bool] = {}  # inspector -> requested by a party
        self.findings: dict[str, Finding] = {}
        self.result: InspectionResult | None = None
        self.summary: str | None = None
        self.concluded_on: date | None = None
        self.publication_due: date | None = None
        self.publication_provisional = False
        self.publication_working_days: int | None = None
        self.appealable_on: date | None = None
        self.rectification_ordered_on: date | None = None
        self.rectification_due: date | None = None
        self.rectification_requirements: str | None = None
        self.rectification_passed: bool | None = None  # None: not verified yet
        self.rectification_verified_on: date | None = None
        self.referred_on: date | None = None
        self.sanction_case_id: UUID | None = None
        self.published_on: date | None = None
        self.published_late = False
        self.publication_withdrawn_on: date | None = None
        self.closed_on: date | None = None
        self.annulled = False
        self.appeals: tuple[UUID, ...] = ()  # appeals that varied or annulled the result
        self.cancelled_on: date | None = None

    # -- state ---------------------------------------------------------------------------------

    # -- commands ------------------------------------------------------------------------------

    # -- appeal target protocol ----------------------------------------------------------------

    # -- checks --------------------------------------------------------------------------------

    # -- events: state only ------------------------------------------------------------------

    @event("InspectorsAssigned", topic="ledger.Inspection.InspectorsAssigned")
    def _assign_inspectors(
        self, meta: EventMeta, inspector_ids: tuple[UUID, ...], policy_version: str
    ) -> None:
        self.inspector_ids = (*self.inspector_ids, *inspector_ids)
        self.last_step_on = meta.effective_on

    @event("InspectorRecused", topic="ledger.Inspection.InspectorRecused")
    def _recuse(self, meta: EventMeta, inspector_id: UUID, requested_by_party: bool) -> None:
        self.inspector_ids = tuple(i for i in self.inspector_ids if i != inspector_id)
        self.recused[inspector_id] = requested_by_party
        self.last_step_on = meta.effective_on

    @event("FindingsRecorded", topic="ledger.Inspection.FindingsRecorded")
    def _record_findings(
        self,
        meta: EventMeta,
        findings: tuple[Finding, ...],
        inspector_ids: tuple[UUID, ...],
        policy_version: str,
    ) -> None:
        for finding in findings:
            self.findings[finding.item_id] = finding
        self.last_step_on = meta.effective_on

    @event("ResultRecorded", topic="ledger.Inspection.ResultRecorded")
    def _record_result(
        self,
        meta: EventMeta,
        result: InspectionResult,
        summary: str,
        publication_due: date,
        provisional: bool,
        publication_working_days: int,
        policy_version: str,
    ) -> None:
        self.result = result
        self.summary = summary
        self.concluded_on = meta.effective_on
        self.appealable_on = meta.effective_on  # notified to the subject at conclusion
        self.publication_due = publication_due
        self.publication_provisional = provisional
        self.publication_working_days = publication_working_days
        self.last_step_on = meta.effective_on

    @event("RectificationOrdered", topic="ledger.Inspection.RectificationOrdered")
    def _order_rectification(self, meta: EventMeta, due_on: date, requirements: str) -> None:
        self.rectification_ordered_on = meta.effective_on
        self.rectification_due = due_on
        self.rectification_requirements = requirements
        self.rectification_passed = None
        self.rectification_verified_on = None
        self.last_step_on = meta.effective_on

    @event("RectificationVerified", topic="ledger.Inspection.RectificationVerified")
    def _verify_rectification(self, meta: EventMeta, passed: bool) -> None:
        self.rectification_passed = passed
        self.rectification_verified_on = meta.effective_on
        self.last_step_on = meta.effective_on

    @event("ReferredForSanction", topic="ledger.Inspection.ReferredForSanction")
    def _refer_for_sanction(self, meta: EventMeta, case_id: UUID | None) -> None:
        self.referred_on = meta.effective_on
        self.sanction_case_id = case_id
        self.last_step_on = meta.effective_on

    @event("Published", topic="ledger.Inspection.Published")
    def _publish(self, meta: EventMeta, publication_due: date, late: bool) -> None:
        self.published_on = meta.effective_on
        self.published_late = late
        self.last_step_on = meta.effective_on

    @event("Cancelled", topic="ledger.Inspection.Cancelled")
    def _cancel(self, meta: EventMeta, cause: str) -> None:
        self.cancelled_on = meta.effective_on

    @event("Closed", topic="ledger.Inspection.Closed")
    def _close(self, meta: EventMeta) -> None:
        self.closed_on = meta.effective_on
        self.last_step_on = meta.effective_on

    @event("VariedOnAppeal", topic="ledger.Inspection.VariedOnAppeal")
    def _vary_on_appeal(
        self, meta: EventMeta, appeal_id: UUID, result: InspectionResult, summary: str
    ) -> None:
        self.result = result
        self.summary = summary
        self.appeals = (*self.appeals, appeal_id)

    @event("AnnulledOnAppeal", topic="ledger.Inspection.AnnulledOnAppeal")
    def _annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None:
        self.annulled = True
        self.appeals = (*self.appeals, appeal_id)

    @event("PublicationWithdrawn", topic="ledger.Inspection.PublicationWithdrawn")
    def _withdraw_publication(self, meta: EventMeta, due: date) -> None:
        self.published_on = None
        self.publication_withdrawn_on = meta.effective_on
