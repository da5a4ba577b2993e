"""Policy as data: deadlines, thresholds, ratios and the authority matrix, versioned with the date
they take effect. A command is judged under the version in force on its effective date, and its
event records that version; publishing a new version never re-judges history.

Values marked [law] in DOMAIN.md are defaults a bureau should not need to change; [practice] and
[assume] values are exactly what a new version is for.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.core.base import unused_created_event
from domain.core.errors import PolicyVersionError
from domain.core.values import (
    EventMeta,
    business_id,
    stable_topic,
)


@stable_topic("ledger.value.GradeThresholds")
class GradeThresholds(BaseModel):
    """Integrity grade cut-offs 诚信等级 [assume]: A >= a, B >= b, C >= c, else D."""

    model_config = ConfigDict(frozen=True)

    a: Decimal = Decimal(90)
    b: Decimal = Decimal(75)
    c: Decimal = Decimal(60)

    @model_validator(mode="after")
    def descending(self) -> GradeThresholds:
        if not (self.a > self.b > self.c >= 0):
            raise ValueError("grade thresholds must descend: a > b > c >= 0")
        return self


@stable_topic("ledger.value.RiskThresholds")
class RiskThresholds(BaseModel):
    """Where a subject's risk tier 风险等级 changes (domain/spot_checks/risk.py applies them) [practice,
    assume]: the spot-check draw samples each tier at its own rate, so these are policy data."""

    model_config = ConfigDict(frozen=True)

    # Complaints found substantiated (or partly) within the last 12 months.
    complaints_medium: int = Field(default=1, ge=1)
    complaints_high: int = Field(default=3, ge=1)
    # A decided sanction keeps a subject at medium risk this long after its decision.
    sanction_lookback_months: int = Field(default=24, ge=0)
    # Not inspected for this long (and registered for at least as long): medium risk. None: off.
    inspection_gap_months: int | None = Field(default=36, ge=1)
    # Evaluation results (integrity grade, firm annual result, lawyer assessment) by tier.
    high_results: tuple[str, ...] = ("D", "fail", "incompetent")
    medium_results: tuple[str, ...] = ("C", "not_graded", "basic_pass", "basically_competent")

    @model_validator(mode="after")
    def consistent(self) -> RiskThresholds:
        if self.complaints_high < self.complaints_medium:
            raise ValueError("complaints_high must not be below complaints_medium")
        both = set(self.high_results) & set(self.medium_results)
        if both:
            raise ValueError(f"results in both tiers: {', '.join(sorted(both))}")
        return self


@stable_topic("ledger.value.AuthorityRule")
class AuthorityRule(BaseModel):
    """Who decides a sanction of `sanction_kind` on a subject of `subject_kind`."""

    model_config = ConfigDict(frozen=True)

    subject_kind: str  # a PractitionerKind or OrganizationKind value
    sanction_kind: str  # a SanctionKind value
    decided_by: str = Field(pattern="^(district|municipal)$")


def _default_authority() -> tuple[AuthorityRule, ...]:
    # 律师法 arts. 47-51: the district warns, fines and suspends lawyers and suspends firms'
    # business; revocation, and every notary and appraiser penalty, is decided by the municipal
    # bureau on the district's recommendation.
    district = [
        ("lawyer", "warning"),
        ("lawyer", "fine"),
        ("lawyer", "practice_suspension"),
        ("law_firm", "warning"),
        ("law_firm", "fine"),
        ("law_firm", "business_suspension"),
    ]
    municipal = [
        ("lawyer", "revocation"),
        ("law_firm", "revocation"),
        *[(s, k) for s in ("notary", "notary_office") for k in
          ("warning", "fine", "practice_suspension", "business_suspension", "revocation")],
        *[(s, k) for s in ("appraiser", "appraisal_institution") for k in
          ("warning", "fine", "practice_suspension", "business_suspension", "revocation")],
    ]  # fmt: skip
    return tuple(
        [AuthorityRule(subject_kind=s, sanction_kind=k, decided_by="district") for s, k in district]
        + [
            AuthorityRule(subject_kind=s, sanction_kind=k, decided_by="municipal")
            for s, k in municipal
        ]
    )


SPOT_CHECK_RATIOS = {"high": Decimal(1), "medium": Decimal("0.2"), "low": Decimal("0.05")}


@stable_topic("ledger.value.Policy")
class Policy(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._\-]+$")
    effective_from: date

    # Inspections
    inspectors_per_inspection: int = Field(default=2, ge=2)  # [law] 行政处罚法 art. 42
    inspection_publication_working_days: int = Field(default=20, ge=1)  # [law] 国办发〔2018〕118号
    # A law firm's annual inspection 年度检查考核 covers party building 党建 beside business,
    # conduct, internal management and fee filing [practice]: its checklist must have items of each.
    law_firm_annual_inspection_categories: tuple[str, ...] = (
        "party_building",
        "business",
        "conduct",
        "internal_management",
        "fee_filing",
    )

    # Evaluations
    grade_thresholds: GradeThresholds = GradeThresholds()
    evaluation_objection_working_days: int = Field(default=10, ge=1)  # [assume]
    law_firm_basic_pass_enabled: bool = False  # 基本合格 [practice]
    # The integrity score sheet's item maxima add up to this; the grade thresholds are on it.
    integrity_score_scale: Decimal = Field(default=Decimal(100), gt=0)  # [practice]

    # Sanctions
    sanction_decision_days: int = Field(default=90, ge=1)  # [law] 行政处罚法 art. 60
    sanction_publication_working_days: int = Field(default=7, ge=1)  # [law]
    publication_withdrawal_days: int = Field(default=3, ge=1)  # [law] art. 48
    # A party told of an intended suspension or revocation asks for a hearing within this many
    # days of the notice [law] 行政处罚法 art. 64(1).
    hearing_request_days: int = Field(default=5, ge=1)
    publication_min_months: int = Field(default=3, ge=0)  # credit repair [practice]
    publication_max_months: int = Field(default=36, ge=1)
    lawyer_suspension_max_months: int = Field(default=12, ge=1)  # [law] 律师法 art. 49
    firm_suspension_min_months: int = Field(default=1, ge=1)  # [law] 律师法 art. 50
    firm_suspension_max_months: int = Field(default=6, ge=1)
    lawyer_fine_max: Decimal = Decimal(50_000)  # [law] 律师法 art. 49
    firm_fine_max: Decimal = Decimal(
        500_000
    )  # [law] 律师法 art. 50 (up to 10x illegal gains; cap [assume])
    repeat_warning_window_months: int = 12  # [law] art. 51: warning within 1 year
    repeat_suspension_window_months: int = 24  # [law] art. 51: 2 years after a suspension ends
    escalated_suspension_min_months: int = 3
    escalated_suspension_max_months: int = 12
    authority: tuple[AuthorityRule, ...] = Field(default_factory=_default_authority)

    # Appeals
    reconsideration_days: int = Field(default=60, ge=1)  # [law] 行政复议法
    litigation_months: int = Field(default=6, ge=1)  # [law] 行政诉讼法 art. 46
    litigation_after_reconsideration_days: int = Field(default=15, ge=1)  # [law] art. 45

    # Notarizations
    issuance_working_days: int = Field(default=15, ge=1)  # [law] 公证法 art. 30
    review_request_months: int = Field(default=12, ge=1)  # [law] 复查 within 1 year of receipt
    review_decision_days: int = Field(default=30, ge=1)  # [law] 公证程序规则

    # Complaints 接诉即办
    complaint_acceptance_working_days: int = Field(default=10, ge=1)  # [practice]
    complaint_feedback_emergency_hours: int = Field(default=2, ge=1)  # [practice] 12345
    complaint_feedback_general_working_days: int = Field(default=7, ge=1)  # [practice] 12345
    complaint_feedback_complex_working_days: int = Field(default=15, ge=1)  # [practice] 12345

    # Bearer tokens: how long one is valid unless its issue says otherwise [assume].
    token_valid_days: int = Field(default=365, ge=1, le=3650)

    # Risk tiers (compliance profiles, spot-check sampling)
    risk_thresholds: RiskThresholds = RiskThresholds()
    # 双随机: the share of each risk tier's eligible targets a spot-check draw takes, unless a
    # plan names its own [practice: Henan, high 100% ... low 1%; ours is coarser, three tiers].
    spot_check_ratios: dict[str, Decimal] = Field(default_factory=lambda: dict(SPOT_CHECK_RATIOS))

    def decided_by(self, subject_kind: str, sanction_kind: str) -> str | None:
        for rule in self.authority:
            if rule.subject_kind == subject_kind and rule.sanction_kind == sanction_kind:
                return rule.decided_by
        return None


DEFAULT_POLICY = Policy(version="2024.1", effective_from=date(2000, 1, 1))


class PolicyBook(Aggregate):
    """The one record of every policy version the bureau has published."""

    TOPIC = "ledger.PolicyBook"
    Created = unused_created_event("PolicyBook")
    ID = business_id("policy", "book")

    @staticmethod
    def create_id() -> UUID:
        return PolicyBook.ID

    @event("Opened", topic="ledger.PolicyBook.Opened")
    def __init__(self, meta: EventMeta) -> None:
        self.versions: tuple[Policy, ...] = ()

    def publish(self, meta: EventMeta, policy: Policy) -> None:
        self.check_version_is_new_and_later(policy)
        self._publish(meta, policy)

    def check_version_is_new_and_later(self, policy: Policy) -> None:
        """PolicyVersionsMoveForward: a version name is used once, and each version takes effect
        after the previous one (an earlier date would re-judge what was already decided)."""
        if any(p.version == policy.version for p in self.versions):
            raise PolicyVersionError(f"policy version {policy.version} already exists")
        if self.versions and policy.effective_from <= self.versions[-1].effective_from:
            raise PolicyVersionError(
                f"policy {policy.version} must take effect after {self.versions[-1].version} "
                f"({self.versions[-1].effective_from})",
                effective_from=str(policy.effective_from),
                previous=str(self.versions[-1].effective_from),
            )

    @event("VersionPublished", topic="ledger.PolicyBook.VersionPublished")
    def _publish(self, meta: EventMeta, policy: Policy) -> None:
        self.versions = (*self.versions, policy)

    def on(self, day: date) -> Policy:
        in_force = [p for p in self.versions if p.effective_from <= day]
        return in_force[-1] if in_force else DEFAULT_POLICY
