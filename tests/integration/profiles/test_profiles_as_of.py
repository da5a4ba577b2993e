"""Profiles as of a date, on two time axes, on SQLite and PostgreSQL.

- as_of_effective=D: what was true on D as the bureau knows it now; an appeal outcome applies
  from the date of the result it replaced (retroactive).
- as_of_recorded=T: what the bureau knew at T; recorded times are real clock times, so the
  tests take T between two commands.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from api.http.profiles.routes import profile_of
from api.http.profiles.schemas import ProfilePublic
from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.complaints.complaint import (
    Complainant,
    ComplaintChannel,
    ComplaintConclusion,
)
from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
)
from domain.core.policy import (
    Policy,
    RiskThresholds,
)
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    Role,
)
from domain.evaluations.values import (
    EvaluationKind,
    ScoredItem,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from projections.audit.trail import (
    AuditTrail,
    TrailFilter,
)
from tests.conftest import CLERK

SUPERVISOR = Actor(principal_id="supervisor.asof", role=Role.SUPERVISOR)


def meta(command_id: str, day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason="as-of", effective_on=day, command_id=command_id)


def institution(services: Services) -> UUID:
    return services.ledger.register_organization(
        meta("reg", date(2019, 5, 6)),
        OrganizationKind.APPRAISAL_INSTITUTION,
        "ASOF-J1",
        OrganizationDetails(name="示例司法鉴定所（虚构）"),
    ).subject_id


def sheet(*points: int) -> tuple[ScoredItem, ...]:
    return tuple(
        ScoredItem(item_id=f"{n}", max_points=Decimal(mx), points=Decimal(p))
        for n, (mx, p) in enumerate(zip((40, 30, 30), points, strict=True))
    )


def profile(
    services: Services,
    subject: UUID,
    effective: date | None = None,
    recorded: datetime | None = None,
) -> ProfilePublic:
    return profile_of(services, "organization", subject, effective, recorded, None)


def test_appeal_variation_is_retroactive_on_the_effective_axis_only(
    any_services: Services,
) -> None:
    """AppealVariationIsRetroactive (DOMAIN.md, Appeals): the grade C given in March is varied
    to B by an objection decided in June. On the effective axis the varied result replaces the
    original from the original's effective date: as of April the grade is B. On the recorded
    axis a question asked as of a time before the decision still sees the original: C. The
    original stays in the audit trail, marked as superseded by the variation."""
    ledger = any_services.ledger
    subject = institution(any_services)
    evaluation = ledger.open_evaluation(
        meta("open", date(2024, 3, 1)),
        EvaluationKind.INTEGRITY_GRADING,
        subject,
        2023,
        ("大兴区司法局",),
    ).subject_id
    ledger.submit_self_assessment(meta("self", date(2024, 3, 4)), evaluation, sheet(36, 28, 25))
    ledger.record_initial_scores(meta("init", date(2024, 3, 6)), evaluation, sheet(30, 20, 19))
    ledger.record_final_grade(meta("final", date(2024, 3, 11), SUPERVISOR), evaluation)
    ledger.publicise_evaluation(meta("publicity", date(2024, 3, 12)), evaluation)
    objection = ledger.file_appeal(
        meta("objection", date(2024, 3, 20)),
        AppealKind.OBJECTION,
        "evaluation",
        evaluation,
        "示例司法鉴定所（虚构）",
        "扣分依据不足",
    ).subject_id
    ledger.accept_appeal(meta("accept", date(2024, 3, 22), SUPERVISOR), objection)
    known_in_april = datetime.now(UTC)  # between the two commands: the decision comes later
    ledger.decide_appeal(
        meta("decide", date(2024, 6, 14), SUPERVISOR),
        objection,
        AppealOutcome.VARIED,
        {"grade": "B", "total": "75"},
    )

    def grade(p: ProfilePublic) -> str:
        (only,) = p.grades
        return only.result

    april = profile(any_services, subject, effective=date(2024, 4, 15))
    assert grade(april) == "B"
    assert april.grades[0].original_result == "C" and april.grades[0].varied_on_appeal
    assert april.grades[0].in_effect_from == date(2024, 3, 11)
    assert [a.status for a in april.appeals.pending] == ["accepted"]  # decided in June
    assert april.as_of.source == "fold" and april.as_of.day == date(2024, 4, 15)

    as_known = profile(any_services, subject, recorded=known_in_april)
    assert grade(as_known) == "C"
    assert not as_known.grades[0].varied_on_appeal
    assert as_known.position < any_services.db.head()

    both = profile(any_services, subject, effective=date(2024, 4, 15), recorded=known_in_april)
    assert grade(both) == "C"
    assert grade(profile(any_services, subject)) == "B"  # the stored view, today
    # Before the grade was given there is no grade, on either axis.
    assert profile(any_services, subject, effective=date(2024, 3, 10)).grades == []

    head = any_services.runner.catch_up_all()
    trail = AuditTrail(any_services.subjects, any_services.superseded).page(
        any_services.db,
        subject,
        TrailFilter(),
        after=0,
        upto=min(head["subject_index"], head["superseded"]),
        limit=100,
    )
    by_topic = {e.topic: e for e in trail.entries}
    original = by_topic["ledger.Evaluation.FinalGradeRecorded"]
    varied = by_topic["ledger.Evaluation.VariedOnAppeal"]
    assert [r.position for r in original.superseded_by] == [varied.position]


def test_as_of_risk_uses_the_policy_in_force_on_that_date(any_services: Services) -> None:
    ledger = any_services.ledger
    subject = institution(any_services)
    complaint = ledger.receive_complaint(
        meta("c", date(2024, 5, 6)),
        ComplaintChannel.HOTLINE_12345,
        Complainant(name="投诉人（虚构）"),
        "鉴定超期",
        subject,
    ).subject_id
    ledger.accept_complaint(meta("c-accept", date(2024, 5, 7)), complaint)
    ledger.investigate_complaint(meta("c-inv", date(2024, 5, 8)), complaint)
    ledger.conclude_complaint(
        meta("c-end", date(2024, 5, 10)), complaint, ComplaintConclusion.SUBSTANTIATED, "属实"
    )
    before_publication = datetime.now(UTC)
    # From July a single substantiated complaint no longer raises the tier.
    lenient = Policy(
        version="2024.7",
        effective_from=date(2024, 7, 1),
        risk_thresholds=RiskThresholds(complaints_medium=2, complaints_high=4),
    )
    ledger.publish_policy(meta("policy", date(2024, 6, 20), SUPERVISOR), lenient)

    def rules(p: ProfilePublic) -> list[str]:
        return [r.rule for r in p.risk.reasons]

    june = profile(any_services, subject, effective=date(2024, 6, 30))
    assert june.risk.policy_version == "2024.1"
    assert "SubstantiatedComplaints" in rules(june)
    july = profile(any_services, subject, effective=date(2024, 7, 15))
    assert july.risk.policy_version == "2024.7"
    assert "SubstantiatedComplaints" not in rules(july)
    # What the bureau knew before the new version was published: the version then in force.
    then = profile(any_services, subject, effective=date(2024, 7, 15), recorded=before_publication)
    assert then.risk.policy_version == "2024.1"
    assert "SubstantiatedComplaints" in rules(then)
    assert profile(any_services, subject).risk.policy_version == "2024.7"


def test_licence_status_as_of_a_date_within_and_after_a_suspension(
    any_services: Services,
) -> None:
    ledger = any_services.ledger
    subject = institution(any_services)
    ledger.suspend_licence(
        meta("suspend", date(2024, 2, 1)), Organization, subject, date(2024, 2, 5), date(2024, 5, 4)
    )
    ledger.reinstate_licence(meta("reinstate", date(2024, 4, 1)), Organization, subject)
    within = profile(any_services, subject, effective=date(2024, 3, 1))
    assert within.registration.status == "suspended"
    assert within.registration.suspension is not None
    assert within.registration.suspension.until == date(2024, 5, 4)
    assert any(r.rule == "LicenceNotInGoodStanding" for r in within.risk.reasons)
    before = profile(any_services, subject, effective=date(2024, 2, 2))
    assert (before.registration.status, before.registration.recorded_status) == (
        "active",
        "suspended",
    )  # decided, not started yet
    reinstated = profile(any_services, subject, effective=date(2024, 4, 2))
    assert reinstated.registration.status == "active"
    assert reinstated.registration.suspensions == []


def test_as_of_before_registration_or_in_the_future_is_refused(any_services: Services) -> None:
    subject = institution(any_services)
    with pytest.raises(EntityNotFoundError):
        profile(any_services, subject, effective=date(2019, 5, 5))
    with pytest.raises(InvalidCommandError) as future:
        profile(any_services, subject, effective=date(2025, 1, 1))  # after the clock's today
    assert future.value.field == "as_of_effective"
    with pytest.raises(InvalidCommandError):
        profile(any_services, subject, recorded=datetime(2999, 1, 1, tzinfo=UTC))
    with pytest.raises(EntityNotFoundError):  # an organization is not a practitioner
        profile_of(any_services, "practitioner", subject, date(2024, 1, 1), None, None)
