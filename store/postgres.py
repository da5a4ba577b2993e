"""PostgreSQL housekeeping the library leaves to us, and LISTEN/NOTIFY wake-ups for runners."""

from __future__ import annotations

import time
from typing import Any

import psycopg
from psycopg import sql

from store.config import DatabaseUnavailableError, StoreConfig

CONNECT_TIMEOUT = 5  # seconds: a server that does not answer is reported, not waited for


def connect(config: StoreConfig) -> psycopg.Connection:
    """A direct connection (autocommit), or DatabaseUnavailableError naming the server and
    the cause."""
    env = config.env
    try:
        return psycopg.connect(
            host=env["POSTGRES_HOST"],
            port=int(env["POSTGRES_PORT"]),
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"] or None,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
        )
    except psycopg.OperationalError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        cause = "; ".join(lines) if lines else type(exc).__name__
        raise DatabaseUnavailableError(
            f"cannot connect to {config.where} (LEDGER_DATABASE_URL): {cause}"
        ) from None


def drop_schema(config: StoreConfig) -> None:
    """Remove a whole schema (tests use one schema each)."""
    schema = config.env.get("POSTGRES_SCHEMA", "public")
    if schema == "public":
        raise ValueError("refusing to drop the public schema")
    with connect(config) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


# -- wake-ups for the view runner ---------------------------------------------------------------


def notify_channel(schema: str) -> str:
    """The channel a schema's event inserts are announced on (one per schema, so runners of
    other schemas in the same database are not woken)."""
    return f"ledger_events_{schema}"[:63]  # PostgreSQL identifiers are at most 63 bytes


def ensure_notify_trigger(cursor: Any, schema: str, table: str) -> None:
    """A statement-level AFTER INSERT trigger on the events table that NOTIFYs the schema's
    channel, so `ledger project` wakes as soon as events commit. Statement-level and with an
    empty payload: PostgreSQL folds identical notifications of one transaction into one, so a
    writer pays one notification a transaction. Created once; later calls only look."""
    function = f"{table}_notify"
    if _has_trigger(cursor, schema, table, function):
        return
    # Serialise concurrent first starts: CREATE OR REPLACE of one function from two sessions at
    # once fails with "tuple concurrently updated".
    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{schema}.{function}",))
    if _has_trigger(cursor, schema, table, function):
        return
    cursor.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN PERFORM pg_notify({channel}, ''); RETURN NULL; END $$"
        ).format(
            schema=sql.Identifier(schema),
            function=sql.Identifier(function),
            channel=sql.Literal(notify_channel(schema)),
        )
    )
    cursor.execute(
        sql.SQL(
            "CREATE TRIGGER {trigger} AFTER INSERT ON {schema}.{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}()"
        ).format(
            trigger=sql.Identifier(function),
            schema=sql.Identifier(schema),
            table=sql.Identifier(table),
            function=sql.Identifier(function),
        )
    )


def _has_trigger(cursor: Any, schema: str, table: str, trigger: str) -> bool:
    cursor.execute(
        "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s AND t.tgname = %s",
        (schema, table, trigger),
    )
    return cursor.fetchone() is not None


class NotifyListener:
    """LISTENs on a schema's channel on its own connection. `wait` returns True when woken by
    a notification (or after reconnecting, when one may have been missed), False on timeout.
    A lost connection is retried on the next wait; the runner's fallback poll covers the gap."""

    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.channel = notify_channel(config.env.get("POSTGRES_SCHEMA", "public"))
        self._conn: psycopg.Connection | None = None

    def _listen(self) -> psycopg.Connection:
        conn = connect(self.config)
        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        return conn

    def wait(self, timeout: float) -> bool:
        try:
            if self._conn is None:
                self._conn = self._listen()
                return True  # anything sent while not listening is missed: look now
            woken = False
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                woken = True
            if woken:  # drain what else arrived, so it does not wake the next wait for nothing
                for _ in self._conn.notifies(timeout=0.0):
                    pass
            return woken
        except psycopg.Error:
            self.close()
            time.sleep(min(timeout, 1.0))
            return False

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
