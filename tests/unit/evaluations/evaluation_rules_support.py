"""What the evaluation rule tests share: subjects, score sheets and Evaluation builders up to
each step, and `replayed` to rebuild an aggregate from its events (no database)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate

from domain.core.calendar import Deadline
from domain.core.policy import (
    DEFAULT_POLICY,
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
    ScoredItem,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)

CLERK = Actor(principal_id="clerk.test", role=Role.CLERK)
DAXING, FENGTAI = "大兴区司法局", "丰台区司法局"
POLICY = DEFAULT_POLICY


def m(day: date = date(2024, 3, 1), reason: str = "test") -> EventMeta:
    return EventMeta(actor=CLERK, reason=reason, effective_on=day, command_id=str(uuid.uuid4()))


def institution(kind: OrganizationKind = OrganizationKind.APPRAISAL_INSTITUTION) -> Organization:
    return Organization(
        meta=m(date(2020, 1, 1)),
        kind=kind,
        number="J-1",
        details=OrganizationDetails(name="鉴定所"),
    )


def lawyer() -> Practitioner:
    return Practitioner(
        meta=m(date(2020, 1, 1)),
        kind=PractitionerKind.LAWYER,
        number="L-1",
        details=PractitionerDetails(name="示例"),
    )


def sheet(*points: int | str) -> tuple[ScoredItem, ...]:
    """Items of equal maxima adding up to 100 (points as given)."""
    share = Decimal(100) / len(points)
    return tuple(
        ScoredItem(item_id=str(i + 1), max_points=share, points=Decimal(p))
        for i, p in enumerate(points)
    )


def grading(period: int = 2023) -> Evaluation:
    return Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, institution(), period, (DAXING,))


def scored(total: int | str = 70) -> Evaluation:
    evaluation = grading()
    evaluation.submit_self_assessment(m(date(2024, 3, 5)), sheet(40, 40), POLICY)
    evaluation.record_initial_scores(
        m(date(2024, 3, 20)), sheet(Decimal(total) / 2, Decimal(total) / 2), POLICY
    )
    return evaluation


WINDOW_ENDS = date(2024, 4, 17)  # 10 working days after 2024-04-02 (清明 4-6 April, 7 April worked)


def publicised(total: int = 70) -> Evaluation:
    evaluation = scored(total)
    evaluation.record_final_grade(m(date(2024, 4, 1)), POLICY)
    evaluation.publicise(m(date(2024, 4, 2)), Deadline(WINDOW_ENDS), POLICY)
    return evaluation


def replayed(aggregate: Aggregate) -> Any:
    """The aggregate rebuilt from its own events, as the repository would."""
    copy = None
    for event in aggregate.collect_events():
        copy = event.mutate(copy)
    return copy


def firm_annual() -> Evaluation:
    return Evaluation.open(
        m(), EvaluationKind.LAW_FIRM_ANNUAL, institution(OrganizationKind.LAW_FIRM), 2023, (DAXING,)
    )
