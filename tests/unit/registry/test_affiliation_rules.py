"""Affiliation rules on the aggregates alone (no database): one organization per person, the
matching kind, only open organizations, no deregistration with members. A refused command
leaves the aggregate exactly as it was."""

from __future__ import annotations

import pytest

from domain.core.values import (
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
)
from domain.registry.errors import (
    AffiliationKindMismatchError,
    AlreadyAffiliatedError,
    NotAffiliatedError,
    OrganizationHasMembersError,
    OrganizationNotOpenError,
)
from tests.unit.registry.registry_rules_support import (
    event_names,
    meta,
    organization,
    practitioner,
    refused,
    saved,
)

# -- affiliation -----------------------------------------------------------------------------


def test_one_person_one_organization() -> None:
    first, second = organization(number="A1"), organization(number="A2")
    lawyer = practitioner()
    lawyer.join(meta(), first)
    assert event_names(lawyer) == ["Joined"]
    assert lawyer.organization_id == first.id

    refused(
        lawyer,
        AlreadyAffiliatedError,
        "OnePersonOneOrganization",
        lambda: lawyer.join(meta(), second),
    )
    refused(
        lawyer,
        AlreadyAffiliatedError,
        "OnePersonOneOrganization",
        lambda: lawyer.join(meta(), first),
    )

    # After leaving, the person may join another organization.
    assert lawyer.leave(meta()) == first.id
    lawyer.join(meta(), second)
    assert event_names(lawyer) == ["Left", "Joined"]
    assert lawyer.organization_id == second.id


def test_leave_only_when_affiliated() -> None:
    lawyer = practitioner()
    refused(lawyer, NotAffiliatedError, "LeaveOnlyWhenAffiliated", lambda: lawyer.leave(meta()))


MATCHING = {
    PractitionerKind.LAWYER: OrganizationKind.LAW_FIRM,
    PractitionerKind.NOTARY: OrganizationKind.NOTARY_OFFICE,
    PractitionerKind.APPRAISER: OrganizationKind.APPRAISAL_INSTITUTION,
}


@pytest.mark.parametrize("organization_kind", list(OrganizationKind))
@pytest.mark.parametrize("practitioner_kind", list(PractitionerKind))
def test_practitioner_joins_matching_organization_kind(
    practitioner_kind: PractitionerKind, organization_kind: OrganizationKind
) -> None:
    person = practitioner(practitioner_kind)
    home = organization(organization_kind)
    if MATCHING[practitioner_kind] is organization_kind:
        person.join(meta(), home)
        assert event_names(person) == ["Joined"]
        assert person.organization_id == home.id
    else:
        error = refused(
            person,
            AffiliationKindMismatchError,
            "PractitionerJoinsMatchingOrganizationKind",
            lambda: person.join(meta(), home),
        )
        assert error.context == {
            "expected": MATCHING[practitioner_kind].value,
            "actual": organization_kind.value,
        }


@pytest.mark.parametrize("close", ["revoke", "deregister"])
def test_join_only_open_organization(close: str) -> None:
    firm = organization()
    getattr(firm, close)(meta())
    lawyer = practitioner()
    refused(
        lawyer,
        OrganizationNotOpenError,
        "JoinOnlyOpenOrganization",
        lambda: lawyer.join(meta(), firm),
    )


def test_deregister_only_without_members() -> None:
    firm = organization()
    lawyer = practitioner()
    lawyer.join(meta(), firm)
    firm.record_member_joined(meta(), lawyer.id)
    saved(firm)
    refused(
        firm,
        OrganizationHasMembersError,
        "DeregisterOnlyWithoutMembers",
        lambda: firm.deregister(meta()),
    )

    # Revocation does not lift the rule: the members must still leave first.
    firm.revoke(meta())
    saved(firm)
    refused(
        firm,
        OrganizationHasMembersError,
        "DeregisterOnlyWithoutMembers",
        lambda: firm.deregister(meta()),
    )

    firm.record_member_left(meta(), lawyer.id)
    firm.deregister(meta())
    assert event_names(firm) == ["MemberLeft", "Deregistered"]
    assert firm.status is LicenceStatus.DEREGISTERED


def test_deregistering_a_practitioner_ends_the_affiliation() -> None:
    firm = organization()
    lawyer = practitioner()
    lawyer.join(meta(), firm)
    saved(lawyer)
    assert lawyer.deregister(meta()) == firm.id
    assert lawyer.organization_id is None
    assert lawyer.status is LicenceStatus.DEREGISTERED
    (deregistered,) = lawyer.collect_events()
    assert deregistered.left_organization_id == firm.id  # type: ignore[attr-defined]

    unaffiliated = practitioner(number="other")
    assert unaffiliated.deregister(meta()) is None
