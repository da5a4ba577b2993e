"""A small district for the spot-check tests: law firms, inspectors in three units (one declares a
conflict, one was employed by a firm), the law-firm checklist, and the people who act: a clerk
who proposes, two supervisors (four eyes). Dates fall in 2024; the test clock says 2024-12-31."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.inspections.checklists import default_checklists
from domain.ledger import ComplianceLedger
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import OrganizationDetails
from domain.spot_checks.pools import TierQuota
from domain.spot_checks.rounds import SpotCheckScope
from domain.spot_checks.seed import commitment_of

CLERK = Actor(principal_id="clerk.spot", role=Role.CLERK)
SUPERVISOR_A = Actor(principal_id="supervisor.a", role=Role.SUPERVISOR)
SUPERVISOR_B = Actor(principal_id="supervisor.b", role=Role.SUPERVISOR)
UNITS = ("执法监督科", "律师工作科", "公共法律服务科")
REGISTERED = date(2024, 1, 2)
PLANNED = date(2024, 6, 3)
ALL_OF_THEM = (TierQuota(tier="low", ratio=Decimal(1)),)  # every low-risk firm: a full draw


def meta(actor: Actor, on: date = PLANNED, reason: str = "spot-check test") -> EventMeta:
    return EventMeta(actor=actor, reason=reason, effective_on=on, command_id=f"spot-{uuid.uuid4()}")


def new_secret() -> tuple[str, str]:
    """(reveal, commitment), as `ledger draw commit` makes them."""
    reveal = secrets.token_bytes(32)
    return reveal.hex(), commitment_of(reveal)


@dataclass
class District:
    ledger: ComplianceLedger
    firms: list[UUID] = field(default_factory=list)
    inspectors: list[UUID] = field(default_factory=list)
    checklist: UUID | None = None
    conflicted: tuple[UUID, UUID] | None = None  # (inspector, firm) with a declared conflict
    employed: tuple[UUID, UUID] | None = None  # (inspector, firm) that employed them


def build_district(ledger: ComplianceLedger, firms: int = 6, inspectors: int = 6) -> District:
    district = District(ledger)
    tag = uuid.uuid4().hex[:6].upper()
    for n in range(firms):
        district.firms.append(
            ledger.register_organization(
                meta(CLERK, REGISTERED),
                OrganizationKind.LAW_FIRM,
                f"SC{tag}F{n:03d}",
                OrganizationDetails(name=f"大兴抽查示例{n}律师事务所"),
            ).subject_id
        )
    for n in range(inspectors):
        district.inspectors.append(
            ledger.register_inspector(
                meta(CLERK, REGISTERED),
                f"京司执{tag}{n:03d}",
                InspectorDetails(name=f"检查员{n}", unit=UNITS[n % len(UNITS)]),
            ).subject_id
        )
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    district.checklist = ledger.publish_checklist(
        meta(SUPERVISOR_A, REGISTERED), template.kind, template.code, template.title, template.items
    ).subject_id
    district.conflicted = (district.inspectors[0], district.firms[0])
    ledger.declare_inspector_conflict(
        meta(SUPERVISOR_A, REGISTERED), *district.conflicted, "配偶在该所执业"
    )
    district.employed = (district.inspectors[1], district.firms[1])
    ledger.record_inspector_previous_employment(meta(SUPERVISOR_A, REGISTERED), *district.employed)
    return district


def propose(
    district: District,
    quotas: tuple[TierQuota, ...] = ALL_OF_THEM,
    scope: SpotCheckScope | None = None,
) -> UUID:
    assert district.checklist is not None
    return district.ledger.propose_spot_check_plan(
        meta(CLERK),
        "2024年律师事务所双随机抽查",
        2024,
        district.checklist,
        scope=scope,
        quotas=quotas,
    ).subject_id


def freeze(services: Services, plan_id: UUID, on: date = PLANNED) -> None:
    from api.http.spot_checks import actions as spot_check_actions

    spot_check_actions.freeze(services, meta(SUPERVISOR_A, on), plan_id)


def approve_freeze_draw(services: Services, plan_id: UUID, on: date = PLANNED) -> tuple[str, int]:
    """Approve (supervisor B), freeze, sign a checkpoint, draw (supervisor B reveals). Returns
    the revealed value and the log position of the draw."""
    from api.http.spot_checks import actions as spot_check_actions

    reveal, commitment = new_secret()
    services.ledger.approve_spot_check_plan(meta(SUPERVISOR_B, on), plan_id, commitment)
    freeze(services, plan_id, on)
    services.integrity.checkpoint_now()
    result = spot_check_actions.draw(services, meta(SUPERVISOR_B, on), plan_id, reveal)
    assert result.position is not None
    return reveal, result.position
