"""The profile's complaints section (events made in memory, no database): no complainant data
kept, and substantiated complaints counted for twelve months."""

from __future__ import annotations

from datetime import date

import orjson
from eventsourcing.domain import Aggregate

from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintUrgency,
)
from domain.core.calendar import WorkingCalendar
from projections.profiles.render import render
from tests.unit.profiles.profile_fold_support import (
    POLICY,
    Log,
    lawyer,
    m,
    profile,
)


def _complaint(log: Log, subject: Aggregate, received: date) -> Complaint:
    complaint = Complaint.receive(
        m(received),
        ComplaintChannel.HOTLINE_12345,
        ComplaintUrgency.GENERAL,
        Complainant(name="赵秘密", phone="13912345678", id_number="110115198807071234"),
        "收费后未提供服务（摘要含个人信息）",
        subject.id,
        POLICY,
        WorkingCalendar(),
    )
    log.take(complaint)
    return complaint


def test_a_profile_carries_no_complainant_data(log: Log) -> None:
    person = lawyer(log)
    _complaint(log, person, date(2024, 5, 6))
    document = orjson.dumps(profile(log, person)).decode()
    for secret in ("赵秘密", "13912345678", "110115198807071234", "摘要含个人信息"):
        assert secret not in document
    rendered = render(profile(log, person), date(2024, 5, 7), POLICY)["complaints"]
    assert [c["stage"] for c in rendered["open"]] == ["received"]


def test_substantiated_complaints_count_for_twelve_months(log: Log) -> None:
    person = lawyer(log)
    complaint = _complaint(log, person, date(2023, 5, 6))
    complaint.accept(m(date(2023, 5, 8)))
    complaint.investigate(m(date(2023, 5, 9)))
    complaint.conclude(m(date(2023, 6, 1)), ComplaintConclusion.PARTLY, "部分属实")
    log.take(complaint)
    state = profile(log, person)
    within = render(state, date(2024, 5, 31), POLICY)
    assert [c["conclusion"] for c in within["complaints"]["substantiated_last_12_months"]] == [
        "partly"
    ]
    assert within["complaints"]["open"] != []  # concluded, not yet replied: still open
    assert (
        render(state, date(2024, 6, 1), POLICY)["complaints"]["substantiated_last_12_months"] == []
    )
