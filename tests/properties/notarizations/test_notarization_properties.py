"""A law about the ledger's own notarization matters: whatever commands are tried, in whatever
order, no certificate is recorded without an approval before it by someone other than the
handling notary. The proof uses the 错发 detector that checks imported records: every matter's
recorded history, read as if it had been imported, is never flagged."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.ledger import ComplianceLedger
from domain.notarizations.imports import (
    ImportedNotarization,
    ImportedNotarizationRecord,
    ImportedStep,
)
from domain.notarizations.values import NotarizationStage as S
from domain.notarizations.values import (
    NotarizationType,
    ReviewOutcome,
)
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from store.calendar import prc_calendar
from store.config import parse_database_url
from tests.conftest import CLERK, sqlite_memory_url

STAGE_OF_EVENT = {
    "Applied": S.APPLIED,
    "Accepted": S.ACCEPTED,
    "MaterialsRequested": S.AWAITING_MATERIALS,
    "MaterialsReceived": S.ACCEPTED,
    "Examined": S.EXAMINED,
    "Approved": S.APPROVED,
    "CertificateIssued": S.CERTIFICATE_ISSUED,
    "Refused": S.REFUSED,
    "Terminated": S.TERMINATED,
    "Withdrawn": S.WITHDRAWN,
}
ACTIONS = (
    "accept",
    "request_materials",
    "receive_materials",
    "examine",
    "approve_by_other",
    "approve_by_handler",
    "issue",
    "refuse",
    "terminate",
    "withdraw",
    "request_review",
    "decide_review",
)
# The way to a certificate is drawn more often than the exits, or hypothesis rarely gets there.
WEIGHTED = ACTIONS + ("accept", "examine", "approve_by_other", "approve_by_handler", "issue") * 10


def _world(ledger: ComplianceLedger) -> dict[str, Any]:
    def m() -> EventMeta:
        return EventMeta(
            actor=CLERK, reason="r", effective_on=date(2020, 1, 2), command_id=str(uuid.uuid4())
        )

    office = ledger.register_organization(
        m(), OrganizationKind.NOTARY_OFFICE, "P-N1", OrganizationDetails(name="公证处")
    ).subject_id
    people = {}
    for name in ("handler", "other"):
        person = ledger.register_practitioner(
            m(), PractitionerKind.NOTARY, f"P-{name}", PractitionerDetails(name=name)
        ).subject_id
        ledger.join_organization(m(), person, office)
        people[name] = person
    return {"office": office, **people}


def _as_imported(ledger: ComplianceLedger, matter_id: uuid.UUID) -> ImportedNotarizationRecord:
    """The matter's recorded history as an imported record (up to a review, which imports do
    not carry)."""
    matter = ledger.get_notarization(matter_id)
    steps = []
    for recorded in ledger.repository.event_store.get(matter_id):
        name = type(recorded).__name__
        if name not in STAGE_OF_EVENT:
            if name == "ReviewRequested":
                break
            continue
        extra: dict[str, Any] = {}
        if name == "Approved":
            extra["notary_id"] = recorded.approver_id  # type: ignore[attr-defined]
        if name == "CertificateIssued":
            extra["certificate_number"] = recorded.certificate_number  # type: ignore[attr-defined]
        steps.append(
            ImportedStep(stage=STAGE_OF_EVENT[name], on=recorded.meta.effective_on, **extra)
        )  # type: ignore[attr-defined]
    record = ImportedNotarization(
        external_number=str(matter_id)[:40],
        office_id=matter.office_id,
        matter_type=matter.matter_type,
        handler_id=matter.handler_id,
        steps=tuple(steps),
    )
    record.check_well_formed(0, ledger.today())
    meta = EventMeta(
        actor=Actor(principal_id="law", role=Role.SUPERVISOR),
        reason="property",
        effective_on=ledger.today(),
        command_id=str(uuid.uuid4()),
    )
    return ImportedNotarizationRecord(
        meta=meta, import_id=uuid.uuid4(), source="law", record=record
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=st.lists(
        st.tuples(st.sampled_from(WEIGHTED), st.integers(min_value=0, max_value=6)),
        min_size=4,
        max_size=20,
    )
)
def test_no_issuance_without_approval_whatever_the_commands(
    actions: list[tuple[str, int]],
) -> None:
    config = parse_database_url(sqlite_memory_url())
    ledger = ComplianceLedger(
        env=config.env, clock=lambda: date(2024, 12, 31), calendar=prc_calendar()
    )
    try:
        w = _world(ledger)
        day = date(2024, 3, 1)

        def meta() -> EventMeta:
            return EventMeta(
                actor=CLERK, reason="r", effective_on=day, command_id=str(uuid.uuid4())
            )

        matter = ledger.apply_notarization(
            meta(), w["office"], NotarizationType.INHERITANCE, ("张三",), w["handler"]
        ).subject_id
        steps = {
            "accept": lambda: ledger.accept_notarization(meta(), matter),
            "request_materials": lambda: ledger.request_notarization_materials(meta(), matter),
            "receive_materials": lambda: ledger.receive_notarization_materials(meta(), matter),
            "examine": lambda: ledger.examine_notarization(meta(), matter),
            "approve_by_other": lambda: ledger.approve_notarization(meta(), matter, w["other"]),
            "approve_by_handler": lambda: ledger.approve_notarization(meta(), matter, w["handler"]),
            "issue": lambda: ledger.issue_notarial_certificate(meta(), matter, "C-1"),
            "refuse": lambda: ledger.refuse_notarization(meta(), matter),
            "terminate": lambda: ledger.terminate_notarization(meta(), matter),
            "withdraw": lambda: ledger.withdraw_notarization(meta(), matter),
            "request_review": lambda: ledger.request_notarization_review(
                meta(), matter, w["other"]
            ),
            "decide_review": lambda: ledger.decide_notarization_review(
                meta(), matter, ReviewOutcome.MAINTAIN
            ),
        }
        for action, days_later in actions:
            day += timedelta(days=days_later)
            with contextlib.suppress(LedgerError):  # refused: the law is about what is recorded
                steps[action]()
        recorded = ledger.get_notarization(matter)
        event(f"stage {recorded.stage.value}")
        if recorded.issued_on is not None:
            assert recorded.approved_on is not None and recorded.approved_on <= recorded.issued_on
            assert recorded.approver_id not in (None, recorded.handler_id)
        assert _as_imported(ledger, matter).issuance_irregularities() == []
    finally:
        ledger.close()


def test_the_detector_is_not_blind() -> None:
    """The same reading flags a history that skips the approval (so the law above can fail)."""
    office, handler = uuid.uuid4(), uuid.uuid4()
    record = ImportedNotarization(
        external_number="X-1",
        office_id=office,
        matter_type=NotarizationType.CONTRACT,
        handler_id=handler,
        steps=(
            ImportedStep(stage=S.APPLIED, on=date(2024, 3, 1)),
            ImportedStep(stage=S.ACCEPTED, on=date(2024, 3, 1)),
            ImportedStep(stage=S.EXAMINED, on=date(2024, 3, 2)),
            ImportedStep(stage=S.CERTIFICATE_ISSUED, on=date(2024, 3, 3), certificate_number="C"),
        ),
    )
    meta = EventMeta(
        actor=CLERK, reason="r", effective_on=date(2024, 3, 4), command_id=str(uuid.uuid4())
    )
    imported = ImportedNotarizationRecord(
        meta=meta, import_id=uuid.uuid4(), source="s", record=record
    )
    assert [rule for rule, _ in imported.issuance_irregularities()] == ["NoIssuanceWithoutApproval"]
