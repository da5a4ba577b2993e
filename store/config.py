"""The one place a LEDGER_DATABASE_URL becomes eventsourcing's environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///data/ledger.db"

SQLITE_RECORDER = "store.recorders:GuardedSQLiteApplicationRecorder"
POSTGRES_RECORDER = "store.recorders:GuardedPostgresApplicationRecorder"
TRANSCODER = "store.transcoder:OrjsonTranscoder"
MAPPER = "store.stored_rows:CheckedMapper"


class DatabaseUrlError(ValueError):
    """LEDGER_DATABASE_URL cannot be read."""


class DatabaseUnavailableError(Exception):
    """The database server cannot be reached (or refuses the login)."""


class LedgerNotFoundError(Exception):
    """There is no ledger where the settings point."""


@dataclass(frozen=True)
class StoreConfig:
    url: str
    backend: str  # "sqlite" | "postgresql"
    env: dict[str, str]
    path: Path | None = None  # the SQLite file (None: in memory, or PostgreSQL)

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgresql"

    @property
    def where(self) -> str:
        """Where the ledger is, for people: the SQLite file, or PostgreSQL's host, port,
        database and schema (never the password)."""
        if self.path is not None:
            return str(self.path)
        if not self.is_postgres:
            return "an in-memory SQLite database"
        env = self.env
        return (
            f"PostgreSQL at {env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}, database "
            f"{env['POSTGRES_DBNAME']}, schema {env['POSTGRES_SCHEMA']}, user {env['POSTGRES_USER']}"
        )


def parse_database_url(url: str) -> StoreConfig:
    """`sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:` or
    `postgresql://user[:password]@host[:port]/dbname[?schema=NAME]`. Nothing is created here
    (see store.opening)."""
    parts = urlsplit(url)
    common = {
        "TRANSCODER_TOPIC": TRANSCODER,
        "MAPPER_TOPIC": MAPPER,
        "ORIGINATOR_ID_TYPE": "uuid",
        # Aggregates stay cached and are fast-forwarded from the store on every get, so a busy
        # organization is not replayed from its first event for each member who joins.
        "AGGREGATE_CACHE_MAXSIZE": "2000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not url.startswith("sqlite:///") or path == "/" or parts.netloc:
            raise DatabaseUrlError(
                f"LEDGER_DATABASE_URL {url!r}: a SQLite URL has three slashes and a path, "
                "sqlite:///relative/ledger.db or sqlite:////absolute/ledger.db"
            )
        path = path[1:]
        file: Path | None = None
        if path == ":memory:":
            # A named shared-cache database so the library's reader and writer connections see
            # the same data; unique per URL query `?name=`.
            name = parse_qs(parts.query).get("name", ["ledger"])[0]
            db_name = f"file:{name}?mode=memory&cache=shared"
        else:
            file = Path(path).expanduser().absolute()
            db_name = str(file)
        env = {
            **common,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": db_name,
            "SQLITE_LOCK_TIMEOUT": "10",
            "APPLICATION_RECORDER_TOPIC": SQLITE_RECORDER,
        }
        return StoreConfig(url=url, backend="sqlite", env=env, path=file)
    if parts.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        if not parts.hostname or not parts.path.strip("/"):
            raise DatabaseUrlError(f"postgresql URL needs a host and a database name: {url}")
        query = parse_qs(parts.query)
        env = {
            **common,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.strip("/")),
            "POSTGRES_HOST": parts.hostname,
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "5",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
            # Never POSTGRES_ENABLE_DB_FUNCTIONS: readers that tail the log miss events with it.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER,
        }
        return StoreConfig(url=url, backend="postgresql", env=env)
    raise DatabaseUrlError(
        f"LEDGER_DATABASE_URL {_without_password(url)!r}: {parts.scheme or 'no'} scheme is not "
        "supported; use sqlite:///path/ledger.db or postgresql://user@host:port/db"
    )


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)
