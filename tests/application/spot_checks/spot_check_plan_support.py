"""Helpers for the spot-check plan tests: refused commands write nothing, hand-made pools and
signed checkpoints (tests/integration builds them from the record and the verifiable log), and
plans brought to approval or to a draw."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.core.errors import LedgerError
from domain.ledger import ComplianceLedger
from domain.spot_checks.pools import (
    PoolInspector,
    PoolTarget,
    SeedCheckpoint,
)
from projections.integrity.checkpoints import NoteSigner
from tests.integration.spot_check_support import (
    SUPERVISOR_A,
    SUPERVISOR_B,
    District,
    meta,
    new_secret,
    propose,
)

SIGNER = NoteSigner(Ed25519PrivateKey.generate())


def stored(ledger: ComplianceLedger) -> list[tuple[int, str]]:
    return [(n.id, n.topic) for n in ledger.recorder.select_notifications(start=None, limit=10**6)]


def refused(
    ledger: ComplianceLedger, error: type[LedgerError], command: Callable[[], object]
) -> LedgerError:
    before = stored(ledger)
    with pytest.raises(error) as caught:
        command()
    assert stored(ledger) == before, "a refused command wrote something"
    return caught.value


def checkpoint(size: int = 40, label: bytes = b"root") -> SeedCheckpoint:
    root = hashlib.sha256(label).digest()
    return SeedCheckpoint(tree_size=size, root=root.hex(), note=SIGNER.sign(size, root))


def pools(district: District) -> tuple[list[PoolTarget], list[PoolInspector]]:
    ledger = district.ledger
    targets = []
    for n, firm_id in enumerate(district.firms):
        firm = ledger.get_organization(firm_id)
        targets.append(
            PoolTarget(
                id=firm.id,
                kind=firm.kind.value,
                number=firm.number,
                name=firm.details.name,
                tier="low",
                draws_this_year=0,
                unit="律师工作科" if n == 2 else None,
            )
        )
    inspectors = []
    for inspector_id in district.inspectors:
        i = ledger.get_inspector(inspector_id)
        inspectors.append(
            PoolInspector(
                id=i.id,
                number=i.number,
                name=i.details.name,
                unit=i.details.unit,
                conflicts=tuple(i.declared_conflicts),
                previous_employers=tuple(i.previous_employers),
            )
        )
    return targets, inspectors


def approved(district: District) -> tuple[UUID, str]:
    plan_id = propose(district)
    reveal, commitment = new_secret()
    district.ledger.approve_spot_check_plan(meta(SUPERVISOR_B), plan_id, commitment)
    return plan_id, reveal


def drawn(district: District) -> tuple[UUID, str]:
    plan_id, reveal = approved(district)
    ledger = district.ledger
    ledger.freeze_spot_check_pools(meta(SUPERVISOR_A), plan_id, *pools(district))
    ledger.draw_spot_checks(meta(SUPERVISOR_B), plan_id, reveal, checkpoint())
    return plan_id, reveal
