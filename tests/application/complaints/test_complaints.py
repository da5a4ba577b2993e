"""Complaints through ComplianceLedger (SQLite in memory): deadlines on the PRC calendar under the
policy in force, 诉转案 opening a sanction case in the same transaction, and the metrics computed
from events, including a year-on-year fall."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.complaints.complaint import (
    Complainant,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintStage,
    SatisfactionRating,
)
from domain.complaints.errors import (
    ComplaintConversionError,
    ComplaintStageError,
)
from domain.core.errors import EntityNotFoundError
from domain.core.policy import Policy
from domain.core.values import (
    EventMeta,
    PractitionerKind,
)
from domain.ledger import ComplianceLedger
from domain.registry.errors import BeforeRegistrationError
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.errors import CaseNumberTakenError
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionStage,
)
from tests.conftest import read

Meta = Callable[..., EventMeta]
PERSON = Complainant(name="王某某", phone="13800000000", id_number="110115199001011234")


def lawyer(ledger: ComplianceLedger, meta: Meta) -> UUID:
    details = PractitionerDetails(name="李律师")
    return ledger.register_practitioner(
        meta(effective_on=date(2020, 1, 2)), PractitionerKind.LAWYER, "11101202410000001", details
    ).subject_id


def receive(ledger: ComplianceLedger, meta: Meta, on: date, subject: UUID | None = None) -> UUID:
    return ledger.receive_complaint(
        meta(effective_on=on), ComplaintChannel.HOTLINE_12345, PERSON, "收费后未提供服务", subject
    ).subject_id


def handle(
    ledger: ComplianceLedger,
    meta: Meta,
    on: date,
    rating: SatisfactionRating | None = None,
    reply: bool = True,
) -> UUID:
    complaint = receive(ledger, meta, on)
    ledger.accept_complaint(meta(effective_on=on), complaint)
    ledger.investigate_complaint(meta(effective_on=on), complaint)
    ledger.conclude_complaint(meta(effective_on=on), complaint, ComplaintConclusion.PARTLY, "属实")
    if reply:
        ledger.reply_to_complaint(meta(effective_on=on), complaint, "已答复")
    if rating is not None:
        ledger.rate_complaint(meta(effective_on=on), complaint, rating)
    return complaint


def test_acceptance_deadline_on_the_prc_calendar(ledger: ComplianceLedger, meta: Meta) -> None:
    # Received Friday 27 September 2024: National Day week off, 29 Sep and 12 Oct worked.
    complaint = ledger.get_complaint(receive(ledger, meta, date(2024, 9, 27)))
    assert complaint.acceptance_due == date(2024, 10, 16)
    assert complaint.feedback_due == date(2024, 10, 12)  # 7 working days
    assert complaint.stage is ComplaintStage.RECEIVED


def test_deadlines_recorded_with_policy_version(ledger: ComplianceLedger, meta: Meta) -> None:
    ledger.publish_policy(
        meta(effective_on=date(2024, 1, 1)),
        Policy(
            version="2024.7",
            effective_from=date(2024, 7, 1),
            complaint_acceptance_working_days=5,
        ),
    )
    before = ledger.get_complaint(receive(ledger, meta, date(2024, 6, 3)))
    after = ledger.get_complaint(receive(ledger, meta, date(2024, 7, 1)))
    assert (before.policy_version, before.acceptance_due) == (
        "2024.1",
        date(2024, 6, 18),
    )  # 10 June: 端午
    assert (after.policy_version, after.acceptance_due) == ("2024.7", date(2024, 7, 8))


def test_complaint_against_a_registered_subject(ledger: ComplianceLedger, meta: Meta) -> None:
    with pytest.raises(EntityNotFoundError):
        receive(ledger, meta, date(2024, 6, 3), uuid.uuid4())
    subject = lawyer(ledger, meta)
    with pytest.raises(BeforeRegistrationError):
        receive(ledger, meta, date(2019, 6, 3), subject)
    complaint = receive(ledger, meta, date(2024, 6, 3), subject)
    assert read(ledger).complaints.list(subject_id=subject).items[0].id == complaint


def test_complaint_lifecycle_order(ledger: ComplianceLedger, meta: Meta) -> None:
    complaint = receive(ledger, meta, date(2024, 6, 3))
    before = len(ledger.history(complaint))
    with pytest.raises(ComplaintStageError):
        ledger.reply_to_complaint(meta(effective_on=date(2024, 6, 3)), complaint, "答复")
    assert len(ledger.history(complaint)) == before


def test_conversion_to_case_opens_a_sanction_case(ledger: ComplianceLedger, meta: Meta) -> None:
    subject = lawyer(ledger, meta)
    complaint = receive(ledger, meta, date(2024, 6, 3), subject)
    on = meta(effective_on=date(2024, 6, 4))
    with pytest.raises(ComplaintConversionError):
        ledger.convert_complaint_to_case(on, complaint, "京兴司罚〔2024〕9号", "违规收费")
    ledger.accept_complaint(meta(effective_on=date(2024, 6, 4)), complaint)
    result = ledger.convert_complaint_to_case(
        meta(effective_on=date(2024, 6, 5)), complaint, "京兴司罚〔2024〕9号", "违规收费"
    )
    case = ledger.get_sanction_case(result.subject_id)
    assert case.origin is CaseOrigin.COMPLAINT and case.origin_reference == complaint
    assert case.subject_id == subject and case.stage is SanctionStage.OPENED
    converted = ledger.get_complaint(complaint)
    assert converted.case_id == case.id and converted.converted_on == date(2024, 6, 5)
    # A case number is used once; nothing is recorded on the complaint then.
    other = receive(ledger, meta, date(2024, 6, 3), subject)
    ledger.accept_complaint(meta(effective_on=date(2024, 6, 4)), other)
    with pytest.raises(CaseNumberTakenError):
        ledger.convert_complaint_to_case(
            meta(effective_on=date(2024, 6, 5)), other, "京兴司罚〔2024〕9号", "违规收费"
        )
    assert ledger.get_complaint(other).case_id is None


def test_complaint_metrics_with_year_on_year_fall(ledger: ComplianceLedger, meta: Meta) -> None:
    # 2023 H1: five complaints. 2024 H1: two — down 60%.
    for day in (3, 4, 5, 6, 7):
        receive(ledger, meta, date(2023, 3, day))
    handle(ledger, meta, date(2024, 3, 4), SatisfactionRating.SATISFIED)
    handle(ledger, meta, date(2024, 4, 1), SatisfactionRating.DISSATISFIED)
    ledger.refuse_complaint(
        meta(effective_on=date(2024, 5, 6)), receive(ledger, meta, date(2024, 5, 6)), "不属管辖"
    )
    receive(ledger, meta, date(2024, 6, 3))  # still awaiting a decision
    receive(ledger, meta, date(2024, 7, 1))  # outside the period

    metrics = read(ledger).complaints.metrics(date(2024, 1, 1), date(2024, 6, 30))
    assert metrics.received == 4
    assert metrics.previous_received == 5
    assert metrics.year_on_year_change == Decimal("-20.00")
    assert metrics.response_rate == Decimal("75.00")  # 3 of 4 decided on acceptance
    assert metrics.resolution_rate == Decimal("50.00")  # 2 of 4 concluded and replied
    assert metrics.satisfaction_rate == Decimal("50.00")  # 1 of 2 rated

    down = read(ledger).complaints.metrics(date(2024, 3, 1), date(2024, 4, 30))
    assert (down.received, down.previous_received) == (2, 5)
    assert down.year_on_year_change == Decimal("-60.00")  # the report's "down 60%"
    assert down.satisfaction_rate == Decimal("50.00")


def test_basically_satisfied_counts_as_satisfied(ledger: ComplianceLedger, meta: Meta) -> None:
    handle(ledger, meta, date(2024, 3, 4), SatisfactionRating.BASICALLY)
    handle(ledger, meta, date(2024, 3, 5), reply=False)
    metrics = read(ledger).complaints.metrics(date(2024, 3, 1), date(2024, 3, 31))
    assert metrics.satisfaction_rate == Decimal("100.00")
    assert metrics.resolution_rate == Decimal("50.00")
    assert metrics.year_on_year_change is None  # nothing a year earlier


def test_metrics_of_an_empty_period(ledger: ComplianceLedger) -> None:
    metrics = read(ledger).complaints.metrics(date(2024, 1, 1), date(2024, 1, 31))
    assert metrics.received == 0 and metrics.response_rate is None


def test_overdue_complaints_by_deadline(ledger: ComplianceLedger, meta: Meta) -> None:
    """Acceptance undecided past 10 working days, or accepted and unanswered past the feedback
    deadline, is overdue; a decided or answered complaint is not."""
    # Received Mon 3 June 2024; the Dragon Boat Festival (Mon 10 June) is not a working day:
    # acceptance due Tue 18 June (10 working days), a general reply due Thu 13 June (7).
    undecided = receive(ledger, meta, date(2024, 6, 3))
    unanswered = receive(ledger, meta, date(2024, 6, 3))
    ledger.accept_complaint(meta(effective_on=date(2024, 6, 4)), unanswered)
    answered = handle(ledger, meta, date(2024, 6, 3))
    not_accepted = receive(ledger, meta, date(2024, 6, 3))
    ledger.refuse_complaint(meta(effective_on=date(2024, 6, 20)), not_accepted, "不属于受理范围")

    assert read(ledger).complaints.overdue(date(2024, 6, 13)).items == []
    assert [o.complaint.id for o in read(ledger).complaints.overdue(date(2024, 6, 18)).items] == [
        unanswered
    ]
    later = read(ledger).complaints.overdue(date(2024, 6, 19)).items
    assert [(o.complaint.id, o.deadline, o.due) for o in later] == [
        (unanswered, "feedback", date(2024, 6, 13)),
        (undecided, "acceptance", date(2024, 6, 18)),
    ]
    assert [o.working_days_overdue for o in later] == [4, 1]  # 14, 17, 18, 19 June; 19 June
    assert answered not in {o.complaint.id for o in later}
    assert not_accepted not in {
        o.complaint.id for o in read(ledger).complaints.overdue(date(2024, 7, 1)).items
    }
