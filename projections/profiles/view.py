"""Compliance profiles 合规档案: the stored view "profiles", the on-demand as-of folds, and the
rendering of a profile for a day (what is in force, due, overdue, recent; the risk tier).

- Stored view: one JSON document per subject (the fold's state, `fold.apply`) in
  `profile_documents`. Which subjects an event concerns comes from `SubjectLinks`, whose state
  this view keeps in its own `profile_links` table, so it never waits on another view.
- On demand: a subject's events from the subject index (`subject_events`), folded with
  `fold.fold_profile` on either time axis.
- `projections.profiles.render.render(state, day, policy)`: the profile as true on `day`
  (re-exported here with `risk_of`, `policy_known` and `as_of_day`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson

from projections.audit.subjects import (
    APPEAL_FILED,
    LinkTable,
    SubjectIndexView,
)
from projections.profiles.fold import (
    TOPICS,
    State,
    apply,
    fold_profile,
    topic_of,
)
from projections.profiles.render import (
    as_of_day,
    policy_known,
    render,
    risk_of,
)
from projections.runner.events import events_at
from projections.runner.views import PositionedEvent
from store.database import Database

__all__ = [
    "ProfilesView",
    "as_of_day",
    "fold_subject",
    "policy_known",
    "render",
    "risk_of",
]


def fold_subject(
    app: Any,
    db: Database,
    subjects: SubjectIndexView,
    subject_id: UUID,
    *,
    effective_until: date | None = None,
    recorded_until: datetime | None = None,
) -> tuple[State | None, int]:
    """A profile folded on demand from the subject's events (positions from the subject index,
    which must be caught up by the caller)."""
    rows = subjects.positions(db, subject_id)
    positions = [
        int(r["position"])
        for r in rows
        if r["topic"] in TOPICS
        and (recorded_until is None or datetime.fromisoformat(r["recorded_at"]) <= recorded_until)
    ]
    events = events_at(app, db, positions)
    return fold_profile(
        subject_id, events, effective_until=effective_until, recorded_until=recorded_until
    )


# -- the stored view ---------------------------------------------------------------------------


def _dump(state: State) -> str:
    return orjson.dumps(state, option=orjson.OPT_SORT_KEYS).decode()


class ProfilesView:
    """Stored view: `profile_links` (SubjectLinks' state) and `profile_documents` (one JSON
    document per organization and practitioner, with the position of its last change)."""

    name = "profiles"
    schema = "profiles-2"  # 2: cancelled spot checks (voided draws) left out
    topics: Sequence[str] = ()  # every event: any may make a record about a subject

    def __init__(self, db: Database) -> None:
        self.links = LinkTable(db, "profile_links")
        self.table = db.table("profile_documents")

    def create(self, db: Database, cursor: Any) -> None:
        self.links.create(db, cursor)
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (subject_id TEXT PRIMARY KEY, "
            "entity TEXT NOT NULL, kind TEXT NOT NULL, document TEXT NOT NULL, "
            "last_position BIGINT NOT NULL)",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")
        self.links.drop(db, cursor)

    def _states(
        self, db: Database, cursor: Any, subjects: set[UUID]
    ) -> dict[UUID, tuple[State | None, int]]:
        rows = db.select_in(
            cursor,
            f"SELECT subject_id, document, last_position FROM {self.table} "
            "WHERE subject_id IN ({in})",
            {s.hex for s in subjects},
        )
        return {
            UUID(row["subject_id"]): (orjson.loads(row["document"]), int(row["last_position"]))
            for row in rows
        }

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        # Only the events the fold reads: their links are all a profile needs (the links of
        # other records, e.g. notarization matters or an inspection's inspectors, concern no
        # profile), and a log is half command receipts.
        read = [(p, e) for p, e in events if topic_of(e) in TOPICS]
        touched = {e.originator_id for _, e in read}
        touched |= {e.target_id for _, e in read if topic_of(e) == APPEAL_FILED}  # type: ignore[attr-defined]
        links = self.links.load(db, cursor, touched)
        new_links: list[tuple[str, str, str]] = []
        plan: list[tuple[int, Any, list[UUID]]] = []
        for position, event in read:
            concerned, learnt = links.links_for(event)
            new_links += [(event.originator_id.hex, s.hex, r) for s, r in learnt]
            if concerned:
                plan.append((position, event, list(dict.fromkeys(s for s, _ in concerned))))
        states = self._states(db, cursor, {s for _, _, subjects in plan for s in subjects})
        changed: set[UUID] = set()
        for position, event, subjects in plan:
            for subject in subjects:
                state, _last = states.get(subject, (None, 0))
                if state is None and event.originator_id != subject:
                    continue
                new = apply(state, event)
                if new is not state:
                    states[subject] = (new, position)
                    changed.add(subject)
        self.links.add(db, cursor, new_links)
        rows = []
        for subject in sorted(changed):
            state, last = states[subject]
            assert state is not None
            rows.append((subject.hex, state["entity"], state["kind"], _dump(state), last))
        if rows:
            cursor.executemany(
                db.sql(
                    f"INSERT INTO {self.table} (subject_id, entity, kind, document, "
                    "last_position) VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject_id) DO UPDATE "
                    "SET entity = excluded.entity, kind = excluded.kind, "
                    "document = excluded.document, last_position = excluded.last_position"
                ),
                rows,
            )

    # -- reads ---------------------------------------------------------------------------------

    def document(self, db: Database, subject_id: UUID) -> tuple[State, int] | None:
        """The stored profile state of a subject and the position of its last change."""
        rows = db.query(
            f"SELECT document, last_position FROM {self.table} WHERE subject_id = ?",
            (subject_id.hex,),
        )
        if not rows:
            return None
        return orjson.loads(rows[0]["document"]), int(rows[0]["last_position"])

    def documents(self, db: Database) -> dict[UUID, tuple[State, int]]:
        """Every stored profile (for rebuild checks and the spot-check population)."""
        rows = db.query(f"SELECT subject_id, document, last_position FROM {self.table}")
        return {
            UUID(r["subject_id"]): (orjson.loads(r["document"]), int(r["last_position"]))
            for r in rows
        }
