"""The public disclosure register (一公开): published inspection results and sanction decisions.

What is shown on a day D: records published on or before D, not withdrawn by D (a result varied
or annulled on appeal has its publication withdrawn), and, for sanctions, whose publication
period has not ended by D. A varied result is shown as varied. Only structured facts are
disclosed — the subject (name, number, kind), the result or the decision's terms, the dates;
never complaint data (complaint events are not even read) and no free-text allegation.

A pure fold (`DisclosureFold.apply`) serves the stored view, a rebuild and on-demand folds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from projections.runner.cursors import (
    decode_cursor,
    encode_cursor,
)
from projections.runner.views import PositionedEvent
from store.database import Database

Doc = dict[str, Any]

REGISTRY = (
    "ledger.Organization.Registered",
    "ledger.Organization.DetailsChanged",
    "ledger.Practitioner.Registered",
    "ledger.Practitioner.DetailsChanged",
)
INSPECTION = "ledger.Inspection."
SANCTION = "ledger.SanctionCase."
TOPICS = (
    *REGISTRY,
    *(
        INSPECTION + name
        for name in (
            "Planned", "ResultRecorded", "Published", "VariedOnAppeal", "AnnulledOnAppeal",
            "PublicationWithdrawn",
        )
    ),
    *(
        SANCTION + name
        for name in (
            "Opened", "Decided", "MunicipalDecisionRecorded", "Published", "VariedOnAppeal",
            "AnnulledOnAppeal", "PublicationWithdrawn",
        )
    ),
)  # fmt: skip


def _terms(terms: Any) -> Doc:
    return {
        "sanction": terms.kind.value,
        "amount": str(terms.amount) if terms.amount is not None else None,
        "months": terms.months,
    }


def _suspension(period: Any) -> Doc | None:
    if period is None:
        return None
    return {"starts_on": period.starts_on.isoformat(), "until": period.until.isoformat()}


def shown_on(doc: Doc, day: date) -> bool:
    """Is the record on the register on `day`?"""
    on = day.isoformat()
    published = doc.get("published_on")
    if published is None or published > on:
        return False
    withdrawn = doc.get("withdrawn_on")
    if withdrawn is not None and withdrawn <= on:
        return False
    ends = doc.get("ends_on")
    return ends is None or ends >= on


@dataclass
class DisclosureFold:
    """State: subjects' public identity, and one document per inspection or sanction case."""

    subjects: dict[str, Doc] = field(default_factory=dict)
    records: dict[str, Doc] = field(default_factory=dict)

    def apply(self, position: int, event: Any) -> tuple[set[str], set[str]]:
        """Fold one event; returns (subject ids, record ids) whose documents changed."""
        topic = type(event).TOPIC
        key = event.originator_id.hex
        meta = event.meta
        if topic in REGISTRY:
            kind = getattr(event, "kind", None)
            subject = self.subjects.setdefault(key, {"id": key})
            subject["name"] = event.details.name
            if kind is not None:
                subject["kind"] = kind.value
                subject["number"] = event.number
            return {key}, set()
        name = topic.rsplit(".", 1)[1]
        if name in ("Planned", "Opened"):
            self.records[key] = {
                "id": key,
                "record": "inspection" if topic.startswith(INSPECTION) else "sanction",
                "subject_id": event.subject_id.hex,
                "inspection_kind": getattr(getattr(event, "kind", None), "value", None),
                "case_number": getattr(event, "case_number", None),
                "published_on": None,
                "published_position": None,
                "withdrawn_on": None,
                "ends_on": None,
                "varied_on_appeal": False,
                "annulled_on_appeal": False,
            }
            return set(), {key}
        doc = self.records.get(key)
        if doc is None:
            return set(), set()
        if name == "ResultRecorded":
            doc.update(result=event.result.value, summary=event.summary,
                       concluded_on=meta.effective_on.isoformat())  # fmt: skip
        elif name in ("Decided", "MunicipalDecisionRecorded"):
            doc.update(
                decided_on=meta.effective_on.isoformat(),
                decided_by="municipal" if name == "MunicipalDecisionRecorded" else "district",
                municipal_reference=getattr(event, "municipal_reference", None),
                suspension=_suspension(event.suspension),
                **_terms(event.terms),
            )
        elif name == "Published":
            ends = getattr(event, "ends_on", None)
            doc.update(
                published_on=meta.effective_on.isoformat(),
                published_position=position,
                withdrawn_on=None,
                ends_on=ends.isoformat() if ends is not None else None,
            )
        elif name == "VariedOnAppeal":
            doc["varied_on_appeal"] = True
            if doc["record"] == "inspection":
                doc["result"] = event.result.value
                doc["summary"] = event.summary
            else:
                doc.update(suspension=_suspension(event.suspension), **_terms(event.terms))
        elif name == "AnnulledOnAppeal":
            doc["annulled_on_appeal"] = True
        elif name == "PublicationWithdrawn":
            doc["withdrawn_on"] = meta.effective_on.isoformat()
        else:
            return set(), set()
        return set(), {key}

    def fold(self, events: Iterable[PositionedEvent]) -> DisclosureFold:
        for position, event in events:
            self.apply(position, event)
        return self

    def register(self, day: date) -> list[Doc]:
        """The register on `day`, newest publication first (the on-demand answer)."""
        shown = [public_entry(d, self.subjects.get(d["subject_id"], {})) for d in
                 self.records.values() if shown_on(d, day)]  # fmt: skip
        return sorted(shown, key=lambda d: -int(d["published_position"]))


