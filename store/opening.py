"""Before the library opens a store: make room for a new one, or require one that exists.

`ledger serve` and `ledger demo` may start a new ledger (the SQLite folder is made, the tables
come with the first open). Read-only commands (verify, export, show, list) must never do that:
a typo in LEDGER_DATABASE_URL would give them an empty ledger that checks out. They ask for
`create=False` and get `LedgerNotFoundError` naming where they looked. A PostgreSQL server
that cannot be reached is `DatabaseUnavailableError` naming the host and the cause, after a
short connect timeout, instead of the pool's 30-second wait and "couldn't get a connection".
"""

from __future__ import annotations

import sqlite3

from psycopg import sql

from store.config import LedgerNotFoundError, StoreConfig
from store.postgres import connect

SQLITE_EVENTS = "stored_events"
POSTGRES_EVENTS = "ledger_events"  # the library names it after the application ("ledger")


def prepare(config: StoreConfig, *, create: bool = True) -> None:
    """Make room for a new ledger (`create`), or check that one exists where `config` points.
    Raises LedgerNotFoundError or DatabaseUnavailableError with where and why."""
    if config.is_postgres:
        _prepare_postgres(config, create)
    elif config.path is not None:
        _prepare_sqlite(config, create)


def _prepare_sqlite(config: StoreConfig, create: bool) -> None:
    path = config.path
    assert path is not None
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if not path.is_file():
        raise LedgerNotFoundError(
            f"no ledger at {path}: the file does not exist (LEDGER_DATABASE_URL={config.url}); "
            "check the setting, or create one with `ledger demo` or `ledger serve`"
        )
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SQLITE_EVENTS,)
            ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise LedgerNotFoundError(f"{path} is not a SQLite database ({exc})") from None
    if found is None:
        raise LedgerNotFoundError(f"{path} is a SQLite database but not a ledger (no events table)")


def _prepare_postgres(config: StoreConfig, create: bool) -> None:
    schema = config.env.get("POSTGRES_SCHEMA", "public")
    with connect(config) as conn:
        if create:
            if schema != "public":  # the library expects the schema to exist
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema))
                )
            return
        found = conn.execute(
            "SELECT to_regclass(%s)", (f'"{schema}"."{POSTGRES_EVENTS}"',)
        ).fetchone()
    if found is None or found[0] is None:
        raise LedgerNotFoundError(
            f"no ledger in {config.where}: the schema has no {POSTGRES_EVENTS} table "
            "(check LEDGER_DATABASE_URL and its ?schema=)"
        )
