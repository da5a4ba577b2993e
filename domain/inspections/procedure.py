"""The steps of an inspection, each a command that runs its rules (rules.py) and records its
event (inspection.py): assign inspectors, recusal, findings, result, rectification ordered and
verified or referral for sanction, publication, cancellation, closing, and what an appeal
changes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.calendar import Deadline
from domain.core.errors import (
    RectificationDueDateError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
)
from domain.inspections.errors import (
    AlreadyPublishedError,
    InspectionNotSettledError,
    InspectionStageError,
)
from domain.inspections.rules import InspectionRules, check_findings_well_formed
from domain.inspections.values import (
    Finding,
    InspectionResult,
)
from domain.registry.inspectors import Inspector


class InspectionProcedure(InspectionRules):
    """The commands: rules first, then the event."""

    # The events the commands record (decorated on the aggregate: state only).
    _annul_on_appeal: Callable[..., None]
    _assign_inspectors: Callable[..., None]
    _cancel: Callable[..., None]
    _close: Callable[..., None]
    _order_rectification: Callable[..., None]
    _publish: Callable[..., None]
    _record_findings: Callable[..., None]
    _record_result: Callable[..., None]
    _recuse: Callable[..., None]
    _refer_for_sanction: Callable[..., None]
    _vary_on_appeal: Callable[..., None]
    _verify_rectification: Callable[..., None]
    _withdraw_publication: Callable[..., None]

    def assign_inspectors(
        self,
        meta: EventMeta,
        inspectors: Sequence[Inspector],
        related_ids: Iterable[UUID],
        policy: Policy,
    ) -> None:
        """Add inspectors (also to replace one who stepped aside). `related_ids` are the
        subject and the organization it belongs to: a conflict with either counts."""
        self.check_open_before_result("assign inspectors")
        self.check_step_date(meta)
        related = tuple(related_ids)
        for inspector in inspectors:
            self.check_not_assigned(inspector.id)
            self.check_inspector_active(inspector)
            self.check_no_conflict(inspector, related)
        new_ids = tuple(dict.fromkeys(i.id for i in inspectors))
        self.check_at_least(policy.inspectors_per_inspection, (*self.inspector_ids, *new_ids))
        self._assign_inspectors(meta, new_ids, policy.version)

    def recuse(self, meta: EventMeta, inspector_id: UUID, requested_by_party: bool) -> None:
        """回避: the inspector steps aside, on their own or at a party's request (the grounds
        are the command's reason). With fewer than two left, nothing proceeds until another
        is assigned."""
        self.check_open_before_result("recuse an inspector")
        self.check_step_date(meta)
        self.check_assigned([inspector_id])
        self._recuse(meta, inspector_id, requested_by_party)

    def record_findings(
        self,
        meta: EventMeta,
        findings: Sequence[Finding],
        inspector_ids: Sequence[UUID],
        policy: Policy,
    ) -> None:
        """Findings of the inspectors who acted together (at least two, all assigned). A later
        finding on the same item replaces the earlier one; both stay in history."""
        self.check_open_before_result("record findings")
        self.check_step_date(meta)
        minimum = policy.inspectors_per_inspection
        self.check_at_least(minimum, self.inspector_ids)
        self.check_assigned(inspector_ids)
        self.check_at_least(minimum, inspector_ids, acting=True)
        check_findings_well_formed(findings)
        self.check_findings_on_checklist(findings)
        self._record_findings(
            meta, tuple(findings), tuple(dict.fromkeys(inspector_ids)), policy.version
        )

    def record_result(
        self,
        meta: EventMeta,
        result: InspectionResult,
        summary: str,
        deadline: Deadline,
        policy: Policy,
    ) -> None:
        """Conclude the inspection. `deadline` is when the result is due for publication."""
        self.check_open_before_result("record the result")
        self.check_step_date(meta)
        self.check_at_least(policy.inspectors_per_inspection, self.inspector_ids)
        self.check_every_item_found()
        self.check_result_consistent(result)
        self.check_basic_pass_enabled(result, policy)
        self._record_result(
            meta,
            result,
            summary,
            deadline.due,
            deadline.provisional,
            policy.inspection_publication_working_days,
            policy.version,
        )

    def order_rectification(self, meta: EventMeta, due_on: date, requirements: str) -> None:
        """责令整改. Ordered again only after a verification found it not done."""
        self.check_has_result("order a rectification")
        self.check_step_date(meta)
        self.check_shortcoming("a rectification")
        if self.referred_on is not None or (
            self.rectification_due is not None and self.rectification_passed is not False
        ):
            raise InspectionStageError(
                "a rectification is already ordered, verified or handed over to a sanction case",
                status=self.status.value,
            )
        if due_on <= meta.effective_on:
            raise RectificationDueDateError(
                f"a rectification ordered on {meta.effective_on} is due after it, not {due_on}",
                ordered_on=str(meta.effective_on),
                due_on=str(due_on),
            )
        self._order_rectification(meta, due_on, requirements)

    def verify_rectification(self, meta: EventMeta, passed: bool) -> None:
        self.check_has_result("verify a rectification")
        self.check_step_date(meta)
        if not self.rectification_open or self.rectification_passed is False:
            raise InspectionStageError(
                "there is no rectification awaiting verification", status=self.status.value
            )
        self._verify_rectification(meta, passed)

    def refer_for_sanction(self, meta: EventMeta, case_id: UUID | None = None) -> None:
        """Hand the matter to a sanction case 移送立案 (opened by the sanctions side)."""
        self.check_has_result("refer for sanction")
        self.check_step_date(meta)
        self.check_shortcoming("a referral for sanction")
        if self.referred_on is not None:
            raise InspectionStageError("already referred for sanction", status=self.status.value)
        self._refer_for_sanction(meta, case_id)

    def publish(self, meta: EventMeta, deadline: Deadline) -> bool:
        """一公开. A publication after the deadline is accepted and recorded as late (the overdue
        list is the alert, not a block). Returns whether it was late."""
        self.check_has_result("publish")
        self.check_step_date(meta)
        if self.published_on is not None:
            raise AlreadyPublishedError(
                f"the result was published on {self.published_on}",
                published_on=str(self.published_on),
            )
        late = meta.effective_on > deadline.due
        self._publish(meta, deadline.due, late)
        return late

    def cancel(self, meta: EventMeta, cause: str) -> None:
        """The spot-check draw that planned it was voided: it stays on the record, cancelled.
        Only before it starts (no findings, no result)."""
        self.check_open_before_result("cancel")
        if self.findings:
            raise InspectionStageError(
                "cannot cancel: findings are recorded", status=self.status.value
            )
        self._cancel(meta, cause)

    def close(self, meta: EventMeta) -> None:
        self.check_not_closed()
        self.check_step_date(meta)
        if self.annulled:
            settled = self.published_on is None
        else:
            settled = self.published_on is not None and not self.rectification_open
        if not settled:
            raise InspectionNotSettledError(
                "an inspection is closed once its result is published and any rectification is "
                "verified or referred for sanction (an annulled one once its publication is "
                "withdrawn)",
                status=self.status.value,
                rectification_open=self.rectification_open,
            )
        self._close(meta)

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None:
        """An appeal decision changes the result (e.g. non_compliant -> compliant_with_remarks).
        The original result stays in history."""
        self.check_appealable()
        result, summary = self.check_varied_result(new_result)
        self._vary_on_appeal(meta, appeal_id, result, summary)

    def annul_on_appeal(self, meta: EventMeta, appeal_id: UUID) -> None:
        self.check_appealable()
        self._annul_on_appeal(meta, appeal_id)

    def withdraw_publication(self, meta: EventMeta, due: date) -> bool:
        """Take the publication down (by `due`) after the result was varied or annulled."""
        if self.published_on is None:
            return False
        self._withdraw_publication(meta, due)
        return True
