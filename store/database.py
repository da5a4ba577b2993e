"""SQL access beside the library's recorder: raw event-log queries and the tables of stored views.

Both backends share one connection pool with the recorder, so a view's rows and its tracking
position commit in one transaction of the same database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from store.stored_rows import check_row


class Database:
    """A thin dialect bridge. Statements are written with `?` placeholders and `{events}` /
    `{position}` for the events table and its log-position column."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        if isinstance(recorder, PostgresApplicationRecorder):
            self.dialect = "postgresql"
            schema = recorder.datastore.schema
            self.events_table = f'"{schema}"."{recorder.events_table_name}"'
            self.position_column = "notification_id"
            self.schema = schema
        elif isinstance(recorder, SQLiteApplicationRecorder):
            self.dialect = "sqlite"
            self.events_table = recorder.events_table_name
            self.position_column = "rowid"
            self.schema = ""
        else:
            raise TypeError(f"no SQL database behind {type(recorder).__name__}")

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def table(self, name: str) -> str:
        """A project table's name, qualified by schema on PostgreSQL."""
        return f'"{self.schema}"."{name}"' if self.is_postgres else name

    def sql(self, statement: str) -> str:
        statement = statement.replace("{events}", self.events_table).replace(
            "{position}", self.position_column
        )
        return statement.replace("?", "%s") if self.is_postgres else statement

    @contextmanager
    def transaction(self, *, commit: bool = True) -> Iterator[Any]:
        with self.recorder.datastore.transaction(commit=commit) as cursor:  # type: ignore[attr-defined]
            yield cursor

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A cursor for reading append-only tables (the sealed Merkle log, the events table).
        On PostgreSQL it runs in autocommit: what it reads never changes once written, so no
        snapshot is needed, and a short read then costs one round trip per query instead of
        three (BEGIN and ROLLBACK are most of a warm proof's latency). SQLite reads go through
        the library's pool, whose locks its in-memory databases need."""
        if not self.is_postgres:
            with self.transaction(commit=False) as cursor:
                yield cursor
            return
        with self.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
            conn.autocommit = True
            try:
                yield conn.cursor()
            finally:
                conn.autocommit = False

    def tuple_cursor(self, cursor: Any) -> Any:
        """A cursor in `cursor`'s transaction that returns plain tuples (bytea in binary on
        PostgreSQL). The library's cursors build a dict (psycopg) or a Row per row; at a million
        rows that alone costs seconds. The caller closes it."""
        if self.is_postgres:
            from psycopg.rows import tuple_row

            return cursor.connection.cursor(row_factory=tuple_row, binary=True)
        raw = cursor.sqlite_cursor.connection.cursor()
        raw.row_factory = None
        return raw

    def select_in(
        self, cursor: Any, statement: str, values: Collection[Any], chunk: int = 500
    ) -> list[Any]:
        """The rows of `statement` for these values, where its `{in}` stands for the list: one
        query per `chunk` values (SQLite caps the number of parameters), in `cursor`'s
        transaction. Any ORDER BY holds within a chunk only."""
        ordered = sorted(values)
        found: list[Any] = []
        for start in range(0, len(ordered), chunk):
            part = ordered[start : start + chunk]
            self.execute(cursor, statement.replace("{in}", ", ".join("?" * len(part))), part)
            found += cursor.fetchall()
        return found

    def insert_many(
        self, cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Plain inserts of many rows into a view table, in `cursor`'s transaction: COPY on
        PostgreSQL (several times faster than row-by-row INSERTs), executemany on SQLite."""
        if not rows:
            return
        names = ", ".join(columns)
        if self.is_postgres:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def execute(self, cursor: Any, statement: str, params: Sequence[Any] = ()) -> Any:
        cursor.execute(self.sql(statement), tuple(params))
        return cursor

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.transaction(commit=False) as cursor:
            self.execute(cursor, statement, params)
            return [dict(row) for row in cursor.fetchall()]

    def originator_key(self, originator_id: UUID) -> Any:
        # The library stores UUIDs as hex text in SQLite and as uuid in PostgreSQL.
        return originator_id if self.is_postgres else originator_id.hex

    # -- the event log -------------------------------------------------------------------------

    def positions_of(self, originator_id: UUID) -> dict[int, int]:
        """originator_version -> log position, for one aggregate."""
        rows = self.query(
            "SELECT originator_version AS v, {position} AS p FROM {events} WHERE originator_id = ?",
            (self.originator_key(originator_id),),
        )
        return {int(r["v"]): int(r["p"]) for r in rows}

    def head(self) -> int:
        """The highest log position (0 for an empty log)."""
        return int(self.recorder.max_notification_id() or 0)

    def event_count(self) -> int:
        rows = self.query("SELECT COUNT(*) AS n FROM {events}")
        return int(rows[0]["n"])

    def stored_events_at(self, positions: Sequence[int]) -> list[tuple[int, StoredEvent]]:
        """The stored events at these log positions, in log order (missing ones left out).
        StoredEventUnreadableError for a row that is not what the ledger wrote."""
        found: list[tuple[int, StoredEvent]] = []
        wanted = sorted(set(positions))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.query(
                "SELECT {position} AS p, originator_id, originator_version, topic, state "
                f"FROM {{events}} WHERE {{position}} IN ({marks}) ORDER BY {{position}}",
                chunk,
            )
            for row in rows:
                originator = row["originator_id"]
                check_row(
                    int(row["p"]),
                    originator,
                    row["originator_version"],
                    row["topic"],
                    row["state"],
                    parse=False,
                )
                stored = StoredEvent(
                    originator_id=originator if isinstance(originator, UUID) else UUID(originator),
                    originator_version=int(row["originator_version"]),
                    topic=str(row["topic"]),
                    state=bytes(row["state"]),
                )
                found.append((int(row["p"]), stored))
        return found
