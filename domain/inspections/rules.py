"""The rules of an inspection, as checks on its recorded state (the aggregate in inspection.py
inherits them): who may act, in which order, with which findings and result, and when."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.errors import (
    BasicPassNotEnabledError,
    InvalidCommandError,
)
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    InspectorStatus,
    OrganizationKind,
)
from domain.inspections.checklists import SubjectKind
from domain.inspections.errors import (
    AtLeastTwoInspectorsError,
    FindingInvalidError,
    FindingNotOnChecklistError,
    FindingsIncompleteError,
    InspectionAnnulledError,
    InspectionSourceMissingError,
    InspectionStageError,
    InspectionStepDateError,
    InspectorAssignmentError,
    InspectorConflictError,
    InspectorNotActiveError,
    NoShortcomingError,
    ResultInconsistentError,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from domain.registry.inspectors import Inspector


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


class InspectionRules:
    """The checks an inspection's commands run before they record anything, and the status
    derived from its state."""

    # The recorded state the rules read (set by the aggregate's events).
    kind: InspectionKind
    subject_kind: SubjectKind
    supervising_unit: str | None
    checklist_version: int
    item_ids: tuple[str, ...]
    last_step_on: date
    inspector_ids: tuple[UUID, ...]
    recused: dict[UUID, bool]
    findings: dict[str, Finding]
    result: InspectionResult | None
    rectification_due: date | None
    rectification_passed: bool | None
    referred_on: date | None
    published_on: date | None
    closed_on: date | None
    annulled: bool
    cancelled_on: date | None
    summary: str | None
    publication_due: date | None
    publication_provisional: bool
    publication_withdrawn_on: date | None

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
    def open_deadlines(self) -> list[tuple[str, date, bool]]:
        """(what, due, provisional) of what is still to happen by a deadline: the result's
        publication (its working-day deadline) and an ordered rectification's verification.
        Nothing once the inspection is closed, annulled or cancelled; an alert, not a block."""
        if self.annulled or self.closed_on is not None or self.cancelled_on is not None:
            return []
        found = []
        if (
            self.publication_due is not None
            and self.published_on is None
            and self.publication_withdrawn_on is None
        ):
            found.append(("publication", self.publication_due, self.publication_provisional))
        if self.rectification_open and self.rectification_due is not None:
            found.append(("rectification", self.rectification_due, False))
        return found

    @property
    def failed_items(self) -> tuple[str, ...]:
        return tuple(i for i, f in self.findings.items() if f.outcome is FindingOutcome.FAIL)

    def inspectors_needed(self, minimum: int) -> int:
        return max(0, minimum - len(self.inspector_ids))

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

    def check_varied_result(self, new_result: dict[str, Any]) -> tuple[InspectionResult, str]:
        """A varied inspection result gives `result` and/or `summary`, of known values."""
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
        assert result is not None
        return result, str(new_result.get("summary", self.summary))
