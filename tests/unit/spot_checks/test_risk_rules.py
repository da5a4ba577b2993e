"""The risk tier rules (domain/spot_checks/risk.py), each on its own: facts in, tier and reasons out, the
thresholds read from the policy in force."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pydantic import ValidationError

from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
    RiskThresholds,
)
from domain.core.values import LicenceStatus
from domain.spot_checks.risk import (
    RiskFacts,
    RiskTier,
    assess_risk,
)

DAY = date(2024, 6, 30)
# A subject with nothing against it: registered a year ago, inspected (clean) last autumn.
CLEAN = RiskFacts(
    day=DAY,
    registered_on=date(2023, 6, 1),
    licence_status=LicenceStatus.ACTIVE,
    last_inspected_on=date(2023, 10, 9),
)


def rules(facts: RiskFacts, policy: Policy = DEFAULT_POLICY) -> dict[str, RiskTier]:
    return {r.rule: r.tier for r in assess_risk(facts, policy).reasons}


def policy_with(**thresholds: object) -> Policy:
    return Policy(
        version="risk-test",
        effective_from=date(2024, 1, 1),
        risk_thresholds=RiskThresholds(**thresholds),  # type: ignore[arg-type]
    )


def test_nothing_against_a_subject_is_low_risk() -> None:
    assessment = assess_risk(CLEAN, DEFAULT_POLICY)
    assert (assessment.tier, assessment.reasons) == (RiskTier.LOW, ())
    assert (assessment.policy_version, assessment.assessed_on) == ("2024.1", DAY)


@pytest.mark.parametrize("status", [LicenceStatus.SUSPENDED, LicenceStatus.REVOKED])
def test_licence_not_in_good_standing_makes_high_risk(status: LicenceStatus) -> None:
    assert rules(replace(CLEAN, licence_status=status)) == {
        "LicenceNotInGoodStanding": RiskTier.HIGH
    }
    assert rules(replace(CLEAN, licence_status=LicenceStatus.DEREGISTERED)) == {}


def test_sanction_in_force_makes_high_risk() -> None:
    facts = replace(CLEAN, sanctions_in_force=("warning",), last_sanction_on=date(2024, 5, 2))
    assessment = assess_risk(facts, DEFAULT_POLICY)
    assert assessment.tier is RiskTier.HIGH
    # The same sanction is not counted again as merely recent.
    assert [r.rule for r in assessment.reasons] == ["SanctionInForce"]
    assert "warning" in assessment.reasons[0].detail


def test_recent_sanction_makes_medium_risk_within_the_lookback() -> None:
    recent = replace(CLEAN, last_sanction_on=date(2022, 7, 1))  # within 24 months of DAY
    assert rules(recent) == {"RecentSanction": RiskTier.MEDIUM}
    old = replace(CLEAN, last_sanction_on=date(2022, 6, 30))  # exactly 24 months before
    assert rules(old) == {}
    assert rules(recent, policy_with(sanction_lookback_months=12)) == {}


@pytest.mark.parametrize(
    ("kind", "result", "tier"),
    [
        ("integrity_grading", "D", RiskTier.HIGH),
        ("integrity_grading", "C", RiskTier.MEDIUM),
        ("integrity_grading", "not_graded", RiskTier.MEDIUM),
        ("integrity_grading", "B", None),
        ("law_firm_annual", "fail", RiskTier.HIGH),
        ("law_firm_annual", "basic_pass", RiskTier.MEDIUM),
        ("lawyer_annual", "incompetent", RiskTier.HIGH),
        ("lawyer_annual", "basically_competent", RiskTier.MEDIUM),
        ("lawyer_annual", "competent", None),
    ],
)
def test_poor_evaluation_result_raises_the_tier(
    kind: str, result: str, tier: RiskTier | None
) -> None:
    found = rules(replace(CLEAN, results=((kind, result),)))
    assert found == ({} if tier is None else {"PoorEvaluationResult": tier})


def test_which_results_are_poor_is_policy_data() -> None:
    facts = replace(CLEAN, results=(("integrity_grading", "B"),))
    assert rules(facts) == {}
    stricter = policy_with(high_results=("D", "C"), medium_results=("B",))
    assert rules(facts, stricter) == {"PoorEvaluationResult": RiskTier.MEDIUM}


def test_substantiated_complaints_raise_the_tier_at_the_policy_thresholds() -> None:
    assert rules(replace(CLEAN, substantiated_complaints=1)) == {
        "SubstantiatedComplaints": RiskTier.MEDIUM
    }
    assert rules(replace(CLEAN, substantiated_complaints=3)) == {
        "SubstantiatedComplaints": RiskTier.HIGH
    }
    lenient = policy_with(complaints_medium=2, complaints_high=5)
    assert rules(replace(CLEAN, substantiated_complaints=1), lenient) == {}
    assert rules(replace(CLEAN, substantiated_complaints=3), lenient) == {
        "SubstantiatedComplaints": RiskTier.MEDIUM
    }


def test_rectification_overdue_makes_high_risk() -> None:
    facts = replace(CLEAN, rectifications_overdue=1, open_findings=2)
    assert rules(facts) == {"RectificationOverdue": RiskTier.HIGH}


def test_open_findings_make_medium_risk() -> None:
    assert rules(replace(CLEAN, open_findings=2)) == {"OpenFindings": RiskTier.MEDIUM}


def test_not_inspected_recently_makes_medium_risk() -> None:
    never = replace(CLEAN, registered_on=date(2020, 1, 2), last_inspected_on=None)
    assert rules(never) == {"NotInspectedRecently": RiskTier.MEDIUM}
    long_ago = replace(never, last_inspected_on=date(2021, 6, 30))
    assert rules(long_ago) == {"NotInspectedRecently": RiskTier.MEDIUM}
    assert rules(replace(never, last_inspected_on=date(2021, 7, 1))) == {}
    # A subject registered within the gap has not been due for an inspection yet.
    assert rules(replace(never, registered_on=date(2021, 7, 1))) == {}
    assert rules(never, policy_with(inspection_gap_months=None)) == {}


def test_tier_is_the_highest_reason_and_every_reason_is_kept() -> None:
    facts = replace(
        CLEAN,
        results=(("lawyer_annual", "basically_competent"),),
        substantiated_complaints=3,
        open_findings=1,
    )
    assessment = assess_risk(facts, DEFAULT_POLICY)
    assert assessment.tier is RiskTier.HIGH
    assert [(r.rule, r.tier) for r in assessment.reasons] == [
        ("SubstantiatedComplaints", RiskTier.HIGH),
        ("PoorEvaluationResult", RiskTier.MEDIUM),
        ("OpenFindings", RiskTier.MEDIUM),
    ]


def test_assessment_records_the_policy_version_used() -> None:
    assert assess_risk(CLEAN, policy_with()).policy_version == "risk-test"


def test_risk_thresholds_must_be_consistent() -> None:
    with pytest.raises(ValidationError, match="complaints_high"):
        RiskThresholds(complaints_medium=3, complaints_high=2)
    with pytest.raises(ValidationError, match="both tiers"):
        RiskThresholds(high_results=("D", "C"))


def test_default_policy_keeps_its_version_and_gains_default_thresholds() -> None:
    assert DEFAULT_POLICY.version == "2024.1"
    assert DEFAULT_POLICY.risk_thresholds == RiskThresholds()
    # A policy stored before the thresholds existed reads back with the defaults.
    stored = DEFAULT_POLICY.model_dump(mode="json")
    del stored["risk_thresholds"]
    assert Policy.model_validate(stored) == DEFAULT_POLICY
