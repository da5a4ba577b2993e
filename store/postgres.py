"""PostgreSQL housekeeping the library leaves to us."""

from __future__ import annotations

import psycopg
from psycopg import sql

from store.config import StoreConfig


def _connect(config: StoreConfig) -> psycopg.Connection:
    env = config.env
    return psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=int(env["POSTGRES_PORT"]),
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        autocommit=True,
        connect_timeout=5,
    )


def ensure_schema(config: StoreConfig) -> None:
    """Create the configured schema if it is missing (the library expects it to exist)."""
    schema = config.env.get("POSTGRES_SCHEMA", "public")
    if not config.is_postgres or schema == "public":
        return
    with _connect(config) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def drop_schema(config: StoreConfig) -> None:
    """Remove a whole schema (tests use one schema each)."""
    schema = config.env.get("POSTGRES_SCHEMA", "public")
    if schema == "public":
        raise ValueError("refusing to drop the public schema")
    with _connect(config) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
