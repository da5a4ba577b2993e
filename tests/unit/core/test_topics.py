"""Stored topics are explicit and stable: renaming a class or module never orphans history."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

import domain
from domain.notarizations.matter import NotarizationMatter
from domain.registry.organizations import Organization


def _domain_aggregates() -> list[type[Aggregate]]:
    """Every aggregate class the domain defines (found, not listed: a new one cannot be
    forgotten here)."""
    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{module.name}")
    found: list[type[Aggregate]] = []
    pending = list(Aggregate.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("domain.") and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda c: c.__name__)


AGGREGATES = _domain_aggregates()


def test_aggregates_are_found() -> None:
    assert {Organization, NotarizationMatter} <= set(AGGREGATES)
    assert len(AGGREGATES) >= 17


def event_classes(aggregate: type[Aggregate]) -> list[type]:
    """The event classes nested in an aggregate, except its `Event` base: the library defines one
    per aggregate class, it is never instantiated, so it is never stored."""
    return [
        value
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, (CanMutateAggregate, Aggregate.Event))
        and name != "Event"
    ]


EVENTS = [event for aggregate in AGGREGATES for event in event_classes(aggregate)]
UNUSED_CREATED = {aggregate.Created for aggregate in AGGREGATES}


def declared_topic(cls: type) -> str | None:
    """The TOPIC the project wrote for this class.

    The library rebases a declared nested event class (e.g. `Created`) onto the aggregate's own
    `Event` class by subclassing it under the same name; the topic then sits on the class the
    project wrote, the rebased copy's direct base of the same qualified name."""
    if "TOPIC" in vars(cls):
        return vars(cls)["TOPIC"]
    for base in cls.__bases__:
        if base.__qualname__ == cls.__qualname__ and "TOPIC" in vars(base):
            return vars(base)["TOPIC"]
    return None


def test_every_aggregate_has_an_event_for_each_command_we_know() -> None:
    # Guards the discovery below: if it found nothing, every other test here would pass vacuously.
    names = {f"{event.__qualname__}" for event in EVENTS}
    assert {
        "Organization.Registered",
        "Organization.MemberJoined",
        "Practitioner.Joined",
        "Practitioner.Deregistered",
        "Inspector.Deactivated",
        "ApiToken.Revoked",
        "CommandReceipt.Accepted",
        "Organization.Created",
    } <= names
    for aggregate in AGGREGATES:
        assert aggregate.Created in EVENTS


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.__name__)
def test_aggregate_has_an_explicit_topic(aggregate: type[Aggregate]) -> None:
    topic = vars(aggregate).get("TOPIC")
    assert isinstance(topic, str)
    assert topic == f"ledger.{aggregate.__name__}"
    assert get_topic(aggregate) == topic
    assert resolve_topic(topic) is aggregate


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.__qualname__)
def test_event_class_has_an_explicit_topic(event: type) -> None:
    topic = declared_topic(event)
    assert isinstance(topic, str), f"{event.__qualname__} has no TOPIC of its own"
    if event not in UNUSED_CREATED:
        assert "TOPIC" in vars(event)
    assert topic.startswith("ledger.")
    # What is stored is this topic, and it resolves back to this very class.
    assert get_topic(event) == topic
    assert resolve_topic(topic) is event


def test_all_topics_are_unique_and_start_with_ledger() -> None:
    topics = [vars(a)["TOPIC"] for a in AGGREGATES] + [declared_topic(e) for e in EVENTS]
    assert all(isinstance(t, str) and t.startswith("ledger.") for t in topics)
    assert len(set(topics)) == len(topics)


@pytest.mark.parametrize(
    "event", [e for e in EVENTS if e not in UNUSED_CREATED], ids=lambda e: e.__qualname__
)
def test_every_event_carries_meta(event: type) -> None:
    """Every event carries actor, reason, effective_on and command_id (DESIGN.md, Events)."""
    annotations = vars(event).get("__annotations__", {})
    assert "meta" in annotations, f"{event.__qualname__} has no meta field"
