"""Notarization matters through ComplianceLedger (SQLite in memory): the handler belongs to the
office or assists it under an arrangement, the issuance clock pauses for materials, the backlog
counts assisted matters for both offices, and missed issuances are detected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.ledger import ComplianceLedger
from domain.notarizations.errors import (
    HandlingNotaryError,
    NoIssuanceWithoutApprovalError,
    NotarizationOfficeError,
    NotaryRelatedToPartyError,
)
from domain.notarizations.values import (
    NotarizationStage,
    NotarizationType,
    NotaryRelation,
)
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from tests.conftest import read

Meta = Callable[..., EventMeta]
REGISTERED = date(2020, 1, 2)


def office(ledger: ComplianceLedger, meta: Meta, number: str) -> UUID:
    details = OrganizationDetails(name=f"北京市{number}公证处")
    kind = OrganizationKind.NOTARY_OFFICE
    return ledger.register_organization(
        meta(effective_on=REGISTERED), kind, number, details
    ).subject_id


def notary(ledger: ComplianceLedger, meta: Meta, number: str, office_id: UUID) -> UUID:
    details = PractitionerDetails(name=f"公证员{number}")
    kind = PractitionerKind.NOTARY
    person = ledger.register_practitioner(
        meta(effective_on=REGISTERED), kind, number, details
    ).subject_id
    ledger.join_organization(meta(effective_on=REGISTERED), person, office_id)
    return person


@pytest.fixture
def world(ledger: ComplianceLedger, meta: Meta) -> dict[str, UUID]:
    a, b = office(ledger, meta, "N1"), office(ledger, meta, "N2")
    return {
        "a": a,
        "b": b,
        "handler": notary(ledger, meta, "1001", a),
        "approver": notary(ledger, meta, "1002", a),
        "helper": notary(ledger, meta, "2001", b),
    }


def apply(
    ledger: ComplianceLedger, meta: Meta, w: dict[str, UUID], on: date = date(2024, 6, 3), **kw
) -> UUID:
    args = {"handler_id": w["handler"], **kw}
    return ledger.apply_notarization(
        meta(effective_on=on), w["a"], NotarizationType.INHERITANCE, ("张三",), **args
    ).subject_id


def test_full_lifecycle_with_pause(ledger: ComplianceLedger, meta: Meta, world) -> None:
    m = apply(ledger, meta, world)
    ledger.accept_notarization(meta(effective_on=date(2024, 6, 3)), m)
    # 15 working days after Mon 3 June 2024 (Dragon Boat Festival on 10 June): 25 June.
    assert ledger.get_notarization(m).issuance_due == date(2024, 6, 25)
    assert ledger.get_notarization(m).policy_version == "2024.1"
    ledger.request_notarization_materials(meta(effective_on=date(2024, 6, 4)), m)
    ledger.receive_notarization_materials(meta(effective_on=date(2024, 6, 7)), m)
    matter = ledger.get_notarization(m)
    assert matter.paused_working_days == 3
    assert matter.issuance_due == date(2024, 6, 28)
    ledger.examine_notarization(meta(effective_on=date(2024, 6, 11)), m)
    ledger.approve_notarization(meta(effective_on=date(2024, 6, 12)), m, world["approver"])
    ledger.issue_notarial_certificate(meta(effective_on=date(2024, 6, 13)), m, "(2024)京兴证字1号")
    matter = ledger.get_notarization(m)
    assert matter.stage is NotarizationStage.CERTIFICATE_ISSUED
    assert matter.review_request_due == date(2025, 6, 13) and not matter.issued_late


def test_no_issuance_without_approval(ledger: ComplianceLedger, meta: Meta, world) -> None:
    m = apply(ledger, meta, world)
    ledger.accept_notarization(meta(effective_on=date(2024, 6, 3)), m)
    version = ledger.get_notarization(m).version
    with pytest.raises(NoIssuanceWithoutApprovalError):
        ledger.issue_notarial_certificate(meta(), m, "X")
    assert ledger.get_notarization(m).version == version


def test_notary_related_to_party_cannot_handle(ledger: ComplianceLedger, meta: Meta, world) -> None:
    relation = NotaryRelation(notary_id=world["handler"], party="张三")
    with pytest.raises(NotaryRelatedToPartyError):
        apply(ledger, meta, world, relations=(relation,))


def test_handler_belongs_to_office_or_assists(ledger: ComplianceLedger, meta: Meta, world) -> None:
    with pytest.raises(HandlingNotaryError):
        apply(ledger, meta, world, handler_id=world["helper"])
    arrangement = ledger.arrange_assistance(
        meta(effective_on=date(2024, 5, 1)),
        world["b"],
        world["a"],
        date(2024, 5, 1),
        date(2024, 12, 31),
        (NotarizationType.INHERITANCE,),
    ).subject_id
    with pytest.raises(HandlingNotaryError):  # before the arrangement starts
        apply(ledger, meta, world, on=date(2024, 4, 1), handler_id=world["helper"],
              arrangement_id=arrangement)  # fmt: skip
    m = apply(ledger, meta, world, handler_id=world["helper"], arrangement_id=arrangement)
    assert ledger.get_notarization(m).offices == (world["a"], world["b"])
    assert [
        x.id for x in read(ledger).notarizations.list(office_id=world["b"], limit=500).items
    ] == [m]


def test_notarization_at_notary_office(ledger: ComplianceLedger, meta: Meta, world) -> None:
    firm = ledger.register_organization(
        meta(effective_on=REGISTERED),
        OrganizationKind.LAW_FIRM,
        "F1",
        OrganizationDetails(name="律所"),
    ).subject_id
    with pytest.raises(NotarizationOfficeError):
        ledger.apply_notarization(
            meta(), firm, NotarizationType.CONTRACT, ("甲",), world["handler"]
        )


def test_backlog_counts_assisted_matters_for_both_offices(
    ledger: ComplianceLedger, meta: Meta, world
) -> None:
    arrangement = ledger.arrange_assistance(
        meta(effective_on=date(2024, 5, 1)), world["b"], world["a"], date(2024, 5, 1),
        date(2024, 12, 31),
    ).subject_id  # fmt: skip
    own = apply(ledger, meta, world)
    helped = apply(ledger, meta, world, handler_id=world["helper"], arrangement_id=arrangement)
    ledger.accept_notarization(meta(effective_on=date(2024, 6, 3)), own)
    ledger.accept_notarization(meta(effective_on=date(2024, 11, 1)), helped)
    rows = {r.office_id: r for r in read(ledger).notarizations.backlog(date(2024, 11, 5))}
    assert rows[world["a"]].bands == {"0-15": 1, "16-30": 0, "31-60": 0, ">60": 1}
    assert rows[world["b"]].bands == {"0-15": 1, "16-30": 0, "31-60": 0, ">60": 0}
    assert rows[world["a"]].assisted == 1 and rows[world["b"]].assisted == 1


def test_missed_issuance_detected(ledger: ComplianceLedger, meta: Meta, world) -> None:
    m = apply(ledger, meta, world)
    ledger.accept_notarization(meta(effective_on=date(2024, 6, 3)), m)
    ledger.examine_notarization(meta(effective_on=date(2024, 6, 4)), m)
    ledger.approve_notarization(meta(effective_on=date(2024, 6, 5)), m, world["approver"])
    assert read(ledger).notarizations.missed_issuances(date(2024, 6, 25)).items == []
    [missed] = read(ledger).notarizations.missed_issuances(date(2024, 6, 27)).items
    assert missed.matter.id == m and missed.due == date(2024, 6, 25)
    assert missed.working_days_overdue == 2
