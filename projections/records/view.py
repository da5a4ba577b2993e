"""A stored view of one kind of record (complaints, inspections, ...): one row per aggregate
with the aggregate's state at the view's position, plus the columns its lists filter, order and
count by, indexed.

The state is the aggregate itself, folded by the domain's own event methods (`event.mutate`),
so a list renders exactly what GET /<record>/{id} would have rendered at that position: no
second copy of the domain's rules. Columns are functions of that aggregate (`Column.value`).
A column that holds several values (the offices of an imported record) goes into the kind's
keys table instead: (id, name, value), indexed by (name, value).

Reads are keyset pages over a declared order (`RecordView.page`), counts and sums in SQL
(`RecordView.aggregate`), and the few rows a caller names (`RecordView.get_many`).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import Aggregate, DomainEvent

from projections.runner.views import PositionedEvent
from store.database import Database
from store.snapshots import decode_state, encode_state

Value = Callable[[Any], Any]  # the aggregate -> a column's value (str, int, None)
Count = tuple[str, str, int]  # (bucket, counter name, value)


@dataclass(frozen=True)
class Column:
    name: str
    value: Value
    sql: str = "TEXT"  # TEXT (dates as ISO strings), INTEGER (also booleans as 0/1), BIGINT


@dataclass(frozen=True)
class Keys:
    """Several values of one aggregate under one name (e.g. "office" -> its offices)."""

    name: str
    values: Callable[[Any], Sequence[str]]


@dataclass(frozen=True)
class Due:
    """A deadline an aggregate is waiting on: `what` ("publication", "acceptance", ...) is due
    on `on`; `provisional` when computed past the years the calendar knew (its read then
    recomputes it)."""

    what: str
    on: date
    provisional: bool = False


@dataclass(frozen=True)
class RecordKind:
    name: str  # the view's name and its tables' stem: "complaints" -> complaints_records
    aggregate: type[Aggregate]
    columns: tuple[Column, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    keys: tuple[Keys, ...] = ()
    # The deadlines still open on the aggregate: the overdue lists read them, oldest first.
    deadlines: Callable[[Any], Sequence[Due]] | None = None
    # What the aggregate adds to the kind's counters: (bucket, name, value), the bucket a day
    # (ISO) or a period ("P2023"). Metrics of any period sum the buckets in it: their cost
    # grows with the period, not with the number of records.
    counts: Callable[[Any], Iterable[Count]] | None = None
    version: int = 1  # raise it whenever a column, an index or the aggregate's state changes
    extra_topics: tuple[str, ...] = field(default=())

    @property
    def topics(self) -> tuple[str, ...]:
        return (*event_topics(self.aggregate), *self.extra_topics)


def event_topics(cls: type[Aggregate]) -> tuple[str, ...]:
    """The stored topics of the events an aggregate class declares."""
    found = []
    for value in vars(cls).values():
        if isinstance(value, type) and issubclass(value, DomainEvent):
            topic = getattr(value, "TOPIC", None)
            if isinstance(topic, str) and topic.startswith(f"ledger.{cls.__name__}."):
                found.append(topic)
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class Page:
    items: list[Any]  # aggregates, in the page's order
    next_cursor: str | None


@dataclass(frozen=True)
class Overdue:
    record: Any  # the aggregate
    due: Due


@dataclass(frozen=True)
class OverduePage:
    items: list[Overdue]  # oldest deadline first
    next_cursor: str | None


# -- cursors ---------------------------------------------------------------------------------


class InvalidCursorError(ValueError):
    """A cursor of another list (other filters, another day), or not a cursor at all."""


def encode_keyset(tag: str, values: Sequence[Any]) -> str:
    raw = orjson.dumps([tag, list(values)])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_keyset(tag: str, cursor: str, width: int) -> list[Any]:
    """The order values a cursor carries; ValueError for a cursor of another list or malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found_tag, values = orjson.loads(raw)
    except (ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise InvalidCursorError(f"invalid cursor {cursor!r}") from exc
    if found_tag != tag or not isinstance(values, list) or len(values) != width:
        raise InvalidCursorError(f"invalid cursor {cursor!r}: not a cursor of this list")
    if not all(isinstance(v, (str, int)) for v in values):
        raise InvalidCursorError(f"invalid cursor {cursor!r}")
    return values


# -- the view --------------------------------------------------------------------------------

PROVISIONAL_MARGIN = timedelta(days=30)
BASE_COLUMNS = ("id", "opened_position", "version", "position", "state")


class RecordView:
    """A StoredView (see projections.runner) of one RecordKind."""

    def __init__(self, db: Database, kind: RecordKind) -> None:
        self.kind = kind
        self.name = f"records_{kind.name}"
        self.schema = f"{self.name}-{kind.version}"
        self.topics: Sequence[str] = kind.topics
        self.table = db.table(f"{kind.name}_records")
        self.keys_table = db.table(f"{kind.name}_record_keys")
        self.deadlines_table = db.table(f"{kind.name}_record_deadlines")
        self.counts_table = db.table(f"{kind.name}_record_counts")
        self._stem = f"{kind.name}_records"
        self.columns = (*BASE_COLUMNS, *(c.name for c in kind.columns))

    # -- tables ----------------------------------------------------------------------------------

    def create(self, db: Database, cursor: Any) -> None:
        blob = "BYTEA" if db.is_postgres else "BLOB"
        columns = ", ".join(f"{c.name} {c.sql}" for c in self.kind.columns)
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (id TEXT PRIMARY KEY, "
            f"opened_position BIGINT NOT NULL, version BIGINT NOT NULL, position BIGINT NOT NULL, "
            f"state {blob} NOT NULL{', ' + columns if columns else ''})",
        )
        db.execute(
            cursor,
            f"CREATE UNIQUE INDEX IF NOT EXISTS {self._stem}_opened "
            f"ON {self.table} (opened_position)",
        )
        for index in self.kind.indexes:
            name = f"{self._stem}_{'_'.join(index)}"
            db.execute(
                cursor,
                f"CREATE INDEX IF NOT EXISTS {name} ON {self.table} ({', '.join(index)})",
            )
        if self.kind.keys:
            db.execute(
                cursor,
                f"CREATE TABLE IF NOT EXISTS {self.keys_table} (id TEXT NOT NULL, "
                "name TEXT NOT NULL, value TEXT NOT NULL, opened_position BIGINT NOT NULL, "
                "PRIMARY KEY (id, name, value))",
            )
            db.execute(
                cursor,
                f"CREATE INDEX IF NOT EXISTS {self._stem}_keys ON {self.keys_table} "
                "(name, value, opened_position)",
            )

        if self.kind.deadlines is not None:
            db.execute(
                cursor,
                f"CREATE TABLE IF NOT EXISTS {self.deadlines_table} (id TEXT NOT NULL, "
                "what TEXT NOT NULL, due_on TEXT NOT NULL, provisional INTEGER NOT NULL, "
                "opened_position BIGINT NOT NULL, PRIMARY KEY (id, what))",
            )
            db.execute(
                cursor,
                f"CREATE INDEX IF NOT EXISTS {self._stem}_due ON {self.deadlines_table} "
                "(due_on, opened_position, what)",
            )
            db.execute(
                cursor,
                f"CREATE INDEX IF NOT EXISTS {self._stem}_provisional "
                f"ON {self.deadlines_table} (provisional)",
            )

        if self.kind.counts is not None:
            db.execute(
                cursor,
                f"CREATE TABLE IF NOT EXISTS {self.counts_table} (bucket TEXT NOT NULL, "
                "name TEXT NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (bucket, name))",
            )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.counts_table}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.keys_table}")
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.deadlines_table}")

    # -- folding -------------------------------------------------------------------------------

    def _thaw(self, row: Any) -> Any:
        return decode_state(
            self.kind.aggregate, UUID(row["id"]), int(row["version"]), bytes(row["state"])
        )

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        keys = list(dict.fromkeys(event.originator_id.hex for _, event in events))
        found = db.select_in(
            cursor,
            f"SELECT id, opened_position, version, state FROM {self.table} WHERE id IN ({{in}})",
            keys,
        )
        aggregates: dict[str, Any] = {row["id"]: self._thaw(row) for row in found}
        counted = self.kind.counts
        delta: Counter[tuple[str, str]] = Counter()
        if counted is not None:  # what the records counted before this batch comes off
            for aggregate in aggregates.values():
                for bucket, name, value in counted(aggregate):
                    delta[(bucket, name)] -= value
        opened: dict[str, int] = {row["id"]: int(row["opened_position"]) for row in found}
        last: dict[str, int] = {}
        for position, event in events:
            key = event.originator_id.hex
            aggregates[key] = event.mutate(aggregates.get(key))
            opened.setdefault(key, position)
            last[key] = position
        rows = []
        for key in keys:
            aggregate = aggregates[key]
            rows.append(
                [
                    key,
                    opened[key],
                    aggregate.version,
                    last[key],
                    encode_state(aggregate),
                    *(c.value(aggregate) for c in self.kind.columns),
                ]
            )
        names = ", ".join(self.columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in self.columns if c != "id")
        cursor.executemany(
            db.sql(
                f"INSERT INTO {self.table} ({names}) VALUES ({', '.join('?' * len(self.columns))}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}"
            ),
            rows,
        )
        if self.kind.keys:
            cursor.executemany(
                db.sql(f"DELETE FROM {self.keys_table} WHERE id = ?"), [(k,) for k in keys]
            )
            values = {
                (key, spec.name, value, opened[key])
                for key in keys
                for spec in self.kind.keys
                for value in spec.values(aggregates[key])
            }
            db.insert_many(
                cursor, self.keys_table, ("id", "name", "value", "opened_position"), sorted(values)
            )
        if counted is not None:
            for key in keys:
                for bucket, name, value in counted(aggregates[key]):
                    delta[(bucket, name)] += value
            changes = [(b, n, v) for (b, n), v in sorted(delta.items()) if v]
            if changes:
                cursor.executemany(
                    db.sql(
                        f"INSERT INTO {self.counts_table} (bucket, name, value) VALUES (?, ?, ?) "
                        f"ON CONFLICT (bucket, name) DO UPDATE "
                        f"SET value = {self.counts_table}.value + excluded.value"
                    ),
                    changes,
                )
        if self.kind.deadlines is not None:
            cursor.executemany(
                db.sql(f"DELETE FROM {self.deadlines_table} WHERE id = ?"), [(k,) for k in keys]
            )
            due = [
                (key, d.what, d.on.isoformat(), int(d.provisional), opened[key])
                for key in keys
                for d in self.kind.deadlines(aggregates[key])
            ]
            db.insert_many(
                cursor,
                self.deadlines_table,
                ("id", "what", "due_on", "provisional", "opened_position"),
                due,
            )

    # -- reads ---------------------------------------------------------------------------------

    def page(
        self,
        db: Database,
        *,
        tag: str,
        where: Sequence[str] = (),
        params: Sequence[Any] = (),
        order: Sequence[str] = ("opened_position",),
        cursor: str | None = None,
        limit: int = 50,
        keyed: tuple[str, str] | None = None,
    ) -> Page:
        """A page of aggregates matching every `where` condition (SQL over the view's columns,
        `?` placeholders, `r.` for the row), in `order` (ascending; its last column unique,
        e.g. opened_position). `keyed` = (name, value): only records with that key.
        InvalidCursorError for a cursor that is not one of this list's."""
        conditions, values = list(where), list(params)
        if keyed is not None:
            conditions.append(
                f"r.id IN (SELECT k.id FROM {self.keys_table} k WHERE k.name = ? AND k.value = ?)"
            )
            values += list(keyed)
        if cursor is not None:
            # Row values compare column by column: the page after the cursor's row. The
            # order's columns are never NULL (their kinds give them a value).
            after = decode_keyset(tag, cursor, len(order))
            columns = ", ".join("r." + c for c in order)
            conditions.append(f"({columns}) > ({', '.join('?' * len(order))})")
            values += after
        statement = (
            f"SELECT r.id, r.version, r.state, {', '.join('r.' + c for c in order)} "
            f"FROM {self.table} r"
            + (f" WHERE {' AND '.join(conditions)}" if conditions else "")
            + f" ORDER BY {', '.join('r.' + c for c in order)} LIMIT ?"
        )
        rows = db.query(statement, [*values, limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = encode_keyset(tag, [rows[-1][c] for c in order]) if more and rows else None
        return Page(items=[self._thaw(r) for r in rows], next_cursor=next_cursor)

    def overdue(
        self,
        db: Database,
        as_of: date,
        *,
        whats: Sequence[str] = (),
        cursor: str | None = None,
        limit: int = 50,
        recompute: Callable[[Any, Due], Due] | None = None,
    ) -> OverduePage:
        """Deadlines before `as_of` still open, oldest first (then in the order the records were
        opened), `whats` only if given. A provisional deadline is recomputed by `recompute`
        (the calendar may know that year now) and kept if that is before `as_of`; it keeps the
        place of its recorded date in the order."""
        day = as_of.isoformat()
        tag = f"overdue:{self.kind.name}:{day}:{','.join(whats)}"
        # A provisional deadline moves by a few days at most once the calendar knows its year
        # (holidays, make-up working days): read those up to PROVISIONAL_MARGIN past `as_of`.
        margin = (as_of + PROVISIONAL_MARGIN).isoformat()
        conditions = ["d.due_on < ?", "(d.due_on < ? OR d.provisional = 1)"]
        values: list[Any] = [margin, day]
        if whats:
            conditions.append(f"d.what IN ({', '.join('?' * len(whats))})")
            values += list(whats)
        found: list[tuple[list[Any], Overdue]] = []
        after = decode_keyset(tag, cursor, 3) if cursor is not None else None
        while len(found) <= limit:
            where, params = list(conditions), list(values)
            if after is not None:
                where.append("(d.due_on, d.opened_position, d.what) > (?, ?, ?)")
                params += after
            want = limit + 1 - len(found)
            rows = db.query(
                "SELECT d.what, d.due_on, d.provisional, d.opened_position, r.id, r.version, "
                f"r.state FROM {self.deadlines_table} d JOIN {self.table} r ON r.id = d.id "
                f"WHERE {' AND '.join(where)} ORDER BY d.due_on, d.opened_position, d.what "
                "LIMIT ?",
                [*params, want],
            )
            for row in rows:
                after = [row["due_on"], int(row["opened_position"]), row["what"]]
                due = Due(row["what"], date.fromisoformat(row["due_on"]), bool(row["provisional"]))
                record = self._thaw(row)
                if due.provisional and recompute is not None:
                    due = recompute(record, due)
                if due.on < as_of:
                    found.append((after, Overdue(record, due)))
            if len(rows) < want:
                break
        more = len(found) > limit
        found = found[:limit]
        next_cursor = encode_keyset(tag, found[-1][0]) if more else None
        return OverduePage(items=[o for _, o in found], next_cursor=next_cursor)

    def counts(self, db: Database, first: str, last: str) -> Counter[str]:
        """The counters summed over the buckets from `first` to `last` (inclusive), by name."""
        rows = db.query(
            f"SELECT name, SUM(value) AS total FROM {self.counts_table} "
            "WHERE bucket >= ? AND bucket <= ? GROUP BY name",
            [first, last],
        )
        return Counter({row["name"]: int(row["total"]) for row in rows})

    def rows(
        self, db: Database, *, where: Sequence[str] = (), params: Sequence[Any] = ()
    ) -> list[dict[str, Any]]:
        """The column values (no state) of every row matching `where`: for small sets only."""
        statement = f"SELECT r.id, {', '.join('r.' + c.name for c in self.kind.columns)} " + (
            f"FROM {self.table} r" + (f" WHERE {' AND '.join(where)}" if where else "")
        )
        return db.query(statement + " ORDER BY r.opened_position", list(params))

    def aggregate(self, db: Database, select: str, where: Sequence[str] = (),
                  params: Sequence[Any] = (), group_by: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """`SELECT <select> FROM the table r WHERE ... [GROUP BY ...]`: counts and sums."""
        statement = f"SELECT {select} FROM {self.table} r" + (
            f" WHERE {' AND '.join(where)}" if where else ""
        )
        if group_by:
            statement += f" GROUP BY {group_by}"
        return db.query(statement, list(params))

    def get_many(self, db: Database, ids: Sequence[UUID]) -> dict[UUID, Any]:
        """The aggregates of these ids the view holds."""
        with db.transaction(commit=False) as cursor:
            found = db.select_in(
                cursor,
                f"SELECT id, version, state FROM {self.table} WHERE id IN ({{in}})",
                [i.hex for i in ids],
            )
        return {UUID(row["id"]): self._thaw(row) for row in found}


def equal_filters(filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """`r.column = ?` conditions for the filters given (None: not filtered)."""
    where, params = [], []
    for column, value in filters.items():
        if value is not None:
            where.append(f"r.{column} = ?")
            params.append(value)
    return where, params


def every(read: Callable[[str | None], Page]) -> Iterator[Any]:
    """Every item of a list, following its cursors: `read(cursor)` gives one page."""
    cursor: str | None = None
    while True:
        page = read(cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def open_deadlines(record: Any) -> list[Due]:
    """A kind's `deadlines`: the aggregate's own `open_deadlines` ((what, due, provisional))."""
    return [Due(what, due, provisional) for what, due, provisional in record.open_deadlines]


def recompute_publication(deadline_of: Callable[[Any], Any]) -> Callable[[Any, Due], Due]:
    """An overdue read's `recompute` for a publication deadline: the ledger's `deadline_of`
    recomputes a provisional one with the calendar as it is now (a Deadline, or None)."""

    def recompute(record: Any, due: Due) -> Due:
        deadline = deadline_of(record)
        if due.what != "publication" or deadline is None:
            return due
        return Due(due.what, deadline.due, deadline.provisional)

    return recompute


def by_prefix(counted: Counter[str], prefix: str) -> dict[str, int]:
    """The counters named `prefix` + something, by that something (zeros left out)."""
    return {n[len(prefix) :]: v for n, v in sorted(counted.items()) if n.startswith(prefix) and v}
