"""Helpers shared by the registry rule tests that need the ledger: the firm and lawyer they
register, what the store holds, and a check that a refused command wrote nothing."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.core.errors import LedgerError
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.ledger import ComplianceLedger
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails

Meta = Callable[..., EventMeta]
FIRM = OrganizationDetails(name="北京市大兴区某律师事务所", head="赵六")


def head(ledger: ComplianceLedger) -> int | None:
    return ledger.recorder.max_notification_id()


def stored(ledger: ComplianceLedger, after: int | None = None) -> list[tuple[int, UUID, str]]:
    notifications = ledger.recorder.select_notifications(
        start=after, limit=10_000, inclusive_of_start=after is None
    )
    return [(n.id, UUID(str(n.originator_id)), n.topic) for n in notifications]


def refused_without_writing(
    ledger: ComplianceLedger, error: type[LedgerError], rule: str, command: Callable[[], object]
) -> LedgerError:
    before = stored(ledger)
    with pytest.raises(error) as caught:
        command()
    assert caught.value.rule == rule
    assert stored(ledger) == before
    return caught.value


def register_firm(ledger: ComplianceLedger, meta: Meta, number: str = "31110000A1") -> UUID:
    return ledger.register_organization(meta(), OrganizationKind.LAW_FIRM, number, FIRM).subject_id


def register_lawyer(
    ledger: ComplianceLedger, meta: Meta, number: str = "11101201810000001"
) -> UUID:
    return ledger.register_practitioner(
        meta(), PractitionerKind.LAWYER, number, PractitionerDetails(name="张三")
    ).subject_id
