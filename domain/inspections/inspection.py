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

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.core.base import unused_created_event
from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
    InvalidCommandError,
    RectificationDueDateError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    InspectorStatus,
    OrganizationKind,
    business_id,
    stable_topic,
)
from domain.inspections.checklists import (
    ITEM_ID_PATTERN,
    Checklist,
    SubjectKind,
)
from domain.inspections.errors import (
    AlreadyPublishedError,
    AtLeastTwoInspectorsError,
    FindingInvalidError,
    FindingNotOnChecklistError,
    FindingsIncompleteError,
    InspectionAnnulledError,
    InspectionNotSettledError,
    InspectionSourceMissingError,
    InspectionStageError,
    InspectionStepDateError,
    InspectorAssignmentError,
    InspectorConflictError,
    InspectorNotActiveError,
    NoShortcomingError,
    ResultInconsistentError,
)
from domain.registry.inspectors import Inspector

EvidenceRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


@stable_topic("ledger.value.InspectionKind")
class InspectionKind(StrEnum):
    ANNUAL = "annual"  # 年度检查考核
    ROUTINE = "routine"  # 日常检查
    SPOT_CHECK = "spot_check"  # 双随机抽查
    COMPLAINT = "complaint"  # 投诉引发的检查
    CASE_FILE_REVIEW = "case_file_review"  # 案卷评查


@stable_topic("ledger.value.InspectionStatus")
class InspectionStatus(StrEnum):
    PLANNED = "planned"
    INSPECTORS_ASSIGNED = "inspectors_assigned"
    CONDUCTED = "conducted"
    RESULT_RECORDED = "result_recorded"
    RECTIFICATION_ORDERED = "rectification_ordered"  # 责令整改
    RECTIFICATION_VERIFIED = "rectification_verified"
    REFERRED_FOR_SANCTION = "referred_for_sanction"
    PUBLISHED = "published"  # 公示
    CLOSED = "closed"
    ANNULLED = "annulled"  # by an appeal decision
    CANCELLED = "cancelled"  # its spot-check draw was voided before it started


@stable_topic("ledger.value.FindingOutcome")
class FindingOutcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"


@stable_topic("ledger.value.InspectionResult")
class InspectionResult(StrEnum):
    COMPLIANT = "compliant"  # 合格
    COMPLIANT_WITH_REMARKS = "compliant_with_remarks"  # 基本合格
    NON_COMPLIANT = "non_compliant"  # 不合格


