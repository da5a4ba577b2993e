"""Sanction values and the rules judged under policy: terms, authority, statutory ranges and
repeat-offence escalation (律师法 art. 51). Pure functions, unit-tested alone; the SanctionCase
aggregate (domain/sanctions/case.py) calls them before recording an event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.core.calendar import add_months
from domain.core.policy import Policy
from domain.core.values import (
    SuspensionPeriod,
    article,
    stable_topic,
)
from domain.sanctions.errors import (
    RepeatOffenceEscalatesError,
    SanctionKindNotApplicableError,
    SanctionOutOfRangeError,
    SanctionTermsInvalidError,
)


@stable_topic("ledger.value.SanctionSubjectKind")
class SubjectKind(StrEnum):
    """Who can be sanctioned: licensed persons and the organizations they practise in."""

    LAWYER = "lawyer"
    LAW_FIRM = "law_firm"
    NOTARY = "notary"
    NOTARY_OFFICE = "notary_office"
    APPRAISER = "appraiser"
    APPRAISAL_INSTITUTION = "appraisal_institution"

    @property
    def is_organization(self) -> bool:
        return self in _ORGANIZATION_SUBJECTS


_ORGANIZATION_SUBJECTS = {
    SubjectKind.LAW_FIRM,
    SubjectKind.NOTARY_OFFICE,
    SubjectKind.APPRAISAL_INSTITUTION,
}


@stable_topic("ledger.value.SanctionKind")
class SanctionKind(StrEnum):
    WARNING = "warning"  # 警告
    FINE = "fine"  # 罚款
    PRACTICE_SUSPENSION = "practice_suspension"  # 停止执业 (a person)
    BUSINESS_SUSPENSION = "business_suspension"  # 停业整顿 (an organization)
    REVOCATION = "revocation"  # 吊销执业证书

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @property
    def is_suspension(self) -> bool:
        return self in (SanctionKind.PRACTICE_SUSPENSION, SanctionKind.BUSINESS_SUSPENSION)

    @property
    def carries_hearing_right(self) -> bool:
        """The party may ask for a hearing before it is imposed [行政处罚法 art. 63]."""
        return self.is_suspension or self is SanctionKind.REVOCATION


_SEVERITY = {
    SanctionKind.WARNING: 1,
    SanctionKind.FINE: 2,
    SanctionKind.PRACTICE_SUSPENSION: 3,
    SanctionKind.BUSINESS_SUSPENSION: 3,
    SanctionKind.REVOCATION: 4,
}


@stable_topic("ledger.value.CaseOrigin")
class CaseOrigin(StrEnum):
    COMPLAINT = "complaint"  # 诉转案
    INSPECTION = "inspection"  # referred by an inspection
    OTHER = "other"


@stable_topic("ledger.value.SanctionStage")
class SanctionStage(StrEnum):
    OPENED = "opened"
    INVESTIGATED = "investigated"
    NOTICE_SERVED = "notice_served"
    HEARING_REQUESTED = "hearing_requested"
    HEARING_HELD = "hearing_held"
    LEGAL_REVIEW_PASSED = "legal_review_passed"
    PROPOSED = "proposed"
    RECOMMENDED = "recommended"  # waiting for the municipal bureau's decision
    DECIDED = "decided"
    SERVED = "served"
    PUBLISHED = "published"
    EXECUTED = "executed"
    CLOSED = "closed"


_BEFORE_DECISION = (
    SanctionStage.OPENED,
    SanctionStage.INVESTIGATED,
    SanctionStage.NOTICE_SERVED,
    SanctionStage.HEARING_REQUESTED,
    SanctionStage.HEARING_HELD,
    SanctionStage.LEGAL_REVIEW_PASSED,
    SanctionStage.PROPOSED,
    SanctionStage.RECOMMENDED,
)


@stable_topic("ledger.value.SanctionTerms")
class SanctionTerms(BaseModel):
    """What is imposed: a kind, and the amount (fines) or months (suspensions)."""

    model_config = ConfigDict(frozen=True)

    kind: SanctionKind
    amount: Decimal | None = Field(default=None, gt=0, max_digits=12, decimal_places=2)
    months: int | None = Field(default=None, ge=1, le=120)

    def describe(self) -> str:
        if self.amount is not None:
            return f"{self.kind.value} of {self.amount} yuan"
        if self.months is not None:
            return f"{self.kind.value} of {self.months} month(s)"
        return self.kind.value


@stable_topic("ledger.value.PriorSanction")
class PriorSanction(BaseModel):
    """One decided (and not annulled) sanction in the subject's history."""

    model_config = ConfigDict(frozen=True)

    case_id: UUID
    kind: SanctionKind
    decided_on: date
    suspension_until: date | None = None