PUBLIC_FIELDS = (
    "id", "record", "subject_id", "inspection_kind", "result", "summary", "concluded_on",
    "case_number", "sanction", "amount", "months", "suspension", "decided_on", "decided_by",
    "municipal_reference", "published_on", "published_position", "ends_on", "varied_on_appeal",
)  # fmt: skip


def public_entry(doc: Doc, subject: Doc) -> Doc:
    entry = {name: doc.get(name) for name in PUBLIC_FIELDS}
    entry["subject_name"] = subject.get("name")
    entry["subject_number"] = subject.get("number")
    entry["subject_kind"] = subject.get("kind")
    return entry


RECORD_COLUMNS = ("id", "subject_id", "record", "published_on", "published_position",
                  "withdrawn_on", "ends_on")  # fmt: skip


def _upsert(
    db: Database, cursor: Any, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert or replace rows by id (same statement on SQLite and PostgreSQL)."""
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}"
    cursor.executemany(db.sql(sql), rows)


@dataclass(frozen=True)
class RegisterPage:
    items: list[Doc]
    next_cursor: str | None


CURSOR_TAG = "d"


class DisclosureView:
    """Stored view: `disclosure_subjects` and `disclosure_records` (one JSON document each)."""

    name = "disclosures"
    schema = "1"
    topics: Sequence[str] = TOPICS

    def __init__(self, db: Database) -> None:
        self.subjects = db.table("disclosure_subjects")
        self.records = db.table("disclosure_records")

    def create(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"CREATE TABLE IF NOT EXISTS {self.subjects} "
                   "(id TEXT PRIMARY KEY, doc TEXT NOT NULL)")  # fmt: skip
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.records} (id TEXT PRIMARY KEY, "
            "subject_id TEXT NOT NULL, record TEXT NOT NULL, published_on TEXT, "
            "published_position BIGINT, withdrawn_on TEXT, ends_on TEXT, doc TEXT NOT NULL)",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.records}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.subjects}")

    def _load(self, db: Database, cursor: Any, table: str, ids: set[str]) -> dict[str, Doc]:
        rows = db.select_in(cursor, f"SELECT id, doc FROM {table} WHERE id IN ({{in}})", ids)
        return {row["id"]: json.loads(row["doc"]) for row in rows}

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        ids = {e.originator_id.hex for _, e in events}
        state = DisclosureFold(
            subjects=self._load(db, cursor, self.subjects, ids),
            records=self._load(db, cursor, self.records, ids),
        )
        changed_subjects: set[str] = set()
        changed_records: set[str] = set()
        for position, event in events:
            subjects, records = state.apply(position, event)
            changed_subjects |= subjects
            changed_records |= records
        if changed_subjects:
            rows = [(i, json.dumps(state.subjects[i], sort_keys=True)) for i in changed_subjects]
            _upsert(db, cursor, self.subjects, ("id", "doc"), rows)
        if changed_records:
            columns = RECORD_COLUMNS
            rows = [
                (*(state.records[i][c] for c in columns),
                 json.dumps(state.records[i], sort_keys=True))
                for i in changed_records
            ]  # fmt: skip
            _upsert(db, cursor, self.records, (*columns, "doc"), rows)

    # -- reads ---------------------------------------------------------------------------------

    def register(
        self,
        db: Database,
        day: date,
        *,
        record: str | None = None,
        subject_id: UUID | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> RegisterPage:
        """The register on `day`, newest publication first, `limit` per page."""
        on = day.isoformat()
        sql = (
            f"SELECT r.doc AS doc, s.doc AS subject FROM {self.records} r "
            f"LEFT JOIN {self.subjects} s ON s.id = r.subject_id "
            "WHERE r.published_on IS NOT NULL AND r.published_on <= ? "
            "AND (r.withdrawn_on IS NULL OR r.withdrawn_on > ?) "
            "AND (r.ends_on IS NULL OR r.ends_on >= ?)"
        )
        params: list[Any] = [on, on, on]
        if record is not None:
            sql += " AND r.record = ?"
            params.append(record)
        if subject_id is not None:
            sql += " AND r.subject_id = ?"
            params.append(subject_id.hex)
        if cursor is not None:
            sql += " AND r.published_position < ?"
            params.append(decode_cursor(CURSOR_TAG, cursor))
        sql += " ORDER BY r.published_position DESC LIMIT ?"
        params.append(limit + 1)
        rows = db.query(sql, params)
        items = [
            public_entry(json.loads(r["doc"]), json.loads(r["subject"]) if r["subject"] else {})
            for r in rows[:limit]
        ]
        more = len(rows) > limit
        next_cursor = encode_cursor(CURSOR_TAG, items[-1]["published_position"]) if more else None
        return RegisterPage(items=items, next_cursor=next_cursor)
