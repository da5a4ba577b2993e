"""The library's recorders plus append-only guards on the events table, and what is written in
the transaction that stores events.

UPDATE, DELETE and TRUNCATE of stored events fail in the database itself, so neither a bug in
this application nor a careless operator with ordinary rights can rewrite history. (A superuser
can still disable triggers: that is what signed checkpoints are for.)

In the same transaction as the events (WritesAtInsert):
- `ledger_leaves`: each event's Merkle leaf hash (store/leaves.py), so sealing only builds the
  tree; `ledger verify` still recomputes every leaf from the stored bytes;
- `ledger_links`: the lookups the command side needs ("the sanction cases of this subject",
  "the appeals against this record"), declared by the domain (`declare_links`) and passed with
  the save; backfilled from the log the first time a link is declared.
Both are append-only too. Concurrent saves go through a GroupCommit (store/group_commit.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from store.group_commit import GroupCommit
from store.leaves import hash_leaves
from store.stored_rows import StoredEventUnreadableError, row_problem
from store.transcoder import from_plain

GUARD_MESSAGE = "stored events are append-only"


class LocatesUnreadableRows:
    """The library converts every row as it reads it (`bytes(state)`, `UUID(originator_id)`),
    so a row a superuser rewrote (a NULL state, an id that is no UUID) stops it with a bare
    TypeError or ValueError. These reads say instead which row, as
    StoredEventUnreadableError naming its log position. Mixed in before the library's
    recorder; `_raw_rows` is the backend's plain read of the same table."""

    # (position, originator id, version, topic, state) rows in log order, read plainly.
    _raw_rows: Callable[[str, list[Any], int], list[tuple[Any, ...]]]

    def _locate(self, where: str, params: list[Any], failure: Exception) -> Exception:
        after = -1
        while True:
            rows = self._raw_rows(where, [*params, after], 1000)
            for position, *row in rows:
                problem = row_problem(*row, parse=False)
                if problem is not None:
                    return StoredEventUnreadableError(int(position), problem)
            if len(rows) < 1000:
                return failure
            after = int(rows[-1][0])

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        try:
            return super().select_notifications(  # type: ignore[misc, no-any-return]
                start, limit, stop, topics, inclusive_of_start=inclusive_of_start
            )
        except (TypeError, ValueError) as exc:
            raise self._locate("{position} >= ?", [start or 0], exc) from None

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        try:
            return super().select_events(  # type: ignore[misc, no-any-return]
                originator_id, gt=gt, lte=lte, desc=desc, limit=limit
            )
        except (TypeError, ValueError) as exc:
            key: UUID | str = originator_id
            if isinstance(self, SQLiteApplicationRecorder) and isinstance(originator_id, UUID):
                key = originator_id.hex  # the library keeps ids as hex text in SQLite
            raise self._locate("originator_id = ?", [key], exc) from None


LEAVES = "ledger_leaves"
LINKS = "ledger_links"
MARKERS = "ledger_markers"
# (topic of the event that makes the link, link name, the event's field holding the key)
LinkDeclaration = tuple[str, str, str]
# (link name, key, originator id hex, originator version of the event that makes it)
Link = tuple[str, str, str, int]