@stable_topic("ledger.value.SanctionProposal")
class Proposal(BaseModel):
    model_config = ConfigDict(frozen=True)

    terms: SanctionTerms
    proposer: str
    proposed_on: date
    offence_on: date
    offence_level: SanctionKind
    escalated_from: SanctionKind | None
    escalation_reason: str | None


@dataclass(frozen=True)
class Escalation:
    """The lightest sanction a repeat offence allows [律师法 art. 51]."""

    minimum: SanctionKind
    min_months: int | None
    max_months: int | None
    escalated_from: SanctionKind
    prior_case_id: UUID
    reason: str


# -- rules judged under policy (pure functions, unit-tested alone) ---------------------------


def check_terms_fit_kind(terms: SanctionTerms) -> None:
    """SanctionTermsFitKind: a fine has an amount, a suspension months, a warning or a
    revocation neither."""
    needs_amount = terms.kind is SanctionKind.FINE
    needs_months = terms.kind.is_suspension
    for field, needed, given in (
        ("amount", needs_amount, terms.amount is not None),
        ("months", needs_months, terms.months is not None),
    ):
        if needed and not given:
            raise SanctionTermsInvalidError(
                f"{article(terms.kind.value)} needs {field}", field=field
            )
        if given and not needed:
            raise SanctionTermsInvalidError(
                f"{article(terms.kind.value)} has no {field}", field=field
            )


def check_kind_fits_subject(subject_kind: SubjectKind, terms: SanctionTerms, policy: Policy) -> str:
    """SanctionKindFitsSubject: a person's practice is suspended, an organization's business;
    the authority matrix must say who decides. Returns "district" or "municipal"."""
    wrong_suspension = (
        SanctionKind.PRACTICE_SUSPENSION
        if subject_kind.is_organization
        else SanctionKind.BUSINESS_SUSPENSION
    )
    authority = policy.decided_by(subject_kind.value, terms.kind.value)
    if terms.kind is wrong_suspension or authority is None:
        raise SanctionKindNotApplicableError(
            f"no {terms.kind.value} can be imposed on {article(subject_kind.value)} "
            f"(policy {policy.version})",
            subject_kind=subject_kind.value,
            sanction_kind=terms.kind.value,
            policy_version=policy.version,
        )
    return authority


def check_within_range(subject_kind: SubjectKind, terms: SanctionTerms, policy: Policy) -> None:
    """SanctionWithinStatutoryRange [律师法 arts. 47-50]."""
    low: Decimal | int
    high: Decimal | int
    value: Decimal | int
    if terms.kind is SanctionKind.FINE and terms.amount is not None:
        value, low = terms.amount, Decimal(0)
        high = policy.firm_fine_max if subject_kind.is_organization else policy.lawyer_fine_max
        unit = "yuan"
    elif terms.kind is SanctionKind.PRACTICE_SUSPENSION and terms.months is not None:
        value, low, high, unit = terms.months, 1, policy.lawyer_suspension_max_months, "months"
    elif terms.kind is SanctionKind.BUSINESS_SUSPENSION and terms.months is not None:
        value, unit = terms.months, "months"
        low, high = policy.firm_suspension_min_months, policy.firm_suspension_max_months
    else:
        return
    if not low <= value <= high:
        raise SanctionOutOfRangeError(
            f"{article(terms.kind.value)} on {article(subject_kind.value)} is {low}..{high} {unit}; "
            f"{value} was proposed (policy {policy.version})",
            minimum=str(low),
            maximum=str(high),
            proposed=str(value),
            policy_version=policy.version,
        )


