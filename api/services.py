"""The composition root: builds the ledger, the database bridge and the view runner from
settings. Nothing is built at import time; the FastAPI lifespan, the CLI and the tests call this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.core.values import bureau_today
from domain.ledger import ComplianceLedger
from projections.audit.subjects import SubjectIndexView
from projections.audit.superseded import SupersededView
from projections.disclosures.view import DisclosureView
from projections.integrity.checkpoints import (
    CheckpointPolicy,
    NoteSigner,
)
from projections.integrity.service import IntegrityService
from projections.profiles.view import ProfilesView
from projections.registry.view import RegistryView
from projections.runner.views import ViewRunner
from store.calendar import prc_calendar
from store.config import StoreConfig, parse_database_url
from store.database import Database
from store.opening import prepare


@dataclass
class Services:
    config: StoreConfig
    ledger: ComplianceLedger
    db: Database
    runner: ViewRunner
    registry: RegistryView
    subjects: SubjectIndexView
    profiles: ProfilesView
    superseded: SupersededView
    disclosures: DisclosureView
    integrity: IntegrityService
    # True: requests catch views up themselves (SQLite, tests); False: `ledger project` does.
    views_in_process: bool = True

    def close(self) -> None:
        self.ledger.close()


def open_services(
    database_url: str,
    *,
    clock: Callable[[], date] = bureau_today,
    create: bool = True,
    signing_key: Ed25519PrivateKey | None = None,
    checkpoint_policy: CheckpointPolicy | None = None,
) -> Services:
    """`signing_key` signs the Merkle log's checkpoints; without one (tests) an ephemeral key
    is generated. The CLI and the app pass the key of the settings' key file. `create=False`
    (read-only commands) opens only a ledger that exists: LedgerNotFoundError names where it
    looked; DatabaseUnavailableError names a server that cannot be reached."""
    config = parse_database_url(database_url)
    prepare(config, create=create)
    ledger = ComplianceLedger(env=config.env, clock=clock, calendar=prc_calendar())
    db = Database(ledger.recorder)
    registry = RegistryView(db)
    subjects = SubjectIndexView(db)
    profiles = ProfilesView(db)
    superseded = SupersededView(db)
    disclosures = DisclosureView(db)
    runner = ViewRunner(ledger, db, [registry, subjects, superseded, disclosures, profiles])
    runner.create_tables()
    policy = checkpoint_policy or CheckpointPolicy()
    signer = NoteSigner(signing_key or Ed25519PrivateKey.generate(), policy.origin)
    integrity = IntegrityService(ledger, db, signer, policy)
    integrity.create_tables()
    return Services(
        config=config,
        ledger=ledger,
        db=db,
        runner=runner,
        registry=registry,
        subjects=subjects,
        profiles=profiles,
        superseded=superseded,
        disclosures=disclosures,
        integrity=integrity,
    )