@stable_topic("ledger.value.Finding")
class Finding(BaseModel):
    """What the inspectors found on one checklist item."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    item_id: str = Field(pattern=ITEM_ID_PATTERN)
    outcome: FindingOutcome
    note: str | None = Field(default=None, max_length=2000)
    evidence: tuple[EvidenceRef, ...] = Field(
        default=(), max_length=50, description="evidence references: 笔录, photos, file numbers"
    )


class Inspection(Aggregate):
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

    @property
    def status(self) -> InspectionStatus:
        if self.cancelled_on is not None:
            return InspectionStatus.CANCELLED
        if self.annulled:
            return InspectionStatus.ANNULLED
        if self.closed_on is not None:
            return InspectionStatus.CLOSED
        if self.published_on is not None:
            return InspectionStatus.PUBLISHED
        if self.result is None:
            if self.findings:
                return InspectionStatus.CONDUCTED
            if self.inspector_ids:
                return InspectionStatus.INSPECTORS_ASSIGNED
            return InspectionStatus.PLANNED
        return self.follow_up or InspectionStatus.RESULT_RECORDED

    @property
    def follow_up(self) -> InspectionStatus | None:
        """Where the follow-up of the result stands (it continues after publication)."""
        if self.referred_on is not None:
            return InspectionStatus.REFERRED_FOR_SANCTION
        if self.rectification_passed:
            return InspectionStatus.RECTIFICATION_VERIFIED
        if self.rectification_due is not None:
            return InspectionStatus.RECTIFICATION_ORDERED
        return None

    @property
    def rectification_open(self) -> bool:
        """Ordered, not (yet) verified as done, and not handed over to a sanction case."""
        return (
            self.rectification_due is not None
            and not self.rectification_passed
            and self.referred_on is None
        )

    @property
    def failed_items(self) -> tuple[str, ...]:
        return tuple(i for i, f in self.findings.items() if f.outcome is FindingOutcome.FAIL)

    def inspectors_needed(self, minimum: int) -> int:
        return max(0, minimum - len(self.inspector_ids))

    # -- commands ------------------------------------------------------------------------------

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

    # -- appeal target protocol ----------------------------------------------------------------

    def vary_on_appeal(self, meta: EventMeta, appeal_id: UUID, **new_result: Any) -> None:
        """An appeal decision changes the result (e.g. non_compliant -> compliant_with_remarks).
        The original result stays in history."""
        self.check_appealable()
        unknown = set(new_result) - {"result", "summary"}
        if unknown or not new_result:
            raise InvalidCommandError(
                "a varied inspection result gives `result` and/or `summary`",
                field="new_result",
                unknown=sorted(unknown),
            )
        result = self.result
        if "result" in new_result:
            try:
                result = InspectionResult(new_result["result"])
            except ValueError:
                raise InvalidCommandError(
                    f"unknown inspection result {new_result['result']!r}",
                    field="new_result",
                    allowed=[r.value for r in InspectionResult],
                ) from None
        summary = str(new_result.get("summary", self.summary))
        assert result is not None
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

    # -- checks --------------------------------------------------------------------------------

    def check_not_annulled(self) -> None:
        """NoChangeAfterAnnulment."""
        if self.annulled:
            raise InspectionAnnulledError("the inspection was annulled on appeal")

    def check_not_closed(self) -> None:
        if self.cancelled_on is not None:
            raise InspectionStageError(
                f"the inspection was cancelled on {self.cancelled_on}", status=self.status.value
            )
        if self.closed_on is not None:
            raise InspectionStageError(
                f"the inspection was closed on {self.closed_on}", status=self.status.value
            )

    def check_open_before_result(self, action: str) -> None:
        self.check_not_annulled()
        self.check_not_closed()
        if self.result is not None:
            raise InspectionStageError(
                f"cannot {action}: the result is already recorded",
                status=self.status.value,
                action=action,
            )

    def check_has_result(self, action: str) -> None:
        self.check_not_annulled()
        self.check_not_closed()
        if self.result is None:
            raise InspectionStageError(
                f"cannot {action} before the result is recorded",
                status=self.status.value,
                action=action,
            )

    def check_appealable(self) -> None:
        self.check_not_annulled()
        if self.result is None:
            raise InspectionStageError(
                "there is no result to vary or annul", status=self.status.value
            )

    def check_step_date(self, meta: EventMeta) -> None:
        """InspectionStepsInDateOrder: a step is not dated before the step it follows."""
        if meta.effective_on < self.last_step_on:
            raise InspectionStepDateError(
                f"effective_on {meta.effective_on} is before the previous step "
                f"({self.last_step_on})",
                effective_on=str(meta.effective_on),
                previous_step_on=str(self.last_step_on),
            )

    @staticmethod
    def check_at_least(minimum: int, inspector_ids: Iterable[UUID], acting: bool = False) -> None:
        """AtLeastTwoInspectors [行政处罚法 art. 42]."""
        count = len(set(inspector_ids))
        if count < minimum:
            who = "act together" if acting else "are assigned"
            raise AtLeastTwoInspectorsError(
                f"at least {minimum} inspectors must act together; {count} {who}",
                required=minimum,
                present=count,
            )

    def check_not_assigned(self, inspector_id: UUID) -> None:
        if inspector_id in self.inspector_ids:
            raise InspectorAssignmentError(
                f"inspector {inspector_id} is already assigned", inspector_id=str(inspector_id)
            )

    @staticmethod
    def check_inspector_active(inspector: Inspector) -> None:
        """AssignOnlyActiveInspectors."""
        if inspector.status is not InspectorStatus.ACTIVE:
            raise InspectorNotActiveError(
                f"inspector {inspector.number} is {inspector.status.value}",
                inspector_id=str(inspector.id),
            )

    def check_no_conflict(self, inspector: Inspector, related_ids: Sequence[UUID]) -> None:
        """ConflictedInspectorStepsAside 回避 [art. 43]: same unit as the subject's supervisor,
        a declared conflict, previous employment by the subject, or already recused here."""
        reasons = list(inspector.conflicts_with(related_ids, self.supervising_unit))
        if inspector.id in self.recused:
            reasons.append("stepped aside from this inspection")
        if reasons:
            raise InspectorConflictError(
                f"inspector {inspector.number} must step aside: {'; '.join(reasons)}",
                inspector_id=str(inspector.id),
                reasons=reasons,
            )

    def check_assigned(self, inspector_ids: Iterable[UUID]) -> None:
        """OnlyAssignedInspectorsAct."""
        strangers = [str(i) for i in inspector_ids if i not in self.inspector_ids]
        if strangers:
            raise InspectorAssignmentError(
                f"not assigned to this inspection: {', '.join(strangers)}",
                inspector_ids=strangers,
            )

    def check_findings_on_checklist(self, findings: Sequence[Finding]) -> None:
        """FindingsFollowTheChecklist: items of the version recorded at planning."""
        unknown = sorted({f.item_id for f in findings} - set(self.item_ids))
        if unknown:
            raise FindingNotOnChecklistError(
                f"not items of checklist version {self.checklist_version}: {', '.join(unknown)}",
                unknown=unknown,
                checklist_version=self.checklist_version,
            )

    def check_every_item_found(self) -> None:
        """EveryChecklistItemFound."""
        missing = [i for i in self.item_ids if i not in self.findings]
        if missing:
            raise FindingsIncompleteError(
                f"no finding yet for: {', '.join(missing)}", missing=missing
            )

    def check_result_consistent(self, result: InspectionResult) -> None:
        """ResultConsistentWithFindings: 'compliant' is not the result of a failed item."""
        failed = self.failed_items
        if result is InspectionResult.COMPLIANT and failed:
            raise ResultInconsistentError(
                f"items failed ({', '.join(failed)}): the result cannot be compliant",
                failed=list(failed),
            )

    def check_basic_pass_enabled(self, result: InspectionResult, policy: Policy) -> None:
        """BasicPassOnlyWhenPolicyEnables: a law firm's annual result is 合格 / 不合格; 基本合格
        only where the policy in force enables it [practice]."""
        if (
            result is InspectionResult.COMPLIANT_WITH_REMARKS
            and self.kind is InspectionKind.ANNUAL
            and self.subject_kind is OrganizationKind.LAW_FIRM
            and not policy.law_firm_basic_pass_enabled
        ):
            raise BasicPassNotEnabledError(
                f"policy {policy.version} does not enable 基本合格 for law firms",
                policy_version=policy.version,
            )

    def check_shortcoming(self, what: str) -> None:
        """FollowUpOnlyForShortcomings: nothing to rectify or sanction in a clean result."""
        if self.result is InspectionResult.COMPLIANT:
            raise NoShortcomingError(
                f"{what} follows a result with shortcomings; this one is compliant",
                result=self.result.value,
            )

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


def check_source_cited(kind: InspectionKind, source_ref: str | None) -> None:
    """ComplaintInspectionCitesComplaint: a complaint-triggered inspection names its complaint."""
    if kind is InspectionKind.COMPLAINT and not (source_ref or "").strip():
        raise InspectionSourceMissingError(
            "a complaint-triggered inspection cites the complaint (source_ref)"
        )


def check_findings_well_formed(findings: Sequence[Finding]) -> None:
    """One finding per item in a batch; a failed item cites at least one piece of evidence."""
    if not findings:
        raise FindingInvalidError("record at least one finding")
    counts = Counter(f.item_id for f in findings)
    repeated = sorted(i for i, n in counts.items() if n > 1)
    if repeated:
        raise FindingInvalidError(
            f"one finding per item: {', '.join(repeated)} repeated", repeated=repeated
        )
    unsupported = [
        f.item_id for f in findings if f.outcome is FindingOutcome.FAIL and not f.evidence
    ]
    if unsupported:
        raise FindingInvalidError(
            f"a failed item cites evidence: {', '.join(unsupported)} has none",
            without_evidence=unsupported,
        )
