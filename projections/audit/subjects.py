"""The subject index: every event that concerns a subject, findable by subject in log order.

A subject is an organization, a practitioner or an inspector. An event concerns it when it is
the subject's own event, or an event of a record about it: an inspection, evaluation, sanction
case or case-file review of it, a complaint against it, an appeal against any of those, a
notarization matter it handled (office, assisting office, handling notary, approver, reviewer),
an assistance arrangement between offices, an imported notarization record naming it.

A record's links are learnt from its creation event (and a few later events that name more
people, e.g. the approver); every later event of the record concerns the same subjects. The
fold is pure (`SubjectLinks.links_for`) so the same code serves the stored view, a rebuild and
an on-demand fold. Adding an event type that creates a record about subjects is one entry in
`CREATED` (or `LATER`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from projections.runner.views import PositionedEvent
from store.database import Database

Link = tuple[UUID, str]  # (subject id, relation)
Extract = Callable[[Any], Iterable[Link]]


def _attr(name: str, relation: str) -> Extract:
    def extract(event: Any) -> Iterable[Link]:
        value = getattr(event, name, None)
        if isinstance(value, UUID):
            yield value, relation
        elif isinstance(value, (tuple, list)):
            yield from ((v, relation) for v in value if isinstance(v, UUID))

    return extract


def _self(event: Any) -> Iterable[Link]:
    yield event.originator_id, "self"


def _imported(event: Any) -> Iterable[Link]:
    record = event.record
    yield record.office_id, "office"
    if record.assisting_office_id is not None:
        yield record.assisting_office_id, "assisting_office"
    yield record.handler_id, "handler"
    for step in record.steps:
        if step.notary_id is not None:
            yield step.notary_id, "approver"


def _all(*extracts: Extract) -> Extract:
    def extract(event: Any) -> Iterable[Link]:
        for one in extracts:
            yield from one(event)

    return extract


# Creation events: the record's subjects from the event's own fields.
CREATED: dict[str, Extract] = {
    "ledger.Organization.Registered": _self,
    "ledger.Practitioner.Registered": _self,
    "ledger.Inspector.Registered": _self,
    "ledger.Inspection.Planned": _attr("subject_id", "subject"),
    "ledger.Evaluation.Opened": _attr("subject_id", "subject"),
    "ledger.SanctionCase.Opened": _attr("subject_id", "subject"),
    "ledger.CaseFileReview.Opened": _attr("subject_id", "subject"),
    "ledger.Complaint.Received": _attr("subject_id", "complained_about"),
    "ledger.NotarizationMatter.Applied": _all(
        _attr("office_id", "office"),
        _attr("assisting_office_id", "assisting_office"),
        _attr("handler_id", "handler"),
    ),
    "ledger.AssistanceArrangement.Arranged": _all(
        _attr("helping_office_id", "helping_office"),
        _attr("helped_office_id", "helped_office"),
    ),
    "ledger.ImportedNotarizationRecord.Recorded": _imported,
}
# Later events that bring more subjects into a record (from that event on).
LATER: dict[str, Extract] = {
    "ledger.Inspection.InspectorsAssigned": _attr("inspector_ids", "inspector"),
    "ledger.NotarizationMatter.Approved": _attr("approver_id", "approver"),
    "ledger.NotarizationMatter.ReviewRequested": _attr("reviewer_id", "reviewer"),
}
# An appeal concerns the subjects of the record it is against.
APPEAL_FILED = "ledger.Appeal.Filed"
INDEX_COLUMNS = (
    "subject_id", "position", "relation", "originator_id", "originator_version", "topic",
    "effective_on", "recorded_at", "actor", "role", "reason",
)  # fmt: skip


def topic_of(event: Any) -> str:
    return str(type(event).TOPIC)


class SubjectLinks:
    """The fold's state: which subjects each record (originator) concerns."""

    def __init__(self, known: Mapping[UUID, tuple[Link, ...]] | None = None) -> None:
        self.known: dict[UUID, tuple[Link, ...]] = dict(known or {})

    def links_for(self, event: Any) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
        """(the subjects this event concerns, the links newly learnt for its originator)."""
        topic = topic_of(event)
        originator = event.originator_id
        learnt: list[Link] = []
        if topic in CREATED:
            learnt = list(CREATED[topic](event))
        elif topic in LATER:
            learnt = list(LATER[topic](event))
        elif topic == APPEAL_FILED:
            learnt = [(s, "appealed") for s, _ in self.known.get(event.target_id, ())]
        current = self.known.get(originator, ())
        new = tuple(dict.fromkeys(link for link in learnt if link not in current))
        if new:
            current = current + new
            self.known[originator] = current
        return current, new

    def apply(self, event: Any) -> tuple[Link, ...]:
        return self.links_for(event)[0]


