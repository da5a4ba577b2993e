"""RecordsFollowRegistration: nothing is recorded about a subject for a date before it existed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.evaluations.values import EvaluationKind
from domain.ledger import ComplianceLedger
from domain.notarizations.values import NotarizationType
from domain.registry.errors import BeforeRegistrationError
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.rules import CaseOrigin


def test_records_follow_registration(
    ledger: ComplianceLedger, meta: Callable[..., EventMeta]
) -> None:
    institution = ledger.register_organization(
        meta(effective_on=date(2024, 2, 1)),
        OrganizationKind.APPRAISAL_INSTITUTION,
        "RFR-1",
        OrganizationDetails(name="新设鉴定所（虚构）"),
    ).subject_id
    head = ledger.recorder.max_notification_id()
    with pytest.raises(BeforeRegistrationError) as sanction:
        ledger.open_sanction_case(
            meta(effective_on=date(2024, 1, 15)), "京兴司罚〔2024〕RFR号", institution,
            CaseOrigin.OTHER, "线索", None,
        )  # fmt: skip
    assert sanction.value.rule == "RecordsFollowRegistration"
    assert sanction.value.context == {"registered_on": "2024-02-01", "effective_on": "2024-01-15"}
    with pytest.raises(BeforeRegistrationError):
        ledger.open_evaluation(
            meta(effective_on=date(2024, 1, 20)),
            EvaluationKind.INTEGRITY_GRADING,
            institution,
            2023,
            ("大兴区司法局",),
        )
    assert ledger.recorder.max_notification_id() == head
    # On or after the registration date is fine.
    ledger.open_sanction_case(
        meta(effective_on=date(2024, 2, 1)), "京兴司罚〔2024〕RFR2号", institution,
        CaseOrigin.OTHER, "线索", None,
    )  # fmt: skip


def test_records_follow_registration_for_affiliations_and_notarizations(
    ledger: ComplianceLedger, meta: Callable[..., EventMeta]
) -> None:
    """Joining an organization, and handling a notarization, are records about both parties:
    neither may be dated before either was registered."""
    office = ledger.register_organization(
        meta(effective_on=date(2024, 3, 1)),
        OrganizationKind.NOTARY_OFFICE,
        "RFR-N1",
        OrganizationDetails(name="新设公证处（虚构）"),
    ).subject_id
    notary = ledger.register_practitioner(
        meta(effective_on=date(2024, 2, 1)),
        PractitionerKind.NOTARY,
        "RFR-GZY1",
        PractitionerDetails(name="公证员（虚构）"),
    ).subject_id
    head = ledger.recorder.max_notification_id()
    with pytest.raises(BeforeRegistrationError) as before_office:
        ledger.join_organization(meta(effective_on=date(2024, 2, 15)), notary, office)
    assert before_office.value.context["registered_on"] == "2024-03-01"
    with pytest.raises(BeforeRegistrationError):
        ledger.join_organization(meta(effective_on=date(2024, 1, 15)), notary, office)
    assert ledger.recorder.max_notification_id() == head
    ledger.join_organization(meta(effective_on=date(2024, 3, 1)), notary, office)
    with pytest.raises(BeforeRegistrationError):
        ledger.apply_notarization(
            meta(effective_on=date(2024, 2, 20)),
            office,
            NotarizationType.CONTRACT,
            ("甲",),
            notary,
        )
