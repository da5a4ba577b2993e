"""The risk tier 风险等级 of a supervised subject, with its reasons: a pure function of the facts of
its compliance profile on a day and the policy in force on that day.

The spot-check draw (双随机) samples each tier at its own rate, so the tier must be explainable
and reproducible: every rule that raises the tier is named, says why in words, and reads its
threshold from `Policy.risk_thresholds` (policy data, versioned). The assessment records the
policy version it was made under.

    tier = the highest tier any rule gives; low when no rule applies

Adding a rule is one function in `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.core.calendar import add_months
from domain.core.policy import Policy
from domain.core.values import LicenceStatus


class RiskTier(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {RiskTier.LOW: 0, RiskTier.MEDIUM: 1, RiskTier.HIGH: 2}


@dataclass(frozen=True)
class RiskFacts:
    """What the rules read, as true on `day` (a compliance profile provides them)."""

    day: date
    registered_on: date
    licence_status: LicenceStatus  # in force on `day`
    sanctions_in_force: tuple[str, ...] = ()  # sanction kinds
    last_sanction_on: date | None = None  # latest decision not annulled
    results: tuple[tuple[str, str], ...] = ()  # (evaluation kind, current result)
    substantiated_complaints: int = 0  # substantiated or partly, in the last 12 months
    rectifications_overdue: int = 0
    open_findings: int = 0  # failed checklist items not yet rectified
    last_inspected_on: date | None = None  # latest inspection result


@dataclass(frozen=True)
class RiskReason:
    rule: str
    tier: RiskTier
    detail: str


@dataclass(frozen=True)
class RiskAssessment:
    tier: RiskTier
    reasons: tuple[RiskReason, ...]
    policy_version: str
    assessed_on: date


Rule = Callable[[RiskFacts, Policy], Iterable[RiskReason]]


def licence_not_in_good_standing(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """LicenceNotInGoodStanding: a suspended or revoked licence is high risk."""
    if facts.licence_status in (LicenceStatus.SUSPENDED, LicenceStatus.REVOKED):
        yield RiskReason(
            "LicenceNotInGoodStanding",
            RiskTier.HIGH,
            f"the licence is {facts.licence_status.value} on {facts.day}",
        )


def sanction_in_force(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """SanctionInForce: a sanction still running (a suspension within its period, a revocation,
    a warning or fine while its publication lasts) is high risk."""
    if facts.sanctions_in_force:
        yield RiskReason(
            "SanctionInForce",
            RiskTier.HIGH,
            f"sanction in force on {facts.day}: {', '.join(facts.sanctions_in_force)}",
        )


def recent_sanction(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """RecentSanction: a sanction decided within the look-back window is medium risk."""
    months = policy.risk_thresholds.sanction_lookback_months
    last = facts.last_sanction_on
    if facts.sanctions_in_force or last is None or months == 0:
        return
    if last > add_months(facts.day, -months).due:
        yield RiskReason(
            "RecentSanction",
            RiskTier.MEDIUM,
            f"a sanction was decided on {last}, within {months} months",
        )


def poor_evaluation_result(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """PoorEvaluationResult: the current grade or result of an evaluation kind (after appeals)
    is in the policy's high or medium list."""
    thresholds = policy.risk_thresholds
    for kind, result in facts.results:
        if result in thresholds.high_results:
            yield RiskReason("PoorEvaluationResult", RiskTier.HIGH, f"{kind} result is {result}")
        elif result in thresholds.medium_results:
            yield RiskReason("PoorEvaluationResult", RiskTier.MEDIUM, f"{kind} result is {result}")


def substantiated_complaints(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """SubstantiatedComplaints: complaints found substantiated in the last 12 months."""
    count = facts.substantiated_complaints
    thresholds = policy.risk_thresholds
    if count >= thresholds.complaints_high:
        tier = RiskTier.HIGH
    elif count >= thresholds.complaints_medium:
        tier = RiskTier.MEDIUM
    else:
        return
    yield RiskReason(
        "SubstantiatedComplaints",
        tier,
        f"{count} complaint(s) substantiated in the 12 months to {facts.day}",
    )


def rectification_overdue(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """RectificationOverdue: an ordered rectification past its due date, not verified done."""
    if facts.rectifications_overdue:
        yield RiskReason(
            "RectificationOverdue",
            RiskTier.HIGH,
            f"{facts.rectifications_overdue} rectification(s) overdue on {facts.day}",
        )


def open_findings(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """OpenFindings: failed checklist items whose rectification is not verified yet."""
    if facts.open_findings and not facts.rectifications_overdue:
        yield RiskReason(
            "OpenFindings",
            RiskTier.MEDIUM,
            f"{facts.open_findings} failed checklist item(s) not yet rectified",
        )


def not_inspected_recently(facts: RiskFacts, policy: Policy) -> Iterable[RiskReason]:
    """NotInspectedRecently: registered for the whole gap and no inspection result within it."""
    months = policy.risk_thresholds.inspection_gap_months
    if months is None:
        return
    since = add_months(facts.day, -months).due
    if facts.registered_on > since:
        return
    if facts.last_inspected_on is None or facts.last_inspected_on <= since:
        last = facts.last_inspected_on or "never"
        yield RiskReason(
            "NotInspectedRecently",
            RiskTier.MEDIUM,
            f"no inspection result in the {months} months to {facts.day} (last: {last})",
        )


RULES: tuple[Rule, ...] = (
    licence_not_in_good_standing,
    sanction_in_force,
    recent_sanction,
    poor_evaluation_result,
    substantiated_complaints,
    rectification_overdue,
    open_findings,
    not_inspected_recently,
)


def assess_risk(facts: RiskFacts, policy: Policy) -> RiskAssessment:
    """The tier on `facts.day` under `policy` (the version in force on that day), with every
    reason that raised it, highest first."""
    reasons = [reason for rule in RULES for reason in rule(facts, policy)]
    reasons.sort(key=lambda r: -r.tier.rank)  # stable: rules keep their order within a tier
    tier = reasons[0].tier if reasons else RiskTier.LOW
    return RiskAssessment(tier, tuple(reasons), policy.version, facts.day)
