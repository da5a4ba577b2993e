"""The two pools of a spot-check plan (双随机: targets and inspectors), computed from the record on
the day of the freeze. Never accepted from a client: the API and the CLI call `build_pools` and
hand the result to `ComplianceLedger.freeze_spot_check_pools`, which records it with its hashes.

Targets: the registered subjects of the plan's kind (the checklist's kind) whose record is open
(not revoked or deregistered; a suspended one stays: it is high risk), within the plan's
organizations if it names some, each with
- its risk tier on the day (`projections.profiles.risk_of` on its compliance profile, under the
  policy in force);
- its spot checks of the plan's year already recorded (cancelled ones do not count);
- the unit that supervises it: the latest inspection of it that names one, else the plan's;
- its organization (practitioners), whose conflicts count as its own;
- who inspected it in the previous round: the inspectors of its latest spot check.
Inspectors: the active ones of the plan's units and specialties (all when the plan names none),
with their declared conflicts and previous employers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.values import (
    LicenceStatus,
    OrganizationKind,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    InspectionKind,
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from domain.spot_checks.plan import SpotCheckPlan
from domain.spot_checks.pools import (
    PoolInspector,
    PoolTarget,
)
from projections.profiles.fold import State
from projections.profiles.view import risk_of
from projections.registry.view import RegistryView
from store.database import Database

CLOSED = (LicenceStatus.REVOKED.value, LicenceStatus.DEREGISTERED.value)


@dataclass(frozen=True)
class Pools:
    targets: list[PoolTarget]
    inspectors: list[PoolInspector]


def registry_rows(
    registry: RegistryView, db: Database, entity: str, day: date, kind: str | None = None
) -> Iterator[dict[str, Any]]:
    cursor = None
    while True:
        page = registry.list(db, entity=entity, today=day, kind=kind, cursor=cursor, limit=500)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


@dataclass
class InspectionFacts:
    """What the record's inspections say about one subject, for the pool."""

    spot_checks_in_year: int = 0
    previous_inspectors: tuple[UUID, ...] = ()
    unit: str | None = None


def inspection_facts(inspections: Iterable[Inspection], year: int) -> dict[UUID, InspectionFacts]:
    """Per subject, from its inspections in log order (the latest last)."""
    facts: dict[UUID, InspectionFacts] = {}
    for inspection in inspections:
        if inspection.status is InspectionStatus.CANCELLED:
            continue
        found = facts.setdefault(inspection.subject_id, InspectionFacts())
        if inspection.supervising_unit:
            found.unit = inspection.supervising_unit
        if inspection.kind is InspectionKind.SPOT_CHECK:
            if inspection.planned_on.year == year:
                found.spot_checks_in_year += 1
            found.previous_inspectors = inspection.inspector_ids
    return facts


def _profile(profile_of: Callable[[UUID], State | None], subject_id: UUID) -> State:
    state = profile_of(subject_id)
    if state is None:  # a registered subject always has one: the views are inconsistent
        raise LookupError(f"no compliance profile for registered subject {subject_id}")
    return state


def build_pools(
    ledger: ComplianceLedger,
    db: Database,
    registry: RegistryView,
    inspections: Iterable[Inspection],
    profile_of: Callable[[UUID], State | None],
    plan: SpotCheckPlan,
    day: date,
) -> Pools:
    """`registry` and `inspections` (every inspection, in the order planned) from views caught
    up by the caller; `profile_of` gives a subject's compliance-profile state (the stored
    view's document, or one folded on demand)."""
    scope = plan.scope
    policy = ledger.policy_on(day)
    is_organization = plan.subject_kind in {k.value for k in OrganizationKind}
    entity = "organization" if is_organization else "practitioner"
    wanted = set(scope.organization_ids)
    facts = inspection_facts(inspections, plan.year)
    targets = []
    for row in registry_rows(registry, db, entity, day, plan.subject_kind):
        if row["status"] in CLOSED:
            continue
        subject_id = UUID(row["id"])
        organization_id = UUID(row["organization_id"]) if row["organization_id"] else None
        if wanted and (subject_id if is_organization else organization_id) not in wanted:
            continue
        found = facts.get(subject_id, InspectionFacts())
        targets.append(
            PoolTarget(
                id=subject_id,
                kind=row["kind"],
                number=row["number"],
                name=row["name"],
                tier=risk_of(_profile(profile_of, subject_id), day, policy).tier.value,
                draws_this_year=found.spot_checks_in_year,
                unit=found.unit or scope.supervising_unit,
                organization_id=organization_id,
                previous_inspectors=found.previous_inspectors,
            )
        )
    inspectors = []
    units, specialties = set(scope.inspector_units), set(scope.inspector_specialties)
    for row in registry_rows(registry, db, "inspector", day):
        if row["status"] != "active" or (units and row["unit"] not in units):
            continue
        inspector = ledger.get_inspector(UUID(row["id"]))
        if specialties and not specialties & set(inspector.details.specialties):
            continue
        inspectors.append(
            PoolInspector(
                id=inspector.id,
                number=inspector.number,
                name=inspector.details.name,
                unit=inspector.details.unit,
                specialties=inspector.details.specialties,
                conflicts=tuple(inspector.declared_conflicts),
                previous_employers=tuple(inspector.previous_employers),
            )
        )
    return Pools(targets=targets, inspectors=inspectors)
