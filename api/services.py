"""The composition root: builds the ledger, the database bridge and the view runner from
settings. Nothing is built at import time; the FastAPI lifespan, the CLI and the tests call this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.core.values import bureau_today
from domain.ledger import ComplianceLedger
from projections.access.records import TokenRecords
from projections.appeals.records import AppealRecords
from projections.audit.subjects import SubjectIndexView
from projections.audit.superseded import SupersededView
from projections.case_reviews.records import CaseReviewRecords
from projections.complaints.records import ComplaintRecords
from projections.disclosures.view import DisclosureView
from projections.evaluations.records import EvaluationRecords
from projections.inspections.records import InspectionRecords
from projections.integrity.checkpoints import (
    CheckpointPolicy,
    NoteSigner,
)
from projections.integrity.service import IntegrityService
from projections.notarizations.records import NotarizationRecords
from projections.profiles.view import ProfilesView
from projections.registry.view import RegistryView
from projections.runner.views import ViewRunner
from projections.sanctions.records import SanctionRecords
from projections.spot_checks.records import SpotCheckRecords
from store.calendar import prc_calendar
from store.config import StoreConfig, parse_database_url
from store.database import Database
from store.opening import prepare


@dataclass
class Records:
    """The record views' reads, one per capability (projections/<capability>/records.py)."""

    complaints: ComplaintRecords
    inspections: InspectionRecords
    sanctions: SanctionRecords
    appeals: AppealRecords
    evaluations: EvaluationRecords
    notarizations: NotarizationRecords
    case_reviews: CaseReviewRecords
    spot_checks: SpotCheckRecords
    tokens: TokenRecords

    def views(self) -> list[Any]:
        return [
            self.complaints.view,
            *self.inspections.views(),
            self.sanctions.view,
            self.appeals.view,
            self.evaluations.view,
            *self.notarizations.views(),
            self.case_reviews.view,
            self.spot_checks.view,
            self.tokens.view,
        ]


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
    records: Records
    # True: requests catch views up themselves (SQLite, tests); False: `ledger project` does.
    views_in_process: bool = True

    def close(self) -> None:
        self.ledger.close()


def records_of(ledger: ComplianceLedger, db: Database) -> Records:
    """Every record view's reads over `db` (their views still to be run by a ViewRunner)."""
    return Records(
        complaints=ComplaintRecords(db, ledger.calendar),
        inspections=InspectionRecords(db, ledger.inspection_publication_deadline),
        sanctions=SanctionRecords(db, ledger.publication_deadline),
        appeals=AppealRecords(db),
        evaluations=EvaluationRecords(db),
        notarizations=NotarizationRecords(
            db, ledger.calendar, ledger.notarization_age, ledger.imported_issuance_due
        ),
        case_reviews=CaseReviewRecords(db),
        spot_checks=SpotCheckRecords(db),
        tokens=TokenRecords(db),
    )


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
    records = records_of(ledger, db)
    runner = ViewRunner(
        ledger, db, [registry, subjects, superseded, disclosures, profiles, *records.views()]
    )
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
        records=records,
    )
