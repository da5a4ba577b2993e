"""Inspection commands on ComplianceLedger: checklists, inspectors' conflicts of interest,
inspections from planning to closing, and the overdue list (publication and rectification).

Reads scan the log by topic (fine at a district's size); stored views replace them later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.core.calendar import Deadline
from domain.core.errors import EntityNotFoundError
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy_commands import PolicyCommands
from domain.core.values import EventMeta
from domain.inspections.checklists import (
    Checklist,
    ChecklistItem,
    ChecklistVersion,
    SubjectKind,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    InspectionKind,
    InspectionResult,
)
from domain.registry.commands import RegistryCommands
from domain.registry.inspectors import Inspector
from domain.registry.organizations import Organization
from domain.registry.practitioners import Practitioner

Subject = Organization | Practitioner


class InspectionCommands(RegistryCommands, PolicyCommands):
    # -- checklists ----------------------------------------------------------------------------

    def get_checklist(self, checklist_id: UUID) -> Checklist:
        return self._get(Checklist, checklist_id, "checklist")

    def publish_checklist(
        self,
        meta: EventMeta,
        kind: SubjectKind,
        code: str,
        title: str,
        items: Sequence[ChecklistItem],
    ) -> CommandResult:
        """Publish the next version of the (kind, code) checklist, opening it the first time."""

        def decide() -> Decision:
            checklist_id = Checklist.create_id(kind, code)
            try:
                checklist = self.get_checklist(checklist_id)
            except EntityNotFoundError:
                checklist = Checklist(meta=meta, kind=kind, code=code)
            checklist.publish(meta, title, items)
            return checklist.id, [checklist]

        args = {"kind": kind, "code": code.strip().lower(), "title": title, "items": list(items)}
        return self._execute("PublishChecklist", meta, args, decide)

    # -- inspectors' conflicts of interest -----------------------------------------------------

    def declare_inspector_conflict(
        self, meta: EventMeta, inspector_id: UUID, subject_id: UUID, reason: str
    ) -> CommandResult:
        def decide() -> Decision:
            inspector = self._get(Inspector, inspector_id, "inspector")
            self.get_subject(subject_id)
            inspector.declare_conflict(meta, subject_id, reason)
            return inspector.id, [inspector]

        args = {"id": inspector_id, "subject_id": subject_id, "conflict": reason}
        return self._execute("DeclareInspectorConflict", meta, args, decide)

    def record_inspector_previous_employment(
        self, meta: EventMeta, inspector_id: UUID, organization_id: UUID
    ) -> CommandResult:
        def decide() -> Decision:
            inspector = self._get(Inspector, inspector_id, "inspector")
            self._get(Organization, organization_id, "organization")
            inspector.record_previous_employment(meta, organization_id)
            return inspector.id, [inspector]

        args = {"id": inspector_id, "organization_id": organization_id}
        return self._execute("RecordInspectorPreviousEmployment", meta, args, decide)

    # -- inspections ---------------------------------------------------------------------------

    def get_inspection(self, inspection_id: UUID) -> Inspection:
        return self._get(Inspection, inspection_id, "inspection")

    def checklist_version_of(self, inspection: Inspection) -> ChecklistVersion:
        """The checklist version the inspection was planned against (never a later one)."""
        return self.get_checklist(inspection.checklist_id).get_version(inspection.checklist_version)

    def plan_inspection(
        self,
        meta: EventMeta,
        kind: InspectionKind,
        subject_id: UUID,
        checklist_id: UUID,
        checklist_version: int | None = None,
        supervising_unit: str | None = None,
        source_ref: str | None = None,
    ) -> CommandResult:
        def decide() -> Decision:
            subject = self.get_subject(subject_id)
            subject.check_not_deregistered()
            subject.check_existed_on(meta.effective_on)
            inspection = Inspection.plan(
                meta,
                kind,
                subject.id,
                subject.kind,
                self.get_checklist(checklist_id),
                checklist_version,
                self.policy_on(meta.effective_on),
                supervising_unit=supervising_unit,
                source_ref=source_ref,
            )
            return inspection.id, [inspection]

        args = {
            "kind": kind,
            "subject_id": subject_id,
            "checklist_id": checklist_id,
            "checklist_version": checklist_version,
            "supervising_unit": supervising_unit,
            "source_ref": source_ref,
        }
        return self._execute("PlanInspection", meta, args, decide)

    def assign_inspectors(
        self, meta: EventMeta, inspection_id: UUID, inspector_ids: Sequence[UUID]
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspectors = [self._get(Inspector, i, "inspector") for i in inspector_ids]
            subject = self.get_subject(inspection.subject_id)
            related = [subject.id]
            if isinstance(subject, Practitioner) and subject.organization_id is not None:
                related.append(subject.organization_id)
            policy = self.policy_on(meta.effective_on)
            inspection.assign_inspectors(meta, inspectors, related, policy)
            return inspection.id, [inspection]

        args = {"id": inspection_id, "inspector_ids": list(inspector_ids)}
        return self._execute("AssignInspectors", meta, args, decide)

    def recuse_inspector(
        self,
        meta: EventMeta,
        inspection_id: UUID,
        inspector_id: UUID,
        requested_by_party: bool,
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspection.recuse(meta, inspector_id, requested_by_party)
            return inspection.id, [inspection]

        args = {
            "id": inspection_id,
            "inspector_id": inspector_id,
            "requested_by_party": requested_by_party,
        }
        return self._execute("RecuseInspector", meta, args, decide)

    def record_findings(
        self,
        meta: EventMeta,
        inspection_id: UUID,
        findings: Sequence[Finding],
        inspector_ids: Sequence[UUID],
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            policy = self.policy_on(meta.effective_on)
            inspection.record_findings(meta, findings, inspector_ids, policy)
            return inspection.id, [inspection]

        args = {
            "id": inspection_id,
            "findings": list(findings),
            "inspector_ids": list(inspector_ids),
        }
        return self._execute("RecordFindings", meta, args, decide)

    def record_inspection_result(
        self, meta: EventMeta, inspection_id: UUID, result: InspectionResult, summary: str
    ) -> CommandResult:
        """Conclude: the publication deadline runs from the conclusion date in working days."""

        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            policy = self.policy_on(meta.effective_on)
            deadline = self.calendar.add_working_days(
                meta.effective_on, policy.inspection_publication_working_days
            )
            inspection.record_result(meta, result, summary, deadline, policy)
            return inspection.id, [inspection]

        args = {"id": inspection_id, "result": result, "summary": summary}
        return self._execute("RecordInspectionResult", meta, args, decide)

    def order_rectification(
        self, meta: EventMeta, inspection_id: UUID, due_on: date, requirements: str
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspection.order_rectification(meta, due_on, requirements)
            return inspection.id, [inspection]

        args = {"id": inspection_id, "due_on": due_on, "requirements": requirements}
        return self._execute("OrderRectification", meta, args, decide)

    def verify_rectification(
        self, meta: EventMeta, inspection_id: UUID, passed: bool
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspection.verify_rectification(meta, passed)
            return inspection.id, [inspection]

        args = {"id": inspection_id, "passed": passed}
        return self._execute("VerifyRectification", meta, args, decide)

    def refer_inspection_for_sanction(
        self, meta: EventMeta, inspection_id: UUID, case_id: UUID | None = None
    ) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspection.refer_for_sanction(meta, case_id)
            return inspection.id, [inspection]

        args = {"id": inspection_id, "case_id": case_id}
        return self._execute("ReferInspectionForSanction", meta, args, decide)

    def publish_inspection(self, meta: EventMeta, inspection_id: UUID) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            deadline = self.inspection_publication_deadline(inspection)
            # Without a result there is no deadline; publish() refuses with the stage rule.
            inspection.publish(meta, deadline or Deadline(meta.effective_on))
            return inspection.id, [inspection]

        return self._execute("PublishInspection", meta, {"id": inspection_id}, decide)

    def close_inspection(self, meta: EventMeta, inspection_id: UUID) -> CommandResult:
        def decide() -> Decision:
            inspection = self.get_inspection(inspection_id)
            inspection.close(meta)
            return inspection.id, [inspection]

        return self._execute("CloseInspection", meta, {"id": inspection_id}, decide)

    # -- queries -------------------------------------------------------------------------------

    def inspection_publication_deadline(self, inspection: Inspection) -> Deadline | None:
        """When the result is due for publication. A provisional deadline (computed past the
        years the calendar knew) is recomputed with the calendar as it is now, over the same
        number of working days the policy gave when the result was recorded."""
        if inspection.publication_due is None or inspection.concluded_on is None:
            return None
        if inspection.publication_provisional and inspection.publication_working_days:
            return self.calendar.add_working_days(
                inspection.concluded_on, inspection.publication_working_days
            )
        return Deadline(inspection.publication_due, inspection.publication_provisional)
