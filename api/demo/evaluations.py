"""Demo: the 2023 integrity grades of the appraisal institutions, graded in 2024 — self
assessment, the district's initial scores, the final grade, publicity, effect; one institution
evaluated jointly with another district, one C varied to B on objection, one set up after the
period recorded as not graded (不予评定)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from api.demo.context import CLERK, SUPERVISOR, DemoRun
from domain.appeals.appeal import AppealKind, AppealOutcome
from domain.evaluations.values import EvaluationKind, ScoredItem

DISTRICT = "大兴区司法局"
OTHER_DISTRICT = "丰台区司法局"
PERIOD = 2023  # the integrity grades are of 2023, graded in 2024


def load_grading_demo(demo: DemoRun, appraisal_institutions: Sequence[UUID]) -> list[GradePlan]:
    """Grades every institution; returns the plan each one followed."""
    ledger, run, meta, workday = demo.ledger, demo.run, demo.meta, demo.workday
    # -- integrity grades of the appraisal institutions (2023) -------------------------------
    # An institution set up after the period is recorded as 不予评定; the others are graded.
    registered = [ledger.get_organization(i).registered_on for i in appraisal_institutions]
    grades = _grade_plan([day.year <= PERIOD for day in registered])
    for k, (institution, plan) in enumerate(zip(appraisal_institutions, grades, strict=True)):
        tag = f"grade{PERIOD}:{k + 1}"
        # The common timeline, later for an institution registered after it began.
        shift = max(timedelta(0), registered[k] + timedelta(days=7) - date(2024, 1, 15))

        def on(day: date, shift: timedelta = shift) -> date:
            return workday(day + shift)

        evaluators = (DISTRICT, OTHER_DISTRICT) if plan.joint else (DISTRICT,)
        opened_result = ledger.open_evaluation(
            meta(
                CLERK,
                f"{tag}:open",
                f"{PERIOD}年度司法鉴定机构诚信等级评估（演示）",
                on(date(2024, 1, 15)),
            ),
            EvaluationKind.INTEGRITY_GRADING,
            institution,
            PERIOD,
            evaluators,
        )
        run(opened_result)
        evaluation = opened_result.subject_id
        if plan.initial_total is None:
            run(
                ledger.record_final_grade(
                    meta(
                        SUPERVISOR,
                        f"{tag}:final",
                        f"该机构于{registered[k]:%Y年%m月}设立，{PERIOD}年度未执业，不予评定（演示）",
                        on(date(2024, 3, 15)),
                    ),
                    evaluation,
                    not_graded=True,
                )
            )
        else:
            run(
                ledger.submit_self_assessment(
                    meta(CLERK, f"{tag}:self", "机构自评材料（演示）", on(date(2024, 1, 31))),
                    evaluation,
                    _score_sheet(plan.self_total),
                )
            )
            run(
                ledger.record_initial_scores(
                    meta(CLERK, f"{tag}:initial", "区局初评（演示）", on(date(2024, 2, 29))),
                    evaluation,
                    _score_sheet(plan.initial_total),
                )
            )
            run(
                ledger.record_final_grade(
                    meta(SUPERVISOR, f"{tag}:final", "市局终评（演示）", on(date(2024, 3, 15))),
                    evaluation,
                )
            )
        publicised = on(date(2024, 3, 18))
        run(
            ledger.publicise_evaluation(
                meta(CLERK, f"{tag}:publicise", "诚信等级评估结果公示（演示）", publicised),
                evaluation,
            )
        )
        if plan.varied_total is not None:
            filed_result = ledger.file_appeal(
                meta(CLERK, f"{tag}:objection", "收到异议申请（演示）", on(date(2024, 3, 22))),
                AppealKind.OBJECTION,
                "evaluation",
                evaluation,
                f"示例司法鉴定所{k + 1}（虚构）",
                "对“鉴定质量”项扣分有异议：所涉2件鉴定意见书已按规定补正，扣分依据不足（演示）",
            )
            run(filed_result)
            appeal = filed_result.subject_id
            run(
                ledger.accept_appeal(
                    meta(
                        SUPERVISOR,
                        f"{tag}:objection:accept",
                        "异议受理（演示）",
                        on(date(2024, 3, 25)),
                    ),
                    appeal,
                )
            )
            run(
                ledger.decide_appeal(
                    meta(
                        SUPERVISOR,
                        f"{tag}:objection:decide",
                        "复核决定：鉴定质量项恢复计分，等级由C调整为B（演示）",
                        on(date(2024, 4, 10)),
                    ),
                    appeal,
                    AppealOutcome.VARIED,
                    {"grade": "B", "total": plan.varied_total},
                )
            )
            run(
                ledger.publicise_evaluation(
                    meta(
                        CLERK, f"{tag}:republicise", "复核后重新公示（演示）", on(date(2024, 4, 11))
                    ),
                    evaluation,
                )
            )
        window_end = demo.after_working_days(publicised, 10)
        effective = max(on(date(2024, 4, 15)), workday(window_end + timedelta(days=1)))
        run(
            ledger.make_evaluation_effective(
                meta(CLERK, f"{tag}:effective", "公示期满无异议，评估结果生效（演示）", effective),
                evaluation,
            )
        )

    return grades


# -- integrity grading plan ----------------------------------------------------------------------

SCORE_ITEMS = (  # item id, maximum points (adds up to the policy's 100-point scale)
    ("QU", 20),  # 执业资质
    ("CO", 25),  # 执业行为
    ("IM", 20),  # 内部管理
    ("QA", 25),  # 鉴定质量
    ("SR", 10),  # 社会评价
)


@dataclass(frozen=True)
class GradePlan:
    self_total: int  # of the self-assessment (none if not graded)
    initial_total: int | None  # None: 不予评定
    joint: bool = False
    varied_total: int | None = None  # objection varies C to B with this total

    @property
    def initial_grade(self) -> str | None:
        if self.initial_total is None:
            return None
        return "A" if self.initial_total >= 90 else "B" if self.initial_total >= 75 else "C"


GRADED = (  # in the order the graded institutions take them
    GradePlan(96, 93),  # A
    GradePlan(85, 68, varied_total=76),  # C, varied to B on objection
    GradePlan(95, 91, joint=True),  # A, evaluated jointly with 丰台区司法局
    GradePlan(88, 82),  # B
    GradePlan(78, 64),  # C, stays C
    GradePlan(86, 79),  # B
    GradePlan(84, 77),  # B
)


def _grade_plan(graded: Sequence[bool]) -> list[GradePlan]:
    """A plan per institution: 不予评定 where not graded, else the next of GRADED (the joint
    evaluation and the objection only once)."""
    plans, taken = [], 0
    for can_be_graded in graded:
        if not can_be_graded:
            plans.append(GradePlan(0, None))
            continue
        plan = GRADED[taken % len(GRADED)]
        if taken >= len(GRADED):
            plan = replace(plan, joint=False, varied_total=None)
        plans.append(plan)
        taken += 1
    return plans


def _score_sheet(total: int) -> tuple[ScoredItem, ...]:
    """Points per item adding up to `total`, losing points from the last items first."""
    lost = sum(m for _, m in SCORE_ITEMS) - total
    items = []
    for item_id, maximum in reversed(SCORE_ITEMS):
        cut = min(lost, maximum // 2)
        lost -= cut
        items.append(
            ScoredItem(item_id=item_id, max_points=Decimal(maximum), points=Decimal(maximum - cut))
        )
    assert lost == 0, "the score sheet cannot lose that many points"
    return tuple(reversed(items))
