"""The composition root: builds the ledger, the database bridge and the view runner from
settings. Nothing is built at import time; the FastAPI lifespan, the CLI and the tests call this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.ledger import ComplianceLedger
from domain.values import bureau_today
from projections.registry import RegistryView
from projections.runner import ViewRunner
from store.calendar import prc_calendar
from store.config import StoreConfig, parse_database_url
from store.database import Database
from store.postgres import ensure_schema


@dataclass
class Services:
    config: StoreConfig
    ledger: ComplianceLedger
    db: Database
    runner: ViewRunner
    registry: RegistryView

    def close(self) -> None:
        self.ledger.close()


def open_services(database_url: str, *, clock: Callable[[], date] = bureau_today) -> Services:
    config = parse_database_url(database_url)
    ensure_schema(config)
    ledger = ComplianceLedger(env=config.env, clock=clock, calendar=prc_calendar())
    db = Database(ledger.recorder)
    registry = RegistryView(db)
    runner = ViewRunner(ledger, db, [registry])
    runner.create_tables()
    return Services(config=config, ledger=ledger, db=db, runner=runner, registry=registry)
