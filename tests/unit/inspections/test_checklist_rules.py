"""Checklist rules on the aggregate alone: versions are kept, item ids are unique, a checklist is
for one kind of subject, and a law firm's annual checklist covers party building 党建."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from domain.core.errors import (
    EntityNotFoundError,
    NothingToChangeError,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.inspections.checklists import (
    Checklist,
    ChecklistCategory,
    ChecklistItem,
    default_checklists,
)
from domain.inspections.errors import (
    ChecklistCategoriesMissingError,
    ChecklistItemsInvalidError,
    ChecklistKindMismatchError,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import InspectionKind
from tests.unit.core.test_topics import (
    declared_topic,
    event_classes,
)

SUPERVISOR = Actor(principal_id="supervisor.unit", role=Role.SUPERVISOR)
C = ChecklistCategory


def meta(day: date = date(2024, 3, 1)) -> EventMeta:
    return EventMeta(
        actor=SUPERVISOR, reason="unit test", effective_on=day, command_id=f"c-{uuid4()}"
    )


def item(
    item_id: str, category: ChecklistCategory = C.BUSINESS, text: str = "事项"
) -> ChecklistItem:
    return ChecklistItem(item_id=item_id, category=category, text=text)


ANNUAL_ITEMS = [
    item("PB-01", C.PARTY_BUILDING, "党建工作"),
    item("BU-01", C.BUSINESS, "业务开展"),
    item("CO-01", C.CONDUCT, "执业行为"),
    item("IM-01", C.INTERNAL_MANAGEMENT, "内部管理"),
    item("FF-01", C.FEE_FILING, "收费备案"),
]


def checklist(
    kind: OrganizationKind = OrganizationKind.LAW_FIRM, code: str = "annual"
) -> Checklist:
    made = Checklist(meta=meta(), kind=kind, code=code)
    made.publish(meta(), "律师事务所年度检查考核事项清单", ANNUAL_ITEMS)
    made.collect_events()
    return made


def test_checklist_id_is_its_kind_and_code() -> None:
    made = checklist()
    assert made.id == Checklist.create_id(OrganizationKind.LAW_FIRM, " ANNUAL ")
    assert made.id != Checklist.create_id(OrganizationKind.NOTARY_OFFICE, "annual")


def test_every_published_checklist_version_is_kept() -> None:
    made = checklist()
    made.publish(meta(date(2024, 6, 1)), "2024版（修订）", [*ANNUAL_ITEMS, item("BU-02")])
    assert [v.version for v in made.versions] == [1, 2]
    assert made.get_version(1).item_ids == ("PB-01", "BU-01", "CO-01", "IM-01", "FF-01")
    assert made.get_version(2).item_ids[-1] == "BU-02"
    assert made.get_version().version == 2  # the latest by default
    assert made.get_version(2).published_on == date(2024, 6, 1)
    with pytest.raises(EntityNotFoundError):
        made.get_version(3)


def test_publishing_a_new_version_never_changes_a_recorded_inspection() -> None:
    made = checklist()
    inspection = Inspection.plan(
        meta(),
        InspectionKind.ANNUAL,
        uuid4(),
        OrganizationKind.LAW_FIRM,
        made,
        None,
        DEFAULT_POLICY,
    )
    made.publish(meta(), "新版", [*ANNUAL_ITEMS[:4], item("FF-09", C.FEE_FILING)])
    assert inspection.checklist_version == 1
    assert inspection.item_ids == made.get_version(1).item_ids
    assert "FF-09" not in inspection.item_ids


def test_checklist_item_ids_unique() -> None:
    made = checklist()
    with pytest.raises(ChecklistItemsInvalidError) as caught:
        made.publish(meta(), "重复", [item("A-1"), item("A-2"), item("A-1")])
    assert caught.value.rule == "ChecklistItemIdsUnique"
    assert caught.value.context == {"repeated": ["A-1"]}
    assert made.collect_events() == []
    with pytest.raises(ChecklistItemsInvalidError):
        made.publish(meta(), "空", [])


def test_a_version_identical_to_the_latest_is_not_published() -> None:
    made = checklist()
    with pytest.raises(NothingToChangeError):
        made.publish(meta(), "律师事务所年度检查考核事项清单", ANNUAL_ITEMS)
    assert len(made.versions) == 1


def test_checklist_matches_subject_kind() -> None:
    made = checklist()
    with pytest.raises(ChecklistKindMismatchError) as caught:
        Inspection.plan(
            meta(),
            InspectionKind.ROUTINE,
            uuid4(),
            PractitionerKind.LAWYER,
            made,
            None,
            DEFAULT_POLICY,
        )
    assert caught.value.rule == "ChecklistMatchesSubjectKind"


def test_annual_inspection_covers_required_categories() -> None:
    """A law firm's annual inspection includes party-building items beside business, conduct,
    internal management and fee filing [practice]."""
    made = Checklist(meta=meta(), kind=OrganizationKind.LAW_FIRM, code="annual-no-pb")
    made.publish(meta(), "缺党建", ANNUAL_ITEMS[1:])
    with pytest.raises(ChecklistCategoriesMissingError) as caught:
        Inspection.plan(
            meta(),
            InspectionKind.ANNUAL,
            uuid4(),
            OrganizationKind.LAW_FIRM,
            made,
            None,
            DEFAULT_POLICY,
        )
    assert caught.value.rule == "AnnualInspectionCoversRequiredCategories"
    assert caught.value.context == {"missing": ["party_building"]}
    # A routine inspection of the same firm need not cover every category.
    routine = Inspection.plan(
        meta(),
        InspectionKind.ROUTINE,
        uuid4(),
        OrganizationKind.LAW_FIRM,
        made,
        None,
        DEFAULT_POLICY,
    )
    assert routine.checklist_version == 1


def test_required_categories_are_policy() -> None:
    made = Checklist(meta=meta(), kind=OrganizationKind.LAW_FIRM, code="annual-no-pb")
    made.publish(meta(), "缺党建", ANNUAL_ITEMS[1:])
    lenient = DEFAULT_POLICY.model_copy(
        update={"law_firm_annual_inspection_categories": ("business",)}
    )
    planned = Inspection.plan(
        meta(), InspectionKind.ANNUAL, uuid4(), OrganizationKind.LAW_FIRM, made, None, lenient
    )
    assert planned.checklist_version == 1


def test_default_checklists_cover_every_organization_kind_with_party_building_for_law_firms() -> (
    None
):
    defaults = default_checklists()
    assert {d.kind for d in defaults} == set(OrganizationKind)
    for template in defaults:
        made = Checklist(meta=meta(), kind=template.kind, code=template.code)
        made.publish(meta(), template.title, template.items)  # valid, unique ids
    law_firm = next(d for d in defaults if d.kind is OrganizationKind.LAW_FIRM)
    categories = {i.category.value for i in law_firm.items}
    assert set(DEFAULT_POLICY.law_firm_annual_inspection_categories) <= categories
    assert any(i.category is C.PARTY_BUILDING and "党" in i.text for i in law_firm.items)


@pytest.mark.parametrize("aggregate", [Checklist, Inspection], ids=lambda a: a.__name__)
def test_checklist_and_inspection_topics_are_explicit_and_carry_meta(aggregate: type) -> None:
    assert vars(aggregate)["TOPIC"] == f"ledger.{aggregate.__name__}"
    assert resolve_topic(get_topic(aggregate)) is aggregate
    for event in event_classes(aggregate):
        topic = declared_topic(event)
        assert topic is not None and topic.startswith(f"ledger.{aggregate.__name__}.")
        assert resolve_topic(get_topic(event)) is event
        if event is not aggregate.Created:
            assert "meta" in vars(event).get("__annotations__", {}), event