def check_terms(subject_kind: SubjectKind, terms: SanctionTerms, policy: Policy) -> str:
    """Every rule on what may be imposed; returns who decides ("district" | "municipal")."""
    check_terms_fit_kind(terms)
    authority = check_kind_fits_subject(subject_kind, terms, policy)
    check_within_range(subject_kind, terms, policy)
    return authority


def repeat_offence_escalation(
    subject_kind: SubjectKind,
    offence_level: SanctionKind,
    offence_on: date,
    history: Iterable[PriorSanction],
    policy: Policy,
) -> Escalation | None:
    """律师法 art. 51: a warning-level offence within a year of a warning calls for a 3-12
    months suspension; a suspension-level offence within two years of a suspension ending calls
    for revocation. Windows and months come from the policy."""
    prior = sorted(history, key=lambda p: p.decided_on, reverse=True)
    if offence_level.is_suspension:
        for p in prior:
            ended = p.suspension_until
            if ended is None or not p.kind.is_suspension:
                continue
            window_end = add_months(ended, policy.repeat_suspension_window_months).due
            if ended < offence_on <= window_end:
                return Escalation(
                    minimum=SanctionKind.REVOCATION,
                    min_months=None,
                    max_months=None,
                    escalated_from=offence_level,
                    prior_case_id=p.case_id,
                    reason=(
                        f"suspension-level offence on {offence_on}, within "
                        f"{policy.repeat_suspension_window_months} months after the suspension "
                        f"of case {p.case_id} ended on {ended} (律师法 art. 51)"
                    ),
                )
    if offence_level is SanctionKind.WARNING and not subject_kind.is_organization:
        for p in prior:
            if p.kind is not SanctionKind.WARNING:
                continue
            window_end = add_months(p.decided_on, policy.repeat_warning_window_months).due
            if p.decided_on < offence_on <= window_end:
                return Escalation(
                    minimum=SanctionKind.PRACTICE_SUSPENSION,
                    min_months=policy.escalated_suspension_min_months,
                    max_months=policy.escalated_suspension_max_months,
                    escalated_from=offence_level,
                    prior_case_id=p.case_id,
                    reason=(
                        f"warning-level offence on {offence_on}, within "
                        f"{policy.repeat_warning_window_months} months of the warning of case "
                        f"{p.case_id} decided on {p.decided_on} (律师法 art. 51)"
                    ),
                )
    return None


def check_escalation_respected(terms: SanctionTerms, escalation: Escalation | None) -> None:
    """RepeatOffenceEscalates: nothing lighter than the escalated minimum."""
    if escalation is None:
        return
    minimum = escalation.minimum
    too_light = terms.kind.severity < minimum.severity or (
        terms.kind is minimum
        and escalation.min_months is not None
        and (terms.months or 0) < escalation.min_months
    )
    too_long = (
        terms.kind is minimum
        and escalation.max_months is not None
        and (terms.months or 0) > escalation.max_months
    )
    if too_light or too_long:
        months = (
            f" of {escalation.min_months}-{escalation.max_months} months"
            if escalation.min_months is not None
            else ""
        )
        raise RepeatOffenceEscalatesError(
            f"repeat offence: the sanction is at least {minimum.value}{months}; "
            f"{terms.describe()} was proposed. {escalation.reason}",
            minimum=minimum.value,
            min_months=escalation.min_months,
            max_months=escalation.max_months,
            prior_case_id=str(escalation.prior_case_id),
        )


def suspension_period(starts_on: date, months: int) -> SuspensionPeriod:
    """`months` months from `starts_on`, both ends inclusive."""
    return SuspensionPeriod(
        starts_on=starts_on, until=add_months(starts_on, months).due - timedelta(days=1)
    )
