"""Inspection rules on the aggregate alone (DOMAIN.md "Inspections"): stages in order, at least
two inspectors act together, conflicted inspectors step aside 回避, findings follow the checklist
version, the result is published on time (late is recorded, not blocked), follow-up, closing,
and the appeal target protocol."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
    InvalidCommandError,
    LedgerError,
    NothingToChangeError,
    RectificationDueDateError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import (
    Checklist,
    ChecklistCategory,
    ChecklistItem,
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
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
)
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)

SUPERVISOR = Actor(principal_id="supervisor.unit", role=Role.SUPERVISOR)
FIRM = uuid4()
DUE = Deadline(date(2024, 4, 30))
P, F, NA = FindingOutcome.PASS, FindingOutcome.FAIL, FindingOutcome.NOT_APPLICABLE


def meta(day: date = date(2024, 3, 1), reason: str = "unit test") -> EventMeta:
    return EventMeta(actor=SUPERVISOR, reason=reason, effective_on=day, command_id=f"c-{uuid4()}")


def inspector(number: str, unit: str = "执法监督科") -> Inspector:
    made = Inspector(meta=meta(), number=number, details=InspectorDetails(name="王", unit=unit))
    made.collect_events()
    return made


def checklist() -> Checklist:
    made = Checklist(meta=meta(), kind=OrganizationKind.LAW_FIRM, code="annual")
    made.publish(
        meta(),
        "年度检查考核",
        [
            ChecklistItem(item_id="PB-01", category=ChecklistCategory.PARTY_BUILDING, text="党建"),
            ChecklistItem(item_id="BU-01", category=ChecklistCategory.BUSINESS, text="业务"),
            ChecklistItem(item_id="CO-01", category=ChecklistCategory.CONDUCT, text="行为"),
            ChecklistItem(
                item_id="IM-01", category=ChecklistCategory.INTERNAL_MANAGEMENT, text="管理"
            ),
            ChecklistItem(item_id="FF-01", category=ChecklistCategory.FEE_FILING, text="收费"),
        ],
    )
    return made


def planned(
    kind: InspectionKind = InspectionKind.ANNUAL, supervising_unit: str | None = "律师工作科"
) -> Inspection:
    made = Inspection.plan(
        meta(),
        kind,
        FIRM,
        OrganizationKind.LAW_FIRM,
        checklist(),
        None,
        DEFAULT_POLICY,
        supervising_unit=supervising_unit,
        source_ref="12345-2024-001" if kind is InspectionKind.COMPLAINT else None,
    )
    made.collect_events()
    return made


def findings(fail: tuple[str, ...] = ()) -> list[Finding]:
    return [
        Finding(item_id=i, outcome=F, evidence=("笔录-1",))
        if i in fail
        else Finding(item_id=i, outcome=P)
        for i in ("PB-01", "BU-01", "CO-01", "IM-01", "FF-01")
    ]


class Walk:
    """An inspection with two assigned inspectors, moved along as far as a test needs."""

    def __init__(self) -> None:
        self.a, self.b, self.c = inspector("A1"), inspector("B1"), inspector("C1")
        self.inspection = planned()
        self.inspection.assign_inspectors(meta(), [self.a, self.b], [FIRM], DEFAULT_POLICY)

    @property
    def pair(self) -> list[UUID]:
        return [self.a.id, self.b.id]

    def found(self, fail: tuple[str, ...] = ()) -> Walk:
        self.inspection.record_findings(
            meta(date(2024, 3, 5)), findings(fail), self.pair, DEFAULT_POLICY
        )
        return self

    def concluded(
        self,
        result: InspectionResult = InspectionResult.NON_COMPLIANT,
        fail: tuple[str, ...] = ("FF-01",),
    ) -> Walk:
        self.found(fail)
        self.inspection.record_result(meta(date(2024, 3, 8)), result, "结论", DUE, DEFAULT_POLICY)
        return self


def refused(
    error: type[LedgerError], rule: str, inspection: Inspection, command: Callable[[], object]
) -> LedgerError:
    """The command raises `error` naming `rule`, records no event and changes no state."""
    inspection.collect_events()
    before = copy.deepcopy(vars(inspection))
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert inspection.collect_events() == []
    assert vars(inspection) == before
    return caught.value


# -- stages --------------------------------------------------------------------------------------


def test_inspection_walks_the_states_in_order() -> None:
    walk = Walk()
    inspection = walk.inspection
    assert inspection.status is InspectionStatus.INSPECTORS_ASSIGNED
    walk.concluded()
    assert inspection.status is InspectionStatus.RESULT_RECORDED
    assert inspection.concluded_on == date(2024, 3, 8)
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "公示收费标准")
    assert inspection.status is InspectionStatus.RECTIFICATION_ORDERED
    inspection.verify_rectification(meta(date(2024, 4, 8)), passed=True)
    assert inspection.status is InspectionStatus.RECTIFICATION_VERIFIED
    inspection.publish(meta(date(2024, 4, 9)), DUE)
    assert inspection.status is InspectionStatus.PUBLISHED
    inspection.close(meta(date(2024, 4, 10)))
    assert inspection.status is InspectionStatus.CLOSED
    assert [type(e).__name__ for e in inspection.collect_events()] == [
        "InspectorsAssigned",
        "FindingsRecorded",
        "ResultRecorded",
        "RectificationOrdered",
        "RectificationVerified",
        "Published",
        "Closed",
    ]


def test_inspection_stages_in_order() -> None:
    fresh = planned()
    assert fresh.status is InspectionStatus.PLANNED
    a, b = inspector("A1"), inspector("B1")
    refused(  # nobody is assigned yet
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        fresh,
        lambda: fresh.record_findings(meta(), findings(), [a.id, b.id], DEFAULT_POLICY),
    )
    walk = Walk()
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        walk.inspection,
        lambda: walk.inspection.publish(meta(), DUE),
    )
    walk.concluded()
    for late_step in (
        lambda: walk.inspection.record_findings(
            meta(date(2024, 3, 9)), findings(), walk.pair, DEFAULT_POLICY
        ),
        lambda: walk.inspection.assign_inspectors(
            meta(date(2024, 3, 9)), [walk.c], [FIRM], DEFAULT_POLICY
        ),
        lambda: walk.inspection.recuse(meta(date(2024, 3, 9)), walk.a.id, requested_by_party=True),
        lambda: walk.inspection.verify_rectification(meta(date(2024, 3, 9)), passed=True),
    ):
        refused(InspectionStageError, "InspectionStagesInOrder", walk.inspection, late_step)


def test_a_result_waits_for_findings() -> None:
    walk = Walk()
    refused(
        FindingsIncompleteError,
        "EveryChecklistItemFound",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


def test_inspection_steps_in_date_order() -> None:
    walk = Walk().found()
    refused(
        InspectionStepDateError,
        "InspectionStepsInDateOrder",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 4)), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


# -- inspectors ----------------------------------------------------------------------------------


def test_at_least_two_inspectors() -> None:
    """行政处罚法 art. 42: at least two inspectors act together."""
    inspection = planned()
    a, b = inspector("A1"), inspector("B1")
    error = refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a], [FIRM], DEFAULT_POLICY),
    )
    assert error.context == {"required": 2, "present": 1}
    # The same inspector twice is still one inspector.
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, a], [FIRM], DEFAULT_POLICY),
    )
    inspection.assign_inspectors(meta(), [a, b], [FIRM], DEFAULT_POLICY)
    # Findings are recorded by at least two assigned inspectors acting together.
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.record_findings(meta(), findings(), [a.id], DEFAULT_POLICY),
    )


def test_at_least_two_inspectors_after_a_recusal_until_another_is_assigned() -> None:
    walk = Walk()
    inspection = walk.inspection
    inspection.recuse(meta(), walk.a.id, requested_by_party=False)
    assert inspection.inspectors_needed(2) == 1
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        inspection,
        lambda: inspection.record_findings(meta(), findings(), [walk.b.id], DEFAULT_POLICY),
    )
    inspection.assign_inspectors(meta(), [walk.c], [FIRM], DEFAULT_POLICY)
    inspection.record_findings(meta(), findings(), [walk.b.id, walk.c.id], DEFAULT_POLICY)
    assert inspection.status is InspectionStatus.CONDUCTED


def test_at_least_two_inspectors_before_the_result() -> None:
    walk = Walk().found()
    walk.inspection.recuse(meta(date(2024, 3, 6)), walk.b.id, requested_by_party=True)
    refused(
        AtLeastTwoInspectorsError,
        "AtLeastTwoInspectors",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 8)), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


def test_more_inspectors_when_the_policy_asks_for_more() -> None:
    three = DEFAULT_POLICY.model_copy(update={"inspectors_per_inspection": 3})
    inspection = planned()
    a, b = inspector("A1"), inspector("B1")
    with pytest.raises(AtLeastTwoInspectorsError):
        inspection.assign_inspectors(meta(), [a, b], [FIRM], three)


def test_conflicted_inspector_steps_aside_when_in_the_supervising_unit() -> None:
    inspection = planned(supervising_unit="律师工作科")
    a, same_unit = inspector("A1"), inspector("S1", unit="律师工作科")
    error = refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, same_unit], [FIRM], DEFAULT_POLICY),
    )
    assert error.context["inspector_id"] == str(same_unit.id)
    assert "律师工作科" in error.context["reasons"][0]


def test_conflicted_inspector_steps_aside_after_declaring_a_conflict() -> None:
    inspection = planned()
    a, declared = inspector("A1"), inspector("D1")
    declared.declare_conflict(meta(), FIRM, "配偶在该所执业")
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, declared], [FIRM], DEFAULT_POLICY),
    )
    # A conflict with another subject does not matter here.
    other = inspector("O1")
    other.declare_conflict(meta(), uuid4(), "亲属")
    inspection.assign_inspectors(meta(), [a, other], [FIRM], DEFAULT_POLICY)


def test_conflicted_inspector_steps_aside_when_previously_employed_by_the_subject() -> None:
    inspection = planned()
    a, former = inspector("A1"), inspector("E1")
    former.record_previous_employment(meta(), FIRM)
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, former], [FIRM], DEFAULT_POLICY),
    )
    # A lawyer's inspection counts the firm the lawyer belongs to (passed as a related id).
    lawyer_inspection = planned()
    with pytest.raises(InspectorConflictError):
        lawyer_inspection.assign_inspectors(meta(), [a, former], [uuid4(), FIRM], DEFAULT_POLICY)


def test_conflicts_are_recorded_once() -> None:
    staff = inspector("A1")
    staff.declare_conflict(meta(), FIRM, "亲属")
    with pytest.raises(NothingToChangeError):
        staff.declare_conflict(meta(), FIRM, "亲属")
    staff.record_previous_employment(meta(), FIRM)
    with pytest.raises(NothingToChangeError):
        staff.record_previous_employment(meta(), FIRM)
    assert [type(e).__name__ for e in staff.collect_events()] == [
        "ConflictDeclared",
        "PreviousEmploymentRecorded",
    ]


def test_party_may_request_recusal() -> None:
    walk = Walk()
    walk.inspection.recuse(meta(reason="当事人申请回避"), walk.a.id, requested_by_party=True)
    assert walk.inspection.recused == {walk.a.id: True}
    assert walk.a.id not in walk.inspection.inspector_ids
    event = walk.inspection.collect_events()[-1]
    assert type(event).__name__ == "InspectorRecused"
    assert event.requested_by_party is True  # type: ignore[attr-defined]
    assert event.meta.reason == "当事人申请回避"  # type: ignore[attr-defined]


def test_a_recused_inspector_is_not_assigned_again() -> None:
    walk = Walk()
    walk.inspection.recuse(meta(), walk.a.id, requested_by_party=True)
    refused(
        InspectorConflictError,
        "ConflictedInspectorStepsAside",
        walk.inspection,
        lambda: walk.inspection.assign_inspectors(meta(), [walk.a], [FIRM], DEFAULT_POLICY),
    )


def test_only_a_assigned_inspector_is_recused() -> None:
    walk = Walk()
    refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.recuse(meta(), walk.c.id, requested_by_party=False),
    )


def test_assign_only_active_inspectors() -> None:
    inspection = planned()
    a, retired = inspector("A1"), inspector("R1")
    retired.deactivate(meta())
    refused(
        InspectorNotActiveError,
        "AssignOnlyActiveInspectors",
        inspection,
        lambda: inspection.assign_inspectors(meta(), [a, retired], [FIRM], DEFAULT_POLICY),
    )


def test_an_inspector_is_assigned_once() -> None:
    walk = Walk()
    refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.assign_inspectors(meta(), [walk.a], [FIRM], DEFAULT_POLICY),
    )


def test_only_assigned_inspectors_act() -> None:
    walk = Walk()
    error = refused(
        InspectorAssignmentError,
        "OnlyAssignedInspectorsAct",
        walk.inspection,
        lambda: walk.inspection.record_findings(
            meta(), findings(), [walk.a.id, walk.c.id], DEFAULT_POLICY
        ),
    )
    assert error.context == {"inspector_ids": [str(walk.c.id)]}


# -- findings and result ---------------------------------------------------------------------------


def test_findings_follow_the_checklist() -> None:
    walk = Walk()
    refused(
        FindingNotOnChecklistError,
        "FindingsFollowTheChecklist",
        walk.inspection,
        lambda: walk.inspection.record_findings(
            meta(), [Finding(item_id="XX-99", outcome=P)], walk.pair, DEFAULT_POLICY
        ),
    )


def test_a_failed_item_cites_evidence_and_each_item_is_found_once_per_batch() -> None:
    walk = Walk()
    inspection = walk.inspection
    refused(
        FindingInvalidError,
        "FindingsWellFormed",
        inspection,
        lambda: inspection.record_findings(
            meta(), [Finding(item_id="FF-01", outcome=F, note="未公示")], walk.pair, DEFAULT_POLICY
        ),
    )
    twice = [Finding(item_id="PB-01", outcome=P), Finding(item_id="PB-01", outcome=NA)]
    refused(
        FindingInvalidError,
        "FindingsWellFormed",
        inspection,
        lambda: inspection.record_findings(meta(), twice, walk.pair, DEFAULT_POLICY),
    )


def test_a_later_finding_on_an_item_replaces_the_earlier_one() -> None:
    walk = Walk().found()
    walk.inspection.record_findings(
        meta(date(2024, 3, 6)),
        [Finding(item_id="FF-01", outcome=F, evidence=("照片-3",))],
        walk.pair,
        DEFAULT_POLICY,
    )
    assert walk.inspection.findings["FF-01"].outcome is F
    assert walk.inspection.failed_items == ("FF-01",)


def test_every_checklist_item_found() -> None:
    walk = Walk()
    walk.inspection.record_findings(meta(), findings()[:3], walk.pair, DEFAULT_POLICY)
    error = refused(
        FindingsIncompleteError,
        "EveryChecklistItemFound",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )
    assert error.context == {"missing": ["IM-01", "FF-01"]}


def test_result_consistent_with_findings() -> None:
    walk = Walk().found(fail=("FF-01",))
    refused(
        ResultInconsistentError,
        "ResultConsistentWithFindings",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 8)), InspectionResult.COMPLIANT, "x", DUE, DEFAULT_POLICY
        ),
    )


def test_basic_pass_only_when_policy_enables() -> None:
    walk = Walk().found(fail=("FF-01",))
    refused(
        BasicPassNotEnabledError,
        "BasicPassOnlyWhenPolicyEnables",
        walk.inspection,
        lambda: walk.inspection.record_result(
            meta(date(2024, 3, 8)),
            InspectionResult.COMPLIANT_WITH_REMARKS,
            "基本合格",
            DUE,
            DEFAULT_POLICY,
        ),
    )
    enabled = DEFAULT_POLICY.model_copy(update={"law_firm_basic_pass_enabled": True})
    walk.inspection.record_result(
        meta(date(2024, 3, 8)), InspectionResult.COMPLIANT_WITH_REMARKS, "基本合格", DUE, enabled
    )
    assert walk.inspection.result is InspectionResult.COMPLIANT_WITH_REMARKS


def test_the_result_records_the_publication_deadline_and_policy_version() -> None:
    walk = Walk().found()
    walk.inspection.record_result(
        meta(date(2024, 3, 8)),
        InspectionResult.COMPLIANT,
        "合格",
        Deadline(date(2024, 4, 7), provisional=True),
        DEFAULT_POLICY,
    )
    event = walk.inspection.collect_events()[-1]
    assert type(event).__name__ == "ResultRecorded"
    assert event.publication_due == date(2024, 4, 7)  # type: ignore[attr-defined]
    assert event.provisional is True  # type: ignore[attr-defined]
    assert event.publication_working_days == 20  # type: ignore[attr-defined]
    assert event.policy_version == DEFAULT_POLICY.version  # type: ignore[attr-defined]
    assert walk.inspection.appealable_on == date(2024, 3, 8)


def test_complaint_inspection_cites_complaint() -> None:
    with pytest.raises(InspectionSourceMissingError) as caught:
        Inspection.plan(
            meta(),
            InspectionKind.COMPLAINT,
            FIRM,
            OrganizationKind.LAW_FIRM,
            checklist(),
            None,
            DEFAULT_POLICY,
        )
    assert caught.value.rule == "ComplaintInspectionCitesComplaint"
    assert planned(InspectionKind.COMPLAINT).source_ref == "12345-2024-001"


# -- follow-up, publication, closing -------------------------------------------------------------


def test_follow_up_only_for_shortcomings() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    inspection = walk.inspection
    refused(
        NoShortcomingError,
        "FollowUpOnlyForShortcomings",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 1), "x"),
    )
    refused(
        NoShortcomingError,
        "FollowUpOnlyForShortcomings",
        inspection,
        lambda: inspection.refer_for_sanction(meta(date(2024, 3, 9))),
    )


def test_rectification_due_after_order() -> None:
    walk = Walk().concluded()
    refused(
        RectificationDueDateError,
        "RectificationDueAfterOrder",
        walk.inspection,
        lambda: walk.inspection.order_rectification(
            meta(date(2024, 3, 9)), date(2024, 3, 9), "当日整改"
        ),
    )


def test_a_rectification_is_ordered_again_only_after_a_failed_verification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "公示收费标准")
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 3, 10)), date(2024, 5, 9), "x"),
    )
    inspection.verify_rectification(meta(date(2024, 4, 10)), passed=False)
    assert inspection.rectification_open
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.verify_rectification(meta(date(2024, 4, 11)), passed=True),
    )
    inspection.order_rectification(meta(date(2024, 4, 11)), date(2024, 5, 11), "再次整改")
    assert inspection.rectification_due == date(2024, 5, 11)
    assert inspection.rectification_passed is None


def test_referral_for_sanction_ends_the_open_rectification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "整改")
    inspection.verify_rectification(meta(date(2024, 4, 10)), passed=False)
    case = uuid4()
    inspection.refer_for_sanction(meta(date(2024, 4, 11)), case)
    assert inspection.status is InspectionStatus.REFERRED_FOR_SANCTION
    assert inspection.sanction_case_id == case
    assert not inspection.rectification_open
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.refer_for_sanction(meta(date(2024, 4, 12))),
    )


def test_publication_does_not_wait_for_the_rectification() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 6, 9), "整改")
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    assert inspection.status is InspectionStatus.PUBLISHED
    assert inspection.follow_up is InspectionStatus.RECTIFICATION_ORDERED
    inspection.verify_rectification(meta(date(2024, 6, 1)), passed=True)
    assert inspection.follow_up is InspectionStatus.RECTIFICATION_VERIFIED


def test_publish_once() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    walk.inspection.publish(meta(date(2024, 3, 20)), DUE)
    refused(
        AlreadyPublishedError,
        "PublishOnce",
        walk.inspection,
        lambda: walk.inspection.publish(meta(date(2024, 3, 21)), DUE),
    )


def test_overdue_publication_is_an_alert_not_a_block() -> None:
    walk = Walk().concluded(InspectionResult.COMPLIANT, fail=())
    late = walk.inspection.publish(meta(date(2024, 5, 6)), DUE)
    assert late is True and walk.inspection.published_late
    event = walk.inspection.collect_events()[-1]
    assert event.late is True and event.publication_due == DUE.due  # type: ignore[attr-defined]


def test_close_only_when_settled() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    refused(
        InspectionNotSettledError,
        "CloseOnlyWhenSettled",
        inspection,
        lambda: inspection.close(meta(date(2024, 3, 9))),
    )
    inspection.order_rectification(meta(date(2024, 3, 9)), date(2024, 4, 9), "整改")
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    error = refused(
        InspectionNotSettledError,
        "CloseOnlyWhenSettled",
        inspection,
        lambda: inspection.close(meta(date(2024, 3, 21))),
    )
    assert error.context["rectification_open"] is True
    inspection.verify_rectification(meta(date(2024, 4, 9)), passed=True)
    inspection.close(meta(date(2024, 4, 10)))
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        inspection,
        lambda: inspection.close(meta(date(2024, 4, 11))),
    )


# -- appeal target protocol ---------------------------------------------------------------------


def test_appeal_target_protocol_attributes() -> None:
    walk = Walk()
    assert Inspection.appeal_kind == "inspection"
    assert walk.inspection.appealable_on is None
    walk.concluded()
    assert walk.inspection.appealable_on == date(2024, 3, 8)


def test_vary_on_appeal_changes_the_result_and_history_keeps_the_original() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.collect_events()
    appeal = uuid4()
    inspection.vary_on_appeal(
        meta(date(2024, 5, 1)), appeal, result="compliant_with_remarks", summary="复议变更"
    )
    assert inspection.result is InspectionResult.COMPLIANT_WITH_REMARKS
    assert inspection.summary == "复议变更"
    assert inspection.appeals == (appeal,)
    (event,) = inspection.collect_events()
    assert event.TOPIC == "ledger.Inspection.VariedOnAppeal"  # type: ignore[attr-defined]
    with pytest.raises(InvalidCommandError):
        inspection.vary_on_appeal(meta(date(2024, 5, 1)), appeal, grade="B")
    with pytest.raises(InvalidCommandError):
        inspection.vary_on_appeal(meta(date(2024, 5, 1)), appeal, result="excellent")


def test_annul_on_appeal_stops_everything_but_the_withdrawal() -> None:
    walk = Walk().concluded()
    inspection = walk.inspection
    inspection.publish(meta(date(2024, 3, 20)), DUE)
    inspection.annul_on_appeal(meta(date(2024, 5, 1)), uuid4())
    assert inspection.status is InspectionStatus.ANNULLED
    refused(
        InspectionAnnulledError,
        "NoChangeAfterAnnulment",
        inspection,
        lambda: inspection.order_rectification(meta(date(2024, 5, 2)), date(2024, 6, 1), "x"),
    )
    refused(
        InspectionAnnulledError,
        "NoChangeAfterAnnulment",
        inspection,
        lambda: inspection.annul_on_appeal(meta(date(2024, 5, 2)), uuid4()),
    )
    with pytest.raises(InspectionNotSettledError):
        inspection.close(meta(date(2024, 5, 2)))  # the publication must come down first
    assert inspection.withdraw_publication(meta(date(2024, 5, 1)), date(2024, 5, 4)) is True
    assert inspection.published_on is None
    inspection.close(meta(date(2024, 5, 5)))


def test_withdraw_publication_is_a_no_op_when_not_published() -> None:
    walk = Walk().concluded()
    walk.inspection.collect_events()
    assert walk.inspection.withdraw_publication(meta(date(2024, 5, 1)), date(2024, 5, 4)) is False
    assert walk.inspection.collect_events() == []


def test_no_appeal_decision_without_a_result() -> None:
    walk = Walk()
    refused(
        InspectionStageError,
        "InspectionStagesInOrder",
        walk.inspection,
        lambda: walk.inspection.annul_on_appeal(meta(), uuid4()),
    )


# -- history -------------------------------------------------------------------------------------


def test_replaying_the_events_rebuilds_the_same_inspection_without_rejudging() -> None:
    """Events only assign state: replay under a stricter policy gives the same record."""
    walk = Walk()
    fresh = Inspection.plan(
        meta(),
        InspectionKind.ANNUAL,
        FIRM,
        OrganizationKind.LAW_FIRM,
        checklist(),
        None,
        DEFAULT_POLICY,
    )
    fresh.assign_inspectors(meta(), [walk.a, walk.b], [FIRM], DEFAULT_POLICY)
    fresh.record_findings(meta(), findings(("FF-01",)), walk.pair, DEFAULT_POLICY)
    fresh.record_result(meta(), InspectionResult.NON_COMPLIANT, "x", DUE, DEFAULT_POLICY)
    events = fresh.collect_events()
    replayed: Inspection | None = None
    for stored in events:
        replayed = stored.mutate(replayed)  # type: ignore[attr-defined]
    assert replayed is not None
    assert vars(replayed) == vars(fresh)
