"""The library's recorders plus append-only guards on the events table.

UPDATE, DELETE and TRUNCATE of stored events fail in the database itself, so neither a bug in
this application nor a careless operator with ordinary rights can rewrite history. (A superuser
can still disable triggers: that is what signed checkpoints are for.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from store.stored_rows import StoredEventUnreadableError, row_problem

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


class GuardedSQLiteApplicationRecorder(LocatesUnreadableRows, SQLiteApplicationRecorder):
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
        table = self.events_table_name
        # SQLite has no TRUNCATE: "DELETE FROM t" is its truncate, and a DELETE trigger turns
        # off the truncate optimisation, so the same trigger stops it.
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{GUARD_MESSAGE}: {operation} is forbidden'); END"
            )
        return statements


class GuardedPostgresApplicationRecorder(LocatesUnreadableRows, PostgresApplicationRecorder):
    def __init__(self, datastore, *, events_table_name: str = "stored_events"):  # type: ignore[no-untyped-def]
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
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