class WritesAtInsert:
    """Leaves and links written with the events, and saves grouped. Mixed in before the
    library's recorder; the backend supplies `_execute_many`, `_query` and `_table`."""

    _execute_many: Callable[[Any, str, list[tuple[Any, ...]]], None]
    _query: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]
    _table: Callable[[str], str]
    _group: GroupCommit

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        if not stored_events:
            return super().insert_events(stored_events, **kwargs)  # type: ignore[misc]
        return self._group.insert(stored_events, kwargs)

    def _start_group_commit(self) -> None:
        parent = super()

        def insert(events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> Any:
            return parent.insert_events(events, **kwargs)  # type: ignore[attr-defined]

        self._group = GroupCommit(insert)
        self._backfill_lock = threading.Lock()

    def _write_alongside(
        self, cursor: Any, stored: Sequence[StoredEvent], ids: Sequence[int], links: Iterable[Link]
    ) -> None:
        originators = [
            e.originator_id if isinstance(e.originator_id, UUID) else UUID(e.originator_id)
            for e in stored
        ]
        rows = [
            (i, o.bytes, e.originator_version, e.topic, e.state)
            for i, o, e in zip(ids, originators, stored, strict=True)
        ]
        leaves, subjects = hash_leaves(rows)
        self._execute_many(
            cursor,
            f"INSERT INTO {self._table(LEAVES)} (position, leaf, originator) VALUES (?, ?, ?)",
            [(i, leaf, subject) for i, leaf, subject in zip(ids, leaves, subjects, strict=True)],
        )
        positions = {
            (o.hex, e.originator_version): i
            for i, o, e in zip(ids, originators, stored, strict=True)
        }
        found = [
            (name, key, originator, positions[(originator, version)])
            for name, key, originator, version in links
        ]
        if found:
            self._execute_many(
                cursor,
                f"INSERT INTO {self._table(LINKS)} (name, key, id, position) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name, key, id) DO NOTHING",
                found,
            )

    def linked(self, name: str, key: UUID) -> list[UUID]:
        """The ids linked under `name` to `key`, in the order the links were made."""
        rows = self._query(
            f"SELECT id FROM {self._table(LINKS)} WHERE name = ? AND key = ? ORDER BY position",
            (name, key.hex),
        )
        return [UUID(row[0]) for row in rows]

    def declare_links(self, declarations: Sequence[LinkDeclaration]) -> None:
        """Links the domain makes from now on; those never made before are backfilled from
        the events already stored (a ledger written before they existed)."""
        with self._backfill_lock:
            done = {row[0] for row in self._query(f"SELECT name FROM {self._table(MARKERS)}", ())}
            for name in sorted({n for _, n, _ in declarations} - done):
                mine = [(topic, attr) for topic, n, attr in declarations if n == name]
                self._backfill(name, mine)

    def _backfill(self, name: str, sources: list[tuple[str, str]]) -> None:
        fields = dict(sources)
        found: list[tuple[str, str, str, int]] = []
        start = None
        while True:
            batch = self.select_notifications(  # type: ignore[attr-defined]
                start, 1000, None, sorted(fields), inclusive_of_start=False
            )
            for n in batch:
                value = from_plain(orjson.loads(n.state).get(fields[n.topic]))
                if isinstance(value, UUID):
                    found.append((name, value.hex, UUID(str(n.originator_id)).hex, n.id))
            if len(batch) < 1000:
                break
            start = batch[-1].id
        self._write_backfill(name, found)

    def _write_backfill(self, name: str, links: list[tuple[str, str, str, int]]) -> None:
        raise NotImplementedError


class GuardedSQLiteApplicationRecorder(
    WritesAtInsert, LocatesUnreadableRows, SQLiteApplicationRecorder
):
    def __init__(self, datastore, *, events_table_name: str = "stored_events"):  # type: ignore[no-untyped-def]
        super().__init__(datastore, events_table_name=events_table_name)
        self._start_group_commit()

    def _raw_rows(self, where: str, params: list[Any], limit: int) -> list[tuple[Any, ...]]:
        statement = (
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} WHERE {where.replace('{position}', 'rowid')} "
            "AND rowid > ? ORDER BY rowid LIMIT ?"
        )
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, [*params, limit])
            return [tuple(row) for row in cursor.fetchall()]

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements += [
            f"CREATE TABLE IF NOT EXISTS {LEAVES} (position INTEGER PRIMARY KEY, "
            "leaf BLOB NOT NULL, originator BLOB NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {LINKS} (name TEXT NOT NULL, key TEXT NOT NULL, "
            "id TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (name, key, id))",
            f"CREATE INDEX IF NOT EXISTS {LINKS}_by_key ON {LINKS} (name, key, position)",
            f"CREATE TABLE IF NOT EXISTS {MARKERS} (name TEXT PRIMARY KEY)",
        ]
        # SQLite has no TRUNCATE: "DELETE FROM t" is its truncate, and a DELETE trigger turns
        # off the truncate optimisation, so the same trigger stops it.
        for table in (self.events_table_name, LEAVES, LINKS):
            for operation in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                    f"BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}: {operation} is forbidden'); END"
                )
        return statements

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        ids = super()._insert_events(c, stored_events, **kwargs)
        self._write_alongside(c, stored_events, ids or (), kwargs.get("links") or ())
        return ids

    def _execute_many(self, cursor: Any, statement: str, rows: list[tuple[Any, ...]]) -> None:
        cursor.executemany(statement, rows)

    def _query(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, tuple(params))
            return [tuple(row) for row in cursor.fetchall()]

    def _table(self, name: str) -> str:
        return name

    def _write_backfill(self, name: str, links: list[tuple[str, str, str, int]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(
                f"INSERT INTO {LINKS} (name, key, id, position) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name, key, id) DO NOTHING",
                links,
            )
            cursor.execute(
                f"INSERT INTO {MARKERS} (name) VALUES (?) ON CONFLICT DO NOTHING", (name,)
            )


class GuardedPostgresApplicationRecorder(
    WritesAtInsert, LocatesUnreadableRows, PostgresApplicationRecorder
):
    def __init__(self, datastore, *, events_table_name: str = "stored_events"):  # type: ignore[no-untyped-def]
        super().__init__(datastore, events_table_name=events_table_name)
        self._start_group_commit()
        schema = Identifier(self.datastore.schema)
        for statement in (
            "CREATE TABLE IF NOT EXISTS {schema}.{leaves} (position BIGINT PRIMARY KEY, "
            "leaf BYTEA NOT NULL, originator BYTEA NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {schema}.{links} (name TEXT NOT NULL, key TEXT NOT NULL, "
            "id TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (name, key, id))",
            "CREATE INDEX IF NOT EXISTS {links_by_key} ON {schema}.{links} (name, key, position)",
            "CREATE TABLE IF NOT EXISTS {schema}.{markers} (name TEXT PRIMARY KEY)",
        ):
            self.sql_create_statements.append(
                SQL(statement).format(
                    schema=schema,
                    leaves=Identifier(LEAVES),
                    links=Identifier(LINKS),
                    links_by_key=Identifier(f"{LINKS}_by_key"),
                    markers=Identifier(MARKERS),
                )
            )
        table = Identifier(self.events_table_name)
        function = Identifier(f"{self.events_table_name}_append_only")
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION '"
                + GUARD_MESSAGE
                + ": % is forbidden on %', TG_OP, TG_TABLE_NAME "
                "USING ERRCODE = 'restrict_violation'; END $$"
            ).format(schema=schema, function=function)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {schema}.{table} "
                "FOR EACH ROW EXECUTE FUNCTION {schema}.{function}()"
            ).format(
                trigger=Identifier(f"{self.events_table_name}_no_update_delete"),
                schema=schema,
                table=table,
                function=function,
            )
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE TRIGGER {trigger} BEFORE TRUNCATE ON {schema}.{table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}()"
            ).format(
                trigger=Identifier(f"{self.events_table_name}_no_truncate"),
                schema=schema,
                table=table,
                function=function,
            )
        )

        for side in (LEAVES, LINKS):
            for trigger, when in (
                ("no_update_delete", "BEFORE UPDATE OR DELETE ON {schema}.{table} FOR EACH ROW"),
                ("no_truncate", "BEFORE TRUNCATE ON {schema}.{table} FOR EACH STATEMENT"),
            ):
                self.sql_create_statements.append(
                    SQL(
                        "CREATE OR REPLACE TRIGGER {trigger} " + when + " "
                        "EXECUTE FUNCTION {schema}.{function}()"
                    ).format(
                        trigger=Identifier(f"{side}_{trigger}"),
                        schema=schema,
                        table=Identifier(side),
                        function=function,
                    )
                )

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Any:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        self._write_alongside(curs, stored_events, ids or (), kwargs.get("links") or ())
        return ids

    def _execute_many(self, cursor: Any, statement: str, rows: list[tuple[Any, ...]]) -> None:
        cursor.executemany(statement.replace("?", "%s"), rows)

    def _query(self, statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement.replace("?", "%s"), tuple(params))
            return [tuple(row.values()) for row in cursor.fetchall()]

    def _table(self, name: str) -> str:
        return f'"{self.datastore.schema}"."{name}"'

    def _write_backfill(self, name: str, links: list[tuple[str, str, str, int]]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            if links:
                cursor.executemany(
                    f"INSERT INTO {self._table(LINKS)} (name, key, id, position) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name, key, id) DO NOTHING",
                    links,
                )
            cursor.execute(
                f"INSERT INTO {self._table(MARKERS)} (name) VALUES (%s) ON CONFLICT DO NOTHING",
                (name,),
            )

    def _raw_rows(self, where: str, params: list[Any], limit: int) -> list[tuple[Any, ...]]:
        condition = where.replace("{position}", "notification_id").replace("?", "%s")
        statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {schema}.{table} WHERE " + condition + " AND notification_id > %s "
            "ORDER BY notification_id LIMIT %s"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [*params, limit])
            return [tuple(row.values()) for row in cursor.fetchall()]
