"""Registry rules that refuse a command and write nothing: numbers unique per kind, a change
changes something, ids must exist, effective dates not in the future. SQLite in memory,
fixed clock (TODAY = 2024-12-31)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.core.errors import (
    DuplicateRegistrationError,
    EffectiveDateInFutureError,
    EntityNotFoundError,
    NothingToChangeError,
)
from domain.core.values import (
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
)
from domain.ledger import ComplianceLedger
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from tests.application.registry.registry_ledger_support import (
    FIRM,
    Meta,
    refused_without_writing,
    register_firm,
    register_lawyer,
)
from tests.conftest import TODAY

# -- NumberUniquePerKind ---------------------------------------------------------------------


def test_number_unique_per_kind(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta, "31110000a1")
    assert firm_id == Organization.create_id(OrganizationKind.LAW_FIRM, "31110000A1")

    for same_number in ("31110000A1", " 31110000a1 ", "3111 0000 A1"):
        error = refused_without_writing(
            ledger,
            DuplicateRegistrationError,
            "NumberUniquePerKind",
            lambda n=same_number: ledger.register_organization(
                meta(), OrganizationKind.LAW_FIRM, n, OrganizationDetails(name="另一家")
            ),
        )
        assert error.context == {"existing_id": str(firm_id)}
    assert ledger.get_organization(firm_id).details == FIRM

    # The same number for another kind of organization is another registration.
    notary = ledger.register_organization(
        meta(), OrganizationKind.NOTARY_OFFICE, "31110000A1", OrganizationDetails(name="公证处")
    )
    assert notary.subject_id != firm_id
    assert ledger.get_organization(notary.subject_id).kind is OrganizationKind.NOTARY_OFFICE


def test_number_unique_per_kind_for_practitioners_and_inspectors(
    ledger: ComplianceLedger, meta: Meta
) -> None:
    lawyer_id = register_lawyer(ledger, meta, "A-1")
    refused_without_writing(
        ledger,
        DuplicateRegistrationError,
        "NumberUniquePerKind",
        lambda: register_lawyer(ledger, meta, "a-1"),
    )
    notary = ledger.register_practitioner(
        meta(), PractitionerKind.NOTARY, "A-1", PractitionerDetails(name="李四")
    )
    assert notary.subject_id != lawyer_id

    details = InspectorDetails(name="王五", unit="律师工作科")
    ledger.register_inspector(meta(), "京司执0001", details)
    refused_without_writing(
        ledger,
        DuplicateRegistrationError,
        "NumberUniquePerKind",
        lambda: ledger.register_inspector(meta(), " 京司执 0001", details),
    )


# -- ChangeChangesSomething ------------------------------------------------------------------------


def test_change_changes_something(ledger: ComplianceLedger, meta: Meta) -> None:
    firm_id = register_firm(ledger, meta)
    for changes in ({}, {"name": FIRM.name}, {"name": FIRM.name, "head": FIRM.head}):
        refused_without_writing(
            ledger,
            NothingToChangeError,
            "ChangeChangesSomething",
            lambda c=changes: ledger.change_organization_details(meta(), firm_id, c),
        )
    ledger.change_organization_details(meta(), firm_id, {"head": "钱七"})
    assert ledger.get_organization(firm_id).details.head == "钱七"


# -- EntityExists ----------------------------------------------------------------------------


def test_unknown_id_is_entity_not_found(ledger: ComplianceLedger, meta: Meta) -> None:
    unknown = uuid4()
    for read in (
        ledger.get_organization,
        ledger.get_practitioner,
        ledger.get_inspector,
        ledger.history,
    ):
        with pytest.raises(EntityNotFoundError) as caught:
            read(unknown)
        assert caught.value.rule == "EntityExists"
        assert caught.value.context == {"entity_id": str(unknown)}

    firm_id = register_firm(ledger, meta)
    lawyer_id = register_lawyer(ledger, meta)
    for command in (
        lambda: ledger.suspend_licence(meta(), Practitioner, unknown, date(2024, 1, 1), TODAY),
        lambda: ledger.join_organization(meta(), lawyer_id, unknown),
        lambda: ledger.join_organization(meta(), unknown, firm_id),
        lambda: ledger.set_inspector_active(meta(), unknown, active=False),
        lambda: ledger.revoke_token(meta(), unknown),
        # An id of another kind of record is not found either.
        lambda: ledger.revoke_licence(meta(), Practitioner, firm_id),
        lambda: ledger.change_organization_details(meta(), lawyer_id, {"name": "x"}),
    ):
        refused_without_writing(ledger, EntityNotFoundError, "EntityExists", command)


# -- EffectiveDateNotInFuture ----------------------------------------------------------------


def test_effective_date_not_in_future(ledger: ComplianceLedger, meta: Meta) -> None:
    tomorrow = TODAY + timedelta(days=1)
    error = refused_without_writing(
        ledger,
        EffectiveDateInFutureError,
        "EffectiveDateNotInFuture",
        lambda: ledger.register_organization(
            meta(effective_on=tomorrow), OrganizationKind.LAW_FIRM, "X1", FIRM
        ),
    )
    assert error.field == "effective_on"
    assert Organization.create_id(OrganizationKind.LAW_FIRM, "X1") not in ledger.repository

    firm_id = register_firm(ledger, meta)
    refused_without_writing(
        ledger,
        EffectiveDateInFutureError,
        "EffectiveDateNotInFuture",
        lambda: ledger.revoke_licence(meta(effective_on=tomorrow), Organization, firm_id),
    )
    # Today (Asia/Shanghai) is not the future; a suspension may still start in the future.
    ledger.suspend_licence(
        meta(effective_on=TODAY), Organization, firm_id, tomorrow, tomorrow + timedelta(days=30)
    )
    firm = ledger.get_organization(firm_id)
    assert firm.status_on(TODAY) is LicenceStatus.ACTIVE
    assert firm.status_on(tomorrow) is LicenceStatus.SUSPENDED
