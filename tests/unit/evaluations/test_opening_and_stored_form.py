"""Opening an Evaluation (subject, period, evaluating districts), its replay from events, and
the explicit topics of its stored events; on the aggregate alone."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from domain.core.values import (
    OrganizationKind,
)
from domain.evaluations.errors import (
    EvaluationPeriodError,
    EvaluationSubjectError,
    EvaluatorsInvalidError,
)
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    EvaluationStage,
)
from domain.registry.errors import RecordClosedError
from tests.unit.core.test_topics import (
    declared_topic,
    event_classes,
)
from tests.unit.evaluations.evaluation_rules_support import (
    DAXING,
    FENGTAI,
    institution,
    lawyer,
    m,
    publicised,
    replayed,
)

# -- opening -----------------------------------------------------------------------------------


def test_one_evaluation_per_subject_kind_period() -> None:
    subject = institution()
    first = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))
    again = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (FENGTAI,))
    other_year = Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2022, (DAXING,))
    # The id is the business key: a second evaluation of the same subject, kind and period
    # collides on it (the ledger refuses it with OneEvaluationPerSubjectKindPeriod).
    assert (
        first.id
        == again.id
        == Evaluation.create_id(EvaluationKind.INTEGRITY_GRADING, subject.id, 2023)
    )
    assert other_year.id != first.id


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        (EvaluationKind.INTEGRITY_GRADING, lambda: institution(OrganizationKind.LAW_FIRM)),
        (EvaluationKind.LAW_FIRM_ANNUAL, lambda: institution()),
        (EvaluationKind.LAWYER_ANNUAL, lambda: institution(OrganizationKind.LAW_FIRM)),
        (EvaluationKind.INTEGRITY_GRADING, lawyer),
    ],
)
def test_evaluation_subject_matches_kind(kind: EvaluationKind, subject: Any) -> None:
    with pytest.raises(EvaluationSubjectError) as refused:
        Evaluation.open(m(), kind, subject(), 2023, (DAXING,))
    assert refused.value.rule == "EvaluationSubjectMatchesKind"
    assert refused.value.field == "subject_id"


def test_deregistered_subject_is_not_evaluated() -> None:
    subject = institution()
    subject.deregister(m(date(2024, 1, 5)))
    with pytest.raises(RecordClosedError):
        Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, subject, 2023, (DAXING,))


def test_evaluate_prior_period() -> None:
    with pytest.raises(EvaluationPeriodError) as refused:
        Evaluation.open(
            m(date(2024, 3, 1)), EvaluationKind.INTEGRITY_GRADING, institution(), 2024, (DAXING,)
        )
    assert refused.value.rule == "EvaluatePriorPeriod"
    opened = Evaluation.open(
        m(date(2024, 1, 1)), EvaluationKind.LAWYER_ANNUAL, lawyer(), 2023, (DAXING,)
    )
    assert opened.period == 2023 and opened.stage is EvaluationStage.OPENED


def test_joint_evaluation_records_both_districts() -> None:
    evaluation = Evaluation.open(
        m(), EvaluationKind.INTEGRITY_GRADING, institution(), 2023, (DAXING, f" {FENGTAI} ")
    )
    assert evaluation.evaluators == (DAXING, FENGTAI)
    assert replayed(evaluation).evaluators == (DAXING, FENGTAI)


@pytest.mark.parametrize(
    "evaluators", [(), (DAXING, DAXING), (DAXING, " "), (DAXING, FENGTAI, "朝阳区司法局")]
)
def test_one_or_two_evaluating_districts(evaluators: tuple[str, ...]) -> None:
    with pytest.raises(EvaluatorsInvalidError) as refused:
        Evaluation.open(m(), EvaluationKind.INTEGRITY_GRADING, institution(), 2023, evaluators)
    assert refused.value.rule == "OneOrTwoEvaluatingDistricts"


# -- replay ------------------------------------------------------------------------------------


def test_replay_rebuilds_the_same_record_without_judging_again() -> None:
    evaluation = publicised(70)
    evaluation.vary_on_appeal(m(date(2024, 4, 20)), uuid.uuid4(), grade="B")
    copy = replayed(evaluation)
    assert copy.id == evaluation.id and copy.version == evaluation.version
    for name in (
        "stage",
        "result",
        "results",
        "final_total",
        "thresholds",
        "policy_version",
        "objection_deadline",
        "appealable_on",
        "initial_scores",
        "evaluators",
    ):
        assert getattr(copy, name) == getattr(evaluation, name), name


# -- stored form -------------------------------------------------------------------------------


def test_evaluation_topics_are_explicit_and_every_event_carries_meta() -> None:
    assert vars(Evaluation)["TOPIC"] == "ledger.Evaluation"
    events = event_classes(Evaluation)
    assert len(events) == 16
    for cls in events:
        topic = declared_topic(cls)
        assert topic == f"ledger.Evaluation.{cls.__name__}", cls
        assert get_topic(cls) == topic and resolve_topic(topic) is cls
        if cls is not Evaluation.Created:
            assert "meta" in vars(cls).get("__annotations__", {}), cls
