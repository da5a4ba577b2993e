"""The profile's sanctions and appealed grades (events made in memory, no database): a warning
in force while published, and a varied result applying from the date of the one it replaces."""

from __future__ import annotations

from datetime import date

from domain.appeals.appeal import (
    Appeal,
    AppealKind,
    AppealOutcome,
)
from domain.core.calendar import Deadline
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    LawyerAssessmentResult,
)
from projections.profiles.fold import effective_date
from projections.profiles.render import (
    render,
    sanction_in_force,
)
from tests.unit.profiles.profile_fold_support import (
    POLICY,
    Log,
    lawyer,
    m,
    profile,
    sanction,
)


def test_a_warning_is_in_force_while_its_publication_lasts(log: Log) -> None:
    person = lawyer(log)
    case = sanction(log, person, decided=date(2024, 3, 1))
    case.serve(m(date(2024, 3, 4)))
    case.publish(m(date(2024, 3, 5)), Deadline(date(2024, 3, 12)), POLICY, date(2024, 6, 5))
    log.take(case)
    record = profile(log, person)["sanctions"][case.id.hex]
    assert not sanction_in_force(record, date(2024, 2, 29))
    assert sanction_in_force(record, date(2024, 6, 5))
    assert not sanction_in_force(record, date(2024, 6, 6))
    shown = render(profile(log, person), date(2024, 4, 1), POLICY)
    assert [c["terms"]["kind"] for c in shown["sanctions"]["in_force"]] == ["warning"]
    assert shown["risk"]["tier"] == "high"
    after = render(profile(log, person), date(2024, 7, 1), POLICY)
    assert after["sanctions"]["in_force"] == [] and len(after["sanctions"]["history"]) == 1
    rules = [r["rule"] for r in after["risk"]["reasons"]]
    assert "RecentSanction" in rules and "SanctionInForce" not in rules


def _objection(log: Log, target: Evaluation, filed: date) -> Appeal:
    appeal = Appeal(
        meta=m(filed), kind=AppealKind.OBJECTION, target_id=target.id, target_kind="evaluation",
        appellant="申请人", grounds="理由", window_opened_on=filed, deadline=filed,
        deadline_provisional=False, policy_version=POLICY.version,
    )  # fmt: skip
    appeal.accept(m(filed))
    log.take(appeal)
    return appeal


def test_a_varied_result_applies_from_the_date_of_the_one_it_replaces(log: Log) -> None:
    person = lawyer(log)
    evaluation = Evaluation.open(
        m(date(2024, 3, 1)), EvaluationKind.LAWYER_ANNUAL, person, 2023, ("大兴区司法局",)
    )
    evaluation.record_assessment(m(date(2024, 3, 15)), LawyerAssessmentResult.INCOMPETENT)
    log.take(evaluation)
    appeal = _objection(log, evaluation, date(2024, 3, 20))
    appeal.decide(
        m(date(2024, 6, 10)), AppealOutcome.VARIED, evaluation,
        {"result": "basically_competent"}, date(2024, 6, 13), POLICY.version,
    )  # fmt: skip
    log.take(appeal, evaluation)
    varied = next(e for _, e in log if type(e).__qualname__.endswith("VariedOnAppeal"))
    before_variation = profile(log, person, effective_until=date(2024, 3, 31))
    assert effective_date(before_variation, varied) == date(2024, 3, 15)

    april = render(before_variation, date(2024, 4, 1), POLICY)
    assert [(g["result"], g["original_result"]) for g in april["grades"]] == [
        ("basically_competent", "incompetent")
    ]
    assert [a["status"] for a in april["appeals"]["pending"]] == ["accepted"]  # decided in June
    before_result = render(profile(log, person, effective_until=date(2024, 3, 14)),
                           date(2024, 3, 14), POLICY)  # fmt: skip
    assert before_result["grades"] == []
    # Known as of the moment before the decision: the original result.
    earlier = [e.timestamp for _, e in log if e.timestamp < varied.timestamp]
    known = render(profile(log, person, recorded_until=max(earlier)), date(2024, 4, 1), POLICY)
    assert [g["result"] for g in known["grades"]] == ["incompetent"]
    assert known["risk"]["tier"] == "high"
