"""Helpers shared by the registry rule tests on the aggregates alone: saved records, a fixed
meta, and `refused`, which checks that a refused command left the aggregate exactly as it was."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

CLERK = Actor(principal_id="clerk.unit", role=Role.CLERK)
DAY = date(2024, 6, 1)


def meta(effective_on: date = DAY) -> EventMeta:
    return EventMeta(actor=CLERK, reason="unit test", effective_on=effective_on, command_id="c-1")


def saved(aggregate: Aggregate) -> Any:
    """The aggregate as a repository would hand it over: its events already stored."""
    aggregate.collect_events()
    return aggregate


def organization(
    kind: OrganizationKind = OrganizationKind.LAW_FIRM, number: str = "11010000001"
) -> Organization:
    return saved(
        Organization(meta=meta(), kind=kind, number=number, details=OrganizationDetails(name="所"))
    )


def practitioner(
    kind: PractitionerKind = PractitionerKind.LAWYER, number: str = "11010201910000001"
) -> Practitioner:
    return saved(
        Practitioner(
            meta=meta(), kind=kind, number=number, details=PractitionerDetails(name="张三")
        )
    )


def refused(
    aggregate: Aggregate, error: type[LedgerError], rule: str, command: Callable[[], object]
) -> LedgerError:
    """Run `command`, expect `error` naming `rule`, and check the aggregate did not move."""
    before = copy.deepcopy(vars(aggregate))
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert aggregate.collect_events() == []
    assert vars(aggregate) == before
    return caught.value


def event_names(aggregate: Aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]
