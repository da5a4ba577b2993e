"""What may be imposed: sanction terms fit their kind and the subject, stay within the statutory
range of the policy, and a suspension starts with the decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.core.policy import (
    Policy,
)
from domain.sanctions.errors import (
    SanctionKindNotApplicableError,
    SanctionOutOfRangeError,
    SanctionTermsInvalidError,
    SuspensionStartInvalidError,
)
from domain.sanctions.rules import (
    SanctionKind,
    SanctionTerms,
    SubjectKind,
)
from tests.unit.sanctions.sanction_rules_support import (
    OPENED,
    approve,
    fine,
    meta,
    propose,
    refused,
    reviewed,
    suspension,
)

# -- what may be imposed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (SanctionTerms(kind=SanctionKind.FINE), "amount"),
        (SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION), "months"),
        (SanctionTerms(kind=SanctionKind.WARNING, months=3), "months"),
        (SanctionTerms(kind=SanctionKind.REVOCATION, amount=Decimal(1)), "amount"),
        (SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(1), months=1), "months"),
    ],
)
def test_sanction_terms_fit_kind(terms: SanctionTerms, field: str) -> None:
    case = reviewed()
    error = refused(case, SanctionTermsInvalidError, lambda: propose(case, terms))
    assert error.rule == "SanctionTermsFitKind" and error.field == field  # type: ignore[attr-defined]


def test_sanction_kind_fits_subject() -> None:
    lawyer = reviewed()
    error = refused(
        lawyer,
        SanctionKindNotApplicableError,
        lambda: propose(lawyer, suspension(2, SanctionKind.BUSINESS_SUSPENSION)),
    )
    assert error.rule == "SanctionKindFitsSubject"
    firm = reviewed(SubjectKind.LAW_FIRM)
    refused(firm, SanctionKindNotApplicableError, lambda: propose(firm, suspension(2)))


@pytest.mark.parametrize(
    ("subject", "terms"),
    [
        (SubjectKind.LAWYER, suspension(13)),
        (SubjectKind.LAWYER, fine(50_001)),
        (SubjectKind.LAW_FIRM, suspension(7, SanctionKind.BUSINESS_SUSPENSION)),
        (SubjectKind.LAW_FIRM, fine(500_001)),
    ],
)
def test_sanction_within_statutory_range(subject: SubjectKind, terms: SanctionTerms) -> None:
    case = reviewed(subject)
    error = refused(case, SanctionOutOfRangeError, lambda: propose(case, terms))
    assert error.rule == "SanctionWithinStatutoryRange"


def test_statutory_range_comes_from_the_policy() -> None:
    shorter = Policy(version="2024.9", effective_from=OPENED, firm_suspension_min_months=2)
    case = reviewed(SubjectKind.LAW_FIRM)
    with pytest.raises(SanctionOutOfRangeError) as caught:
        case.propose_decision(
            meta(),
            terms=suspension(1, SanctionKind.BUSINESS_SUSPENSION),
            offence_on=OPENED,
            facts="f",
            legal_basis="b",
            history=(),
            policy=shorter,
        )
    assert caught.value.context["policy_version"] == "2024.9"


def test_suspension_starts_with_decision() -> None:
    case = reviewed()
    propose(case, suspension(3))
    missing = refused(case, SuspensionStartInvalidError, lambda: approve(case))
    assert missing.rule == "SuspensionStartsWithDecision"
    refused(case, SuspensionStartInvalidError, lambda: approve(case, starts_on=date(2024, 4, 9)))
    approve(case, starts_on=date(2024, 4, 10))
    assert (case.suspension.starts_on, case.suspension.until) == (
        date(2024, 4, 10),
        date(2024, 7, 9),
    )
    warned = reviewed()
    propose(warned)
    refused(warned, SuspensionStartInvalidError, lambda: approve(warned, starts_on=OPENED))
