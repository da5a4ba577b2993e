"""Deterministic ids: uuid5 of what a record is plus its normalized business number."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.core.errors import EffectiveDateInFutureError
from domain.core.receipts import CommandReceipt
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
    normalize_number,
)
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

META = EventMeta(
    actor=Actor(principal_id="clerk.unit", role=Role.CLERK),
    reason="unit test",
    effective_on=date(2024, 6, 1),
    command_id="c",
)


@pytest.mark.parametrize(
    ("entered", "normalized"),
    [
        ("11010200010001", "11010200010001"),
        ("  京律 2024\t001 ", "京律2024001"),
        ("ab-12 cd", "AB-12CD"),
        ("Ab-12Cd", "AB-12CD"),
        ("a\u3000b", "AB"),  # the ideographic space a Chinese keyboard types is a blank too
    ],
)
def test_normalize_number_ignores_case_and_blanks(entered: str, normalized: str) -> None:
    assert normalize_number(entered) == normalized


def test_normalize_number_keeps_what_distinguishes_numbers() -> None:
    assert normalize_number("AB-12") != normalize_number("AB12")
    assert normalize_number("京律001") != normalize_number("京律01")


VARIANTS = ["jl-2024-001", "JL-2024-001", "  jl-2024-001  ", "JL - 2024 - 001", "jL-2024-\t001"]


@pytest.mark.parametrize("kind", list(OrganizationKind))
def test_same_organization_number_in_any_case_or_spacing_is_the_same_id(
    kind: OrganizationKind,
) -> None:
    ids = {Organization.create_id(kind, variant) for variant in VARIANTS}
    assert len(ids) == 1
    built = {
        Organization(meta=META, kind=kind, number=variant, details=OrganizationDetails(name="n")).id
        for variant in VARIANTS
    }
    assert built == ids


@pytest.mark.parametrize("kind", list(PractitionerKind))
def test_same_practitioner_number_in_any_case_or_spacing_is_the_same_id(
    kind: PractitionerKind,
) -> None:
    ids = {Practitioner.create_id(kind, variant) for variant in VARIANTS}
    assert len(ids) == 1
    record = Practitioner(
        meta=META, kind=kind, number=VARIANTS[2], details=PractitionerDetails(name="n")
    )
    assert ids == {record.id}
    assert record.number == "JL-2024-001"


def test_same_inspector_number_in_any_case_or_spacing_is_the_same_id() -> None:
    ids = {Inspector.create_id(variant) for variant in VARIANTS}
    assert len(ids) == 1
    record = Inspector(meta=META, number=VARIANTS[3], details=InspectorDetails(name="n", unit="u"))
    assert ids == {record.id}
    assert record.number == "JL-2024-001"


def test_same_number_for_different_kinds_is_a_different_id() -> None:
    number = "JL-2024-001"
    ids = [Organization.create_id(kind, number) for kind in OrganizationKind]
    ids += [Practitioner.create_id(kind, number) for kind in PractitionerKind]
    ids.append(Inspector.create_id(number))
    ids.append(CommandReceipt.id_for(number))
    assert len(set(ids)) == len(ids)


def test_different_numbers_are_different_ids() -> None:
    kind = OrganizationKind.LAW_FIRM
    assert Organization.create_id(kind, "JL-001") != Organization.create_id(kind, "JL-002")


def test_ids_do_not_depend_on_the_process() -> None:
    # Stable across runs and machines: the id is uuid5, a pure function of the business key.
    first = Organization.create_id(OrganizationKind.LAW_FIRM, "x1")
    assert first.version == 5
    assert first == UUID(str(Organization.create_id(OrganizationKind.LAW_FIRM, " X1 ")))
    assert CommandReceipt.id_for("cmd-1").version == 5
    assert CommandReceipt.id_for("cmd-1") == CommandReceipt.id_for("cmd-1")
    # A command_id is an opaque key chosen by the client: case matters, unlike licence numbers.
    assert CommandReceipt.id_for("cmd-1") != CommandReceipt.id_for("CMD-1")
    # The receipt of a command is found from its meta alone.
    assert CommandReceipt.create_id(META) == CommandReceipt.id_for(META.command_id)


def test_effective_date_not_in_future_on_the_meta() -> None:
    today = date(2024, 12, 31)
    META.model_copy(update={"effective_on": today}).check_effective_date_not_in_future(today)
    META.check_effective_date_not_in_future(today)
    tomorrow = META.model_copy(update={"effective_on": date(2025, 1, 1)})
    with pytest.raises(EffectiveDateInFutureError) as caught:
        tomorrow.check_effective_date_not_in_future(today)
    assert caught.value.rule == "EffectiveDateNotInFuture"
    assert caught.value.field == "effective_on"
