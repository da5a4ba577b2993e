"""Each complaint rule of DOMAIN.md, proved on the Complaint aggregate alone (no database)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintStage,
    ComplaintUrgency,
    SatisfactionRating,
)
from domain.complaints.errors import (
    ComplaintConversionError,
    ComplaintStageError,
    ComplaintStepDateError,
)
from domain.core.calendar import (
    WorkingCalendar,
    schedule_from_mapping,
)
from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)

CLERK = Actor(principal_id="clerk.test", role=Role.CLERK)
PERSON = Complainant(name="王某某", phone="13800000000", id_number="110115199001011234")
# 2024 National Day: 1-7 October off, 29 September and 12 October make-up working days.
CALENDAR = WorkingCalendar().with_year(
    schedule_from_mapping(
        2024,
        {date(2024, 10, d): "国庆节" for d in range(1, 8)},
        {date(2024, 9, 29): "补班", date(2024, 10, 12): "补班"},
    )
)


def m(day: date = date(2024, 6, 3)) -> EventMeta:
    return EventMeta(actor=CLERK, reason="test", effective_on=day, command_id=f"t-{uuid.uuid4()}")


def received(
    day: date = date(2024, 6, 3),
    urgency: ComplaintUrgency = ComplaintUrgency.GENERAL,
    subject_id: uuid.UUID | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Complaint:
    return Complaint.receive(
        m(day),
        channel=ComplaintChannel.HOTLINE_12345,
        urgency=urgency,
        complainant=PERSON,
        summary="收费后未提供服务",
        subject_id=subject_id,
        policy=policy,
        calendar=CALENDAR,
    )


def concluded(conclusion: ComplaintConclusion = ComplaintConclusion.PARTLY) -> Complaint:
    c = received(subject_id=uuid.uuid4())
    c.accept(m(date(2024, 6, 4)))
    c.investigate(m(date(2024, 6, 5)))
    c.conclude(m(date(2024, 6, 6)), conclusion, "部分属实")
    return c


def test_acceptance_decided_within_ten_working_days() -> None:
    # Received Friday 27 September 2024: the holiday week does not count, the make-up
    # Saturdays do (29 Sep, 12 Oct).
    c = received(date(2024, 9, 27))
    assert c.acceptance_due == date(2024, 10, 16)
    assert not c.acceptance_due_provisional
    assert c.policy_version == DEFAULT_POLICY.version
    c.accept(m(date(2024, 10, 17)))
    assert c.decided_late  # an alert, never a block
    assert c.stage is ComplaintStage.ACCEPTED


def test_feedback_deadline_by_urgency() -> None:
    assert received(urgency=ComplaintUrgency.EMERGENCY).feedback_due == date(2024, 6, 3)
    assert received(urgency=ComplaintUrgency.GENERAL).feedback_due == date(2024, 6, 12)
    assert received(urgency=ComplaintUrgency.COMPLEX).feedback_due == date(2024, 6, 24)


def test_deadlines_follow_the_policy_in_force() -> None:
    policy = Policy(
        version="2024.2", effective_from=date(2024, 1, 1), complaint_acceptance_working_days=5
    )
    c = received(policy=policy)
    assert c.acceptance_due == date(2024, 6, 10)  # Dragon Boat is not in CALENDAR
    assert c.policy_version == "2024.2"


def test_deadline_past_known_years_is_provisional() -> None:
    c = received(date(2025, 3, 3))
    assert c.acceptance_due_provisional and c.feedback_due_provisional


def test_complaint_lifecycle_order() -> None:
    c = received()
    with pytest.raises(ComplaintStageError) as caught:
        c.investigate(m())
    assert caught.value.rule == "ComplaintLifecycleOrder"
    with pytest.raises(ComplaintStageError):
        c.reply_to(m(), "答复")
    c.refuse(m(), "不属于管辖")
    with pytest.raises(ComplaintStageError):
        c.accept(m())
    assert c.stage is ComplaintStage.NOT_ACCEPTED


def test_full_lifecycle_to_rating() -> None:
    c = concluded()
    c.reply_to(m(date(2024, 6, 7)), "经核查部分属实")
    with pytest.raises(ComplaintStageError):
        c.reply_to(m(date(2024, 6, 7)), "再次答复")
    c.rate(m(date(2024, 6, 8)), SatisfactionRating.BASICALLY)
    assert c.stage is ComplaintStage.RATED and c.rating is SatisfactionRating.BASICALLY
    assert c.responded and c.resolved and not c.replied_late


def test_transferred_complaint_stops_here() -> None:
    c = received()
    c.transfer(m(), "北京市公证协会")
    assert c.responded and c.transferred_to == "北京市公证协会"
    with pytest.raises(ComplaintStageError):
        c.investigate(m())


def test_complaint_steps_in_date_order() -> None:
    c = received(date(2024, 6, 3))
    with pytest.raises(ComplaintStepDateError) as caught:
        c.accept(m(date(2024, 6, 1)))
    assert caught.value.rule == "ComplaintStepsInDateOrder"
    assert len(c.pending_events) == 1


def test_conversion_follows_acceptance() -> None:
    c = received(subject_id=uuid.uuid4())
    with pytest.raises(ComplaintConversionError) as caught:
        c.convert_to_case(m(), uuid.uuid4())
    assert caught.value.rule == "ConversionFollowsAcceptance"
    c.accept(m())
    case_id = uuid.uuid4()
    c.convert_to_case(m(), case_id)
    assert c.case_id == case_id
    with pytest.raises(ComplaintConversionError):
        c.convert_to_case(m(), uuid.uuid4())  # once


def test_conversion_needs_a_subject_and_substance() -> None:
    without = received()
    without.accept(m())
    with pytest.raises(ComplaintConversionError):
        without.convert_to_case(m(), uuid.uuid4())
    with pytest.raises(ComplaintConversionError):
        concluded(ComplaintConclusion.UNSUBSTANTIATED).convert_to_case(m(), uuid.uuid4())
    concluded(ComplaintConclusion.SUBSTANTIATED).convert_to_case(m(date(2024, 6, 6)), uuid.uuid4())


def test_complainant_is_kept_on_the_aggregate() -> None:
    c = received()
    assert c.complainant == PERSON
    with pytest.raises(ValueError):
        Complainant(name=" ")
