"""The audit trail of a subject: its rows of the subject index, in log order, filtered by event
kind and effective date, each with the events that superseded it (and that it superseded).

A page costs a few indexed reads: the subject's index rows (primary key subject_id, position),
the links of those positions in the `superseded` view, and the stored events themselves when
their fields are wanted. Nothing here scans the log.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate

import domain
from projections.audit.subjects import SubjectIndexView
from projections.audit.superseded import (
    EventRef,
    SupersededView,
)
from projections.runner.events import events_at
from store.database import Database
from store.stored_rows import StoredEventUnreadableError

PREFIX = "ledger."


@cache
def known_kinds() -> dict[str, frozenset[str]]:
    """Every kind a filter may name -> the stored topics it stands for: `Evaluation` (every
    event of evaluations) and `Evaluation.VariedOnAppeal` (that event), found in the domain's
    aggregates rather than listed, so a new event type is filterable by itself."""
    for module in pkgutil.iter_modules(domain.__path__):
        importlib.import_module(f"domain.{module.name}")
    kinds: dict[str, set[str]] = {}
    pending = list(Aggregate.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        aggregate = vars(cls).get("TOPIC")
        if not cls.__module__.startswith("domain.") or not isinstance(aggregate, str):
            continue
        for value in vars(cls).values():
            topic = vars(value).get("TOPIC") if isinstance(value, type) else None
            if isinstance(topic, str) and topic.startswith(aggregate + "."):
                kinds.setdefault(aggregate.removeprefix(PREFIX), set()).add(topic)
                kinds[topic.removeprefix(PREFIX)] = {topic}
    return {kind: frozenset(topics) for kind, topics in kinds.items()}


class UnknownKindError(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(
            f"no event kind {kind!r}: name a record kind (e.g. Evaluation) or one of its events "
            "(e.g. Evaluation.VariedOnAppeal)"
        )
        self.kind = kind


def topics_for(kinds: Iterable[str]) -> frozenset[str]:
    """The stored topics the kinds stand for (the `ledger.` prefix may be written or not)."""
    known = known_kinds()
    topics: set[str] = set()
    for kind in kinds:
        name = kind.strip().removeprefix(PREFIX)
        if name not in known:
            raise UnknownKindError(kind)
        topics |= known[name]
    return frozenset(topics)


@dataclass(frozen=True)
class TrailFilter:
    topics: frozenset[str] = frozenset()  # empty: every kind
    effective_from: date | None = None
    effective_to: date | None = None


@dataclass
class TrailEntry:
    position: int
    record_id: UUID
    record_version: int
    topic: str
    relation: str
    actor: str | None
    role: str | None
    reason: str | None
    effective_on: date | None
    recorded_at: datetime
    superseded_by: list[EventRef] = field(default_factory=list)
    supersedes: list[EventRef] = field(default_factory=list)
    event: Any = None  # the domain event, when its fields are wanted

    @property
    def record_kind(self) -> str:
        return self.topic.removeprefix(PREFIX).rsplit(".", 1)[0]

    @property
    def event_name(self) -> str:
        return self.topic.rsplit(".", 1)[1]


@dataclass
class TrailPage:
    entries: list[TrailEntry]
    next_cursor: int | None  # the last position of this page, when more follow


class AuditTrail:
    """Reads a subject's trail from the subject index and the superseded view."""

    def __init__(self, subjects: SubjectIndexView, superseded: SupersededView) -> None:
        self.subjects = subjects
        self.superseded = superseded

    def page(
        self,
        db: Database,
        subject_id: UUID,
        trail_filter: TrailFilter,
        *,
        after: int,
        upto: int,
        limit: int,
        app: Application[Any] | None = None,
    ) -> TrailPage:
        """Entries after position `after` (exclusive) up to `upto` (the position both views
        reflect), at most `limit`. With `app`, each entry carries its domain event."""
        rows = self._rows(db, subject_id, trail_filter, after, upto, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        positions = [int(r["position"]) for r in rows]
        later = self.superseded.superseded_by(db, positions, upto=upto)
        earlier = self.superseded.supersedes(db, positions, upto=upto)
        events = dict(events_at(app, db, positions)) if app is not None else {}
        entries = [
            TrailEntry(
                position=int(r["position"]),
                record_id=UUID(r["originator_id"]),
                record_version=int(r["originator_version"]),
                topic=r["topic"],
                relation=r["relation"],
                actor=r["actor"],
                role=r["role"],
                reason=r["reason"],
                effective_on=date.fromisoformat(r["effective_on"]) if r["effective_on"] else None,
                recorded_at=datetime.fromisoformat(r["recorded_at"]),
                superseded_by=later.get(int(r["position"]), []),
                supersedes=earlier.get(int(r["position"]), []),
                event=events.get(int(r["position"])),
            )
            for r in rows
        ]
        return TrailPage(entries, positions[-1] if more else None)

    def _rows(
        self,
        db: Database,
        subject_id: UUID,
        trail_filter: TrailFilter,
        after: int,
        upto: int,
        limit: int,
    ) -> list[dict[str, Any]]:
        sql = (
            f"SELECT * FROM {self.subjects.table} "
            "WHERE subject_id = ? AND position > ? AND position <= ?"
        )
        params: list[Any] = [subject_id.hex, after, upto]
        if trail_filter.topics:
            topics = sorted(trail_filter.topics)
            sql += f" AND topic IN ({', '.join('?' for _ in topics)})"
            params += topics
        # ISO dates compare as text in both databases.
        if trail_filter.effective_from is not None:
            sql += " AND effective_on >= ?"
            params.append(trail_filter.effective_from.isoformat())
        if trail_filter.effective_to is not None:
            sql += " AND effective_on <= ?"
            params.append(trail_filter.effective_to.isoformat())
        sql += " ORDER BY position LIMIT ?"
        params.append(limit)
        return db.query(sql, params)


SUBJECT_TOPICS = frozenset(
    {
        "ledger.Organization.Registered",
        "ledger.Practitioner.Registered",
        "ledger.Inspector.Registered",
    }
)


def subject_registration(db: Database, subject_id: UUID) -> str | None:
    """The topic of the subject's first stored event (its registration), or None: one read of
    the event log by primary key, authoritative even while views are behind."""
    rows = db.query(
        "SELECT {position} AS position, topic FROM {events} "
        "WHERE originator_id = ? AND originator_version = 1",
        (db.originator_key(subject_id),),
    )
    if not rows:
        return None
    topic = rows[0]["topic"]
    if not isinstance(topic, str):
        raise StoredEventUnreadableError(int(rows[0]["position"]), "its topic is unreadable")
    return topic


def is_subject(db: Database, subject_id: UUID) -> bool:
    """An organization, practitioner or inspector."""
    return subject_registration(db, subject_id) in SUBJECT_TOPICS