@dataclass(frozen=True)
class IndexEntry:
    """One row of the index: an event as it concerns one subject."""

    subject_id: UUID
    position: int
    relation: str
    originator_id: UUID
    originator_version: int
    topic: str
    effective_on: str | None
    recorded_at: datetime
    actor: str | None
    role: str | None
    reason: str | None


def entries_for(event: Any, position: int, links: Sequence[Link]) -> list[IndexEntry]:
    meta = getattr(event, "meta", None)
    by_subject: dict[UUID, str] = {}
    for subject_id, relation in links:
        by_subject.setdefault(subject_id, relation)  # the first (closest) relation names it
    return [
        IndexEntry(
            subject_id=subject_id,
            position=position,
            relation=relation,
            originator_id=event.originator_id,
            originator_version=event.originator_version,
            topic=topic_of(event),
            effective_on=meta.effective_on.isoformat() if meta is not None else None,
            recorded_at=event.timestamp,
            actor=meta.actor.principal_id if meta is not None else None,
            role=meta.actor.role.value if meta is not None else None,
            reason=meta.reason if meta is not None else None,
        )
        for subject_id, relation in by_subject.items()
    ]


def fold_index(events: Iterable[PositionedEvent]) -> list[IndexEntry]:
    """The whole index, folded on demand from events in log order (no database)."""
    links = SubjectLinks()
    found: list[IndexEntry] = []
    for position, event in events:
        found += entries_for(event, position, links.apply(event))
    return found


class LinkTable:
    """A view's stored SubjectLinks: (record, subject, relation) rows. The subject index and the
    profiles each keep their own (each moves at its own log position)."""

    def __init__(self, db: Database, name: str) -> None:
        self.table = db.table(name)

    def create(self, db: Database, cursor: Any) -> None:
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (originator_id TEXT NOT NULL, "
            "subject_id TEXT NOT NULL, relation TEXT NOT NULL, "
            "PRIMARY KEY (originator_id, subject_id, relation))",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")

    def load(self, db: Database, cursor: Any, originators: set[UUID]) -> SubjectLinks:
        """The fold's state for these records."""
        known: dict[UUID, tuple[Link, ...]] = {}
        rows = db.select_in(
            cursor,
            f"SELECT originator_id, subject_id, relation FROM {self.table} "
            "WHERE originator_id IN ({in})",
            {o.hex for o in originators},
        )
        for row in rows:
            key = UUID(row["originator_id"])
            known[key] = (*known.get(key, ()), (UUID(row["subject_id"]), row["relation"]))
        return SubjectLinks(known)

    def add(self, db: Database, cursor: Any, links: Sequence[tuple[str, str, str]]) -> None:
        """New (record id, subject id, relation) rows, ids as hex."""
        db.insert_many(cursor, self.table, ("originator_id", "subject_id", "relation"), links)


class SubjectIndexView:
    """Stored view: `subject_links` (the fold's state) and `subject_events` (the index)."""

    name = "subject_index"
    schema = "1"
    topics: Sequence[str] = ()  # every event: any may belong to a record about a subject

    def __init__(self, db: Database) -> None:
        self.links = LinkTable(db, "subject_links")
        self.table = db.table("subject_events")

    def create(self, db: Database, cursor: Any) -> None:
        self.links.create(db, cursor)
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (subject_id TEXT NOT NULL, "
            "position BIGINT NOT NULL, relation TEXT NOT NULL, originator_id TEXT NOT NULL, "
            "originator_version BIGINT NOT NULL, topic TEXT NOT NULL, effective_on TEXT, "
            "recorded_at TEXT NOT NULL, actor TEXT, role TEXT, reason TEXT, "
            "PRIMARY KEY (subject_id, position))",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")
        self.links.drop(db, cursor)

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        touched = {e.originator_id for _, e in events}
        touched |= {e.target_id for _, e in events if topic_of(e) == APPEAL_FILED}
        links = self.links.load(db, cursor, touched)
        new_links: list[tuple[str, str, str]] = []
        rows: list[tuple[Any, ...]] = []
        for position, event in events:
            concerned, learnt = links.links_for(event)
            new_links += [(event.originator_id.hex, s.hex, r) for s, r in learnt]
            for e in entries_for(event, position, concerned):
                rows.append(
                    (e.subject_id.hex, e.position, e.relation, e.originator_id.hex,
                     e.originator_version, e.topic, e.effective_on, e.recorded_at.isoformat(),
                     e.actor, e.role, e.reason)
                )  # fmt: skip
        self.links.add(db, cursor, new_links)
        db.insert_many(cursor, self.table, INDEX_COLUMNS, rows)

    # -- reads ---------------------------------------------------------------------------------

    def positions(
        self,
        db: Database,
        subject_id: UUID,
        *,
        after: int = 0,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """The subject's index rows in log order, from position `after` (exclusive)."""
        sql = f"SELECT * FROM {self.table} WHERE subject_id = ? AND position > ? ORDER BY position"
        params: list[Any] = [subject_id.hex, after]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return db.query(sql, params)
