"""Four eyes and authority on the SanctionCase aggregate: the proposer cannot approve; what the
district decides and what it recommends to the municipal authority."""

from __future__ import annotations

from datetime import date

from domain.core.errors import (
    ProposerCannotApproveError,
)
from domain.core.policy import (
    DEFAULT_POLICY,
)
from domain.sanctions.errors import (
    SanctionStageError,
)
from domain.sanctions.rules import (
    SanctionKind,
    SanctionStage,
    SanctionTerms,
    SubjectKind,
)
from tests.unit.sanctions.sanction_rules_support import (
    CALENDAR,
    SUPERVISOR,
    WARNING,
    approve,
    fine,
    meta,
    propose,
    refused,
    reviewed,
    suspension,
)

# -- four eyes and authority ----------------------------------------------------------------------


def test_proposer_cannot_approve() -> None:
    case = reviewed()
    propose(case)
    error = refused(
        case,
        ProposerCannotApproveError,
        lambda: case.approve_decision(meta(date(2024, 4, 10)), DEFAULT_POLICY, CALENDAR),
    )
    assert error.rule == "ProposerCannotApprove"
    approve(case)
    assert case.stage is SanctionStage.DECIDED and case.decided_by == "district"


def test_district_decides_warnings_fines_and_suspensions_within_range() -> None:
    for subject, terms, starts in (
        (SubjectKind.LAWYER, WARNING, None),
        (SubjectKind.LAWYER, fine(50_000), None),
        (SubjectKind.LAWYER, suspension(12), date(2024, 5, 1)),
        (SubjectKind.LAW_FIRM, suspension(6, SanctionKind.BUSINESS_SUSPENSION), date(2024, 5, 1)),
        (SubjectKind.LAW_FIRM, fine(500_000), None),
    ):
        case = reviewed(subject)
        propose(case, terms)
        approve(case, starts_on=starts)
        events = case.collect_events()
        assert type(events[-1]).__name__ == "Decided", terms
        assert events[-1].policy_version == DEFAULT_POLICY.version
        assert case.terms == terms and case.decided_on == date(2024, 4, 10)


def test_municipal_authority_decides_revocation_and_notary_and_appraiser_penalties() -> None:
    for subject, terms in (
        (SubjectKind.LAWYER, SanctionTerms(kind=SanctionKind.REVOCATION)),
        (SubjectKind.NOTARY, WARNING),
        (SubjectKind.APPRAISAL_INSTITUTION, fine(10_000)),
    ):
        case = reviewed(subject)
        propose(case, terms)
        approve(case)
        recommended = case.collect_events()[-1]
        assert type(recommended).__name__ == "RecommendationSent"
        assert recommended.terms == terms and recommended.approver == "supervisor.li"
        assert case.stage is SanctionStage.RECOMMENDED and case.terms is None
        assert case.prior_sanction is None  # not decided yet


def test_municipal_decision_is_its_own_event_and_may_differ() -> None:
    case = reviewed(SubjectKind.NOTARY)
    propose(case, fine(10_000))
    approve(case)
    refused(case, SanctionStageError, lambda: case.serve(meta(date(2024, 5, 1))))
    case.record_municipal_decision(
        meta(date(2024, 5, 6), SUPERVISOR),
        terms=suspension(3),
        municipal_reference="京司罚决〔2024〕9号",
        policy=DEFAULT_POLICY,
        calendar=CALENDAR,
        starts_on=date(2024, 5, 10),
    )
    (decision,) = case.collect_events()
    assert type(decision).__name__ == "MunicipalDecisionRecorded"
    assert case.stage is SanctionStage.DECIDED and case.decided_by == "municipal"
    assert case.terms == suspension(3) and case.municipal_reference == "京司罚决〔2024〕9号"
    assert case.suspension.starts_on == date(2024, 5, 10)
    assert case.suspension.until == date(2024, 8, 9)


def test_municipal_decision_only_after_a_recommendation() -> None:
    case = reviewed()
    propose(case)
    error = refused(
        case,
        SanctionStageError,
        lambda: case.record_municipal_decision(meta(), WARNING, "ref", DEFAULT_POLICY, CALENDAR),
    )
    assert "recommended" in str(error.context["allowed"])
