"""Findings and the result on the aggregate alone: findings follow the checklist version, every
item is found, the result agrees with the findings, and a complaint inspection cites its source."""

from __future__ import annotations

from datetime import date

import pytest

from domain.core.calendar import Deadline
from domain.core.errors import (
    BasicPassNotEnabledError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    OrganizationKind,
)
from domain.inspections.errors import (
    FindingInvalidError,
    FindingNotOnChecklistError,
    FindingsIncompleteError,
    InspectionSourceMissingError,
    ResultInconsistentError,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    InspectionKind,
    InspectionResult,
)
from tests.unit.inspections.inspection_rules_support import (
    DUE,
    FIRM,
    NA,
    F,
    P,
    Walk,
    checklist,
    findings,
    meta,
    planned,
    refused,
)

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
