"""A year of complaints about one lawyer on SQLite and PostgreSQL.

Five complaints in spring 2023, two in spring 2024; one of them runs its whole course, is
converted into a sanction case (诉转案, one transaction) and rated; the metrics, computed from
the stored events, show the fall of 60% year on year.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from api.services import Services
from domain.complaints.complaint import (
    Complainant,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintStage,
    SatisfactionRating,
)
from domain.core.values import (
    Actor,
    EventMeta,
    PractitionerKind,
    Role,
)
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.rules import CaseOrigin
from tests.conftest import read

CLERK = Actor(principal_id="clerk.wang", role=Role.CLERK)
SUPERVISOR = Actor(principal_id="supervisor.li", role=Role.SUPERVISOR)
PERSON = Complainant(name="钱某", phone="13700000000", id_number=None)


def meta(on: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(
        actor=actor, reason="scenario", effective_on=on, command_id=f"s-{uuid.uuid4()}"
    )


def test_complaints_fall_sixty_percent(any_services: Services) -> None:
    ledger = any_services.ledger
    lawyer = ledger.register_practitioner(
        meta(date(2020, 1, 2)),
        PractitionerKind.LAWYER,
        "11101202010000009",
        PractitionerDetails(name="孙律师"),
    ).subject_id
    for day in range(4, 9):
        ledger.receive_complaint(
            meta(date(2023, 4, day)), ComplaintChannel.LETTER, PERSON, "态度差", lawyer
        )
    ledger.receive_complaint(meta(date(2024, 4, 1)), ComplaintChannel.VISIT, PERSON, "咨询", None)
    complaint = ledger.receive_complaint(
        meta(date(2024, 4, 2)), ComplaintChannel.HOTLINE_12345, PERSON, "违规收费", lawyer
    ).subject_id
    ledger.accept_complaint(meta(date(2024, 4, 3)), complaint)
    ledger.investigate_complaint(meta(date(2024, 4, 3)), complaint)
    ledger.conclude_complaint(
        meta(date(2024, 4, 8)), complaint, ComplaintConclusion.SUBSTANTIATED, "属实"
    )
    case_id = ledger.convert_complaint_to_case(
        meta(date(2024, 4, 9), SUPERVISOR), complaint, "京兴司罚〔2024〕77号", "违规收费"
    ).subject_id
    ledger.reply_to_complaint(meta(date(2024, 4, 10)), complaint, "已立案")
    ledger.rate_complaint(meta(date(2024, 4, 12)), complaint, SatisfactionRating.SATISFIED)

    stored = ledger.get_complaint(complaint)
    assert stored.stage is ComplaintStage.RATED and stored.case_id == case_id
    assert stored.complainant == PERSON and not stored.replied_late
    case = ledger.get_sanction_case(case_id)
    assert case.origin is CaseOrigin.COMPLAINT and case.origin_reference == complaint

    metrics = read(ledger).complaints.metrics(date(2024, 4, 1), date(2024, 4, 30))
    assert (metrics.received, metrics.previous_received) == (2, 5)
    assert metrics.year_on_year_change == Decimal("-60.00")
    assert metrics.response_rate == Decimal("50.00")
    assert metrics.resolution_rate == Decimal("50.00")
    assert metrics.satisfaction_rate == Decimal("100.00")
    assert len(read(ledger).complaints.list(subject_id=lawyer).items) == 6
