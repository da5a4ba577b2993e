"""Demo: two years of complaints (接诉即办) about lawyers and law firms — 150 in 2023 and 60 in
2024, the report's "down 60%" — handled through the whole lifecycle, a few converted to sanction
cases (诉转案), a few still open at the end of 2024. Complainants are fictional."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

from api.services import Services
from domain.complaints.complaint import (
    Complainant,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintUrgency,
    SatisfactionRating,
)
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.ledger import CommandResult

CLERK = Actor(principal_id="demo-clerk-complaints", role=Role.CLERK)
SUPERVISOR = Actor(principal_id="demo-supervisor-1", role=Role.SUPERVISOR)
PER_YEAR = {2023: 150, 2024: 60}
CHANNELS = (
    (ComplaintChannel.HOTLINE_12345, 0.55),
    (ComplaintChannel.ONLINE, 0.2),
    (ComplaintChannel.LETTER, 0.1),
    (ComplaintChannel.VISIT, 0.1),
    (ComplaintChannel.REFERRAL, 0.05),
)
SUMMARIES = (
    "律师收费后未按约定提供服务",
    "律师未及时告知案件进展",
    "律师事务所拒绝出具收费票据",
    "律师执业态度恶劣",
    "律师事务所未按约定退还费用",
    "律师私自收案收费",
)
CONVERTED = 4  # 诉转案, in 2024: complaints that became sanction cases


def _meta(key: str, reason: str, day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=f"demo:cp:{key}")


def load_complaint_demo(
    services: Services, subjects: Sequence[UUID], last_day: date = date(2024, 12, 31)
) -> tuple[int, str]:
    """`subjects`: lawyers and law firms complaints are about. Returns (written, summary)."""
    ledger = services.ledger
    rng = random.Random(20241231)
    written = 0

    def run(result: CommandResult) -> CommandResult:
        nonlocal written
        written += not result.replayed
        return result

    registered = {s: ledger.get_subject(s).registered_on for s in subjects}
    converted = 0
    for year, how_many in PER_YEAR.items():
        for n in range(1, how_many + 1):
            key = f"{year}:{n}"
            received = date(year, 1, 2) + timedelta(days=rng.randrange(0, 360))
            candidates = [s for s in subjects if registered[s] <= received]
            subject = rng.choice(candidates) if candidates and rng.random() < 0.9 else None
            channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
            urgency = ComplaintUrgency.COMPLEX if rng.random() < 0.15 else ComplaintUrgency.GENERAL
            complainant = Complainant(
                name=f"示例投诉人{year % 100:02d}{n:03d}",
                phone=f"1300000{year % 10}{n:03d}",
                id_number=None,
            )
            complaint = run(
                ledger.receive_complaint(
                    _meta(f"{key}:receive", "12345工单转办（演示）", received),
                    channel,
                    complainant,
                    rng.choice(SUMMARIES),
                    subject,
                    urgency,
                )
            ).subject_id
            day = received

            def later(most: int) -> date:
                nonlocal day
                day = min(day + timedelta(days=rng.randint(1, most)), last_day)
                return day

            open_at_year_end = year == 2024 and received > date(2024, 12, 10)
            if open_at_year_end or rng.random() < 0.03:
                continue  # not yet decided (some of them overdue)
            roll = rng.random()
            if roll < 0.06:
                run(ledger.refuse_complaint(
                    _meta(f"{key}:refuse", "不属于受理范围（演示）", later(5)), complaint,
                    "不属于司法行政机关管辖"))  # fmt: skip
                continue
            if roll < 0.1:
                run(ledger.transfer_complaint(
                    _meta(f"{key}:transfer", "转办（演示）", later(5)), complaint,
                    "区法院"))  # fmt: skip
                continue
            run(
                ledger.accept_complaint(_meta(f"{key}:accept", "受理（演示）", later(6)), complaint)
            )
            if subject is not None and year == 2024 and converted < CONVERTED:
                converted += 1
                run(
                    ledger.convert_complaint_to_case(
                        _meta(f"{key}:convert", "诉转案（演示）", later(3), SUPERVISOR),
                        complaint,
                        f"京兴司罚〔2024〕诉{converted}号",
                        "投诉反映违规收费，立案调查",
                    )
                )
            run(ledger.investigate_complaint(
                _meta(f"{key}:investigate", "调查核实（演示）", later(2)), complaint))  # fmt: skip
            if rng.random() < 0.05:
                continue  # still under investigation
            conclusion = rng.choices(
                list(ComplaintConclusion), [0.35, 0.25, 0.4]
            )[0]  # fmt: skip
            run(ledger.conclude_complaint(
                _meta(f"{key}:conclude", "调查结论（演示）", later(4)), complaint, conclusion,
                "经核查，情况已查明"))  # fmt: skip
            run(ledger.reply_to_complaint(
                _meta(f"{key}:reply", "答复投诉人（演示）", later(3)), complaint,
                "已将核查结果告知投诉人"))  # fmt: skip
            if rng.random() < 0.85:
                rating = rng.choices(list(SatisfactionRating), [0.7, 0.2, 0.1])[0]
                run(ledger.rate_complaint(
                    _meta(f"{key}:rate", "回访评价（演示）", later(3)), complaint, rating))  # fmt: skip

    records = services.records.complaints
    services.runner.catch_up(records.view.name)
    metrics = records.metrics(date(2024, 1, 1), date(2024, 12, 31))
    line = (
        f"complaints: {metrics.received} in 2024 against {metrics.previous_received} in 2023 "
        f"({metrics.year_on_year_change}% year on year), response {metrics.response_rate}%, "
        f"resolution {metrics.resolution_rate}%, satisfaction {metrics.satisfaction_rate}%, "
        f"{converted} converted to sanction cases"
    )
    return written, line
