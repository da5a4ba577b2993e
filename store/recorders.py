"""The library's recorders plus append-only guards on the events table.

UPDATE, DELETE and TRUNCATE of stored events fail in the database itself, so neither a bug in
this application nor a careless operator with ordinary rights can rewrite history. (A superuser
can still disable triggers: that is what signed checkpoints are for.)
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

GUARD_MESSAGE = "stored events are append-only"


class GuardedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
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


class GuardedPostgresApplicationRecorder(PostgresApplicationRecorder):
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
