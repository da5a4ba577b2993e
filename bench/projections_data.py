"""Events for the projections benchmark, made fast: aggregates are built and changed through
their own methods (so every event is one the domain can produce) and saved many at a time with
`ledger.save(*aggregates)`, one transaction per batch, instead of one command per transaction.
Command receipts, idempotency and cross-aggregate checks are skipped: they cost time and add
nothing to what the views read.

Each unit is a law firm with its lawyers and records about them:
  1 Organization.Registered
  LAWYERS x (Practitioner.Registered + Practitioner.Joined + Organization.MemberJoined)
  the firm's 2023 annual inspection (Evaluation: Opened, ResultProposed, FinalResultRecorded,
    Effective)
  each lawyer's 2023 annual assessment (Evaluation: Opened, AssessmentRecorded, Effective)
  COMPLAINTS complaints against the firm, each Received, Accepted, InvestigationStarted,
    Concluded, Replied, Rated
  and in one firm in ten, one lawyer's licence suspended for a quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count
from typing import Any
from uuid import UUID

from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintUrgency,
    SatisfactionRating,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    FirmInspectionResult,
    LawyerAssessmentResult,
)
from domain.ledger import ComplianceLedger
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

LAWYERS = 8
COMPLAINTS = 2
EVENTS_PER_UNIT = 1 + 3 * LAWYERS + 4 + 3 * LAWYERS + 6 * COMPLAINTS  # + 0.1 suspensions
CLERK = Actor(principal_id="bench.clerk", role=Role.CLERK)
SUPERVISOR = Actor(principal_id="bench.supervisor", role=Role.SUPERVISOR)
COMPLAINANT = Complainant(name="基准投诉人", phone="13800000000", id_number="110101199001011234")
ASSESSMENTS = tuple(LawyerAssessmentResult)
RATINGS = tuple(SatisfactionRating)


@dataclass
class Made:
    events: int = 0
    firms: list[UUID] = field(default_factory=list)
    lawyers: list[UUID] = field(default_factory=list)
    complaints: list[UUID] = field(default_factory=list)


class _Meta:
    def __init__(self) -> None:
        self.serial = count()

    def __call__(self, day: date, actor: Actor = CLERK, reason: str = "bench") -> EventMeta:
        return EventMeta(
            actor=actor, reason=reason, effective_on=day, command_id=f"b{next(self.serial)}"
        )


def _unit(ledger: ComplianceLedger, n: int, meta: _Meta, made: Made) -> list[Any]:
    start = date(2023, 1, 2) + timedelta(days=n % 200)
    firm = Organization(
        meta=meta(start),
        kind=OrganizationKind.LAW_FIRM,
        number=f"BF{n:07d}",
        details=OrganizationDetails(name=f"基准律师事务所{n}"),
    )
    made.firms.append(firm.id)
    aggregates: list[Any] = [firm]
    policy = ledger.policy_on(date(2024, 3, 1))
    for k in range(LAWYERS):
        lawyer = Practitioner(
            meta=meta(start),
            kind=PractitionerKind.LAWYER,
            number=f"BL{n:07d}{k}",
            details=PractitionerDetails(name=f"律师{n}-{k}"),
        )
        joined = meta(start + timedelta(days=1))
        lawyer.join(joined, firm)
        firm.record_member_joined(joined, lawyer.id)
        made.lawyers.append(lawyer.id)
        aggregates.append(lawyer)
        review = Evaluation.open(
            meta(date(2024, 3, 1)), EvaluationKind.LAWYER_ANNUAL, lawyer, 2023, ("考核组",)
        )
        review.record_assessment(meta(date(2024, 3, 5)), ASSESSMENTS[(n + k) % len(ASSESSMENTS)])
        review.make_effective(meta(date(2024, 3, 6)))
        aggregates.append(review)
        if k == 0 and n % 10 == 0:  # one lawyer in ten firms suspended for a quarter
            lawyer.suspend(meta(date(2024, 4, 1)), date(2024, 4, 1), date(2024, 6, 30))
    annual = Evaluation.open(
        meta(date(2024, 3, 1)), EvaluationKind.LAW_FIRM_ANNUAL, firm, 2023, ("检查组",)
    )
    result = FirmInspectionResult.PASS  # a fail needs a rectification notice first
    annual.propose_result(meta(date(2024, 3, 10)), result, policy)
    annual.record_final_result(meta(date(2024, 3, 20), SUPERVISOR), result, policy)
    annual.make_effective(meta(date(2024, 3, 21), SUPERVISOR))
    aggregates.append(annual)
    for c in range(COMPLAINTS):
        day = date(2024, 1, 2) + timedelta(days=(n * 7 + c * 31) % 300)
        complaint = Complaint.receive(
            meta(day),
            ComplaintChannel.HOTLINE_12345,
            ComplaintUrgency.GENERAL,
            COMPLAINANT,
            f"投诉{n}-{c}",
            firm.id,
            policy,
            ledger.calendar,
        )
        complaint.accept(meta(day + timedelta(days=1)))
        complaint.investigate(meta(day + timedelta(days=2)))
        conclusion = (
            ComplaintConclusion.SUBSTANTIATED
            if (n + c) % 4 == 0
            else (ComplaintConclusion.UNSUBSTANTIATED)
        )
        complaint.conclude(meta(day + timedelta(days=5)), conclusion, "查明")
        complaint.reply_to(meta(day + timedelta(days=6)), "答复")
        complaint.rate(meta(day + timedelta(days=8)), RATINGS[(n + c) % len(RATINGS)])
        made.complaints.append(complaint.id)
        aggregates.append(complaint)
    return aggregates


def make_events(
    ledger: ComplianceLedger,
    events: int,
    *,
    units_per_save: int = 40,
    progress: Callable[[int], None] | None = None,
) -> Made:
    """Append about `events` events (whole units, at least one), `units_per_save` units a
    transaction."""
    made = Made()
    meta = _Meta()
    units = max(1, round(events / EVENTS_PER_UNIT))
    for first in range(0, units, units_per_save):
        batch: list[Any] = []
        for n in range(first, min(units, first + units_per_save)):
            batch += _unit(ledger, n, meta, made)
        ledger.save(*batch)
        made.events += sum(a.version for a in batch)
        if progress is not None:
            progress(made.events)
    return made


def chunks(seq: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]
