"""The composition root: builds the ledger, the database bridge and the view runner from
settings. Nothing is built at import time; the FastAPI lifespan, the CLI and the tests call this."""

from __future__ import annotations

from dataclasses import dataclass

from domain.ledger import ComplianceLedger
from projections.registry import RegistryView
from projections.runner import ViewRunner
from store.config import StoreConfig, parse_database_url
from store.database import Database


@dataclass
class Services:
    config: StoreConfig
    ledger: ComplianceLedger
    db: Database
    runner: ViewRunner
    registry: RegistryView

    def close(self) -> None:
        self.ledger.close()


def open_services(database_url: str) -> Services:
    config = parse_database_url(database_url)
    ledger = ComplianceLedger(env=config.env)
    db = Database(ledger.recorder)
    registry = RegistryView(db)
    runner = ViewRunner(ledger, db, [registry])
    runner.create_tables()
    return Services(config=config, ledger=ledger, db=db, runner=runner, registry=registry)
