"""Supervision data for the demo district (issue #3 item 7): the default checklists, a year of
annual inspections (every law firm, 2024), the 2023 integrity grades of the appraisal
institutions (one evaluated jointly with another district, one C varied to B on objection) and
a few sanction cases through their whole lifecycle (a warning, fines, a repeat offence that
escalates to a suspension, a municipal decision).

Deterministic (its own seeded Random, fixed dates in 2023-2024) and idempotent (every command
has a fixed command_id), like the rest of the demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
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
from domain.inspections.checklists import (
    Checklist,
    default_checklists,
)
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
)
from domain.ledger import ComplianceLedger
from domain.registry.practitioners import Practitioner
from domain.sanctions.case import (
    CaseOrigin,
    SanctionCase,
    SanctionKind,
    SanctionTerms,
)

CLERK = Actor(principal_id="demo-clerk", role=Role.CLERK)
INSPECTOR_1 = Actor(principal_id="demo-inspector-1", role=Role.INSPECTOR)
INSPECTOR_2 = Actor(principal_id="demo-inspector-2", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="demo-supervisor", role=Role.SUPERVISOR)

LAW_FIRM_UNIT = "律师工作科"
DISTRICT = "大兴区司法局"
OTHER_DISTRICT = "丰台区司法局"
PERIOD = 2023  # the integrity grades are of 2023, graded in 2024


class Printer(Protocol):
    def print(self, *objects: object) -> None: ...


@dataclass(frozen=True)
class SupervisionSummary:
    written: int  # commands written this run (not replayed)
    line: str


# -- the annual inspection plan ------------------------------------------------------------------

# Items a firm can fail, with what the inspectors noted (fictional).
FAILURES: dict[str, str] = {
    "BU-02": "抽查卷宗中3件未签订书面委托代理合同、未统一收案登记",
    "IM-02": "2023年度业务档案未按规定归档，部分卷宗缺少结案报告",
    "FF-01": "律师服务收费标准未在办公场所显著位置公示",
    "FF-02": "存在律师个人收取律师费、未出具正式票据的情况",
    "PB-02": "党员律师亮身份工作未落实，公示栏信息未更新",
    "IM-01": "财务账簿不完整，代收代付款项未单独列账",
}
REFERRED_FIRM = 22  # index of the firm whose inspection is referred for sanction (第23所)
CONFLICTS = (  # (index in the unit's inspectors, firm index, reason)
    (0, 4, "其配偶在该所执业（演示）"),
    (2, 37, "近亲属为该所合伙人（演示）"),
)
PREVIOUS_EMPLOYMENT = ((1, 9),)  # (index in the unit's inspectors, firm index)


def load_supervision_demo(
    ledger: ComplianceLedger,
    law_firms: Sequence[UUID],
    lawyers: Sequence[UUID],
    appraisal_institutions: Sequence[UUID],
    appraisers: Sequence[UUID],
    inspectors_by_unit: Mapping[str, Sequence[UUID]],
    progress: Printer | None = None,
) -> SupervisionSummary:
    rng = random.Random(20240301)  # separate from the registry's: that data stays identical
    calendar = ledger.calendar
    written = 0

    def run(result: object) -> None:
        nonlocal written
        written += 0 if getattr(result, "replayed", False) else 1

    def meta(actor: Actor, key: str, reason: str, day: date) -> EventMeta:
        return EventMeta(actor=actor, reason=reason, effective_on=day, command_id=f"demo:{key}")

    def workday(day: date) -> date:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day

    def after_working_days(day: date, n: int) -> date:
        return calendar.add_working_days(day, n).due

    # -- checklists --------------------------------------------------------------------------
    checklist_ids: dict[OrganizationKind, UUID] = {}
    for template in default_checklists():
        run(
            ledger.publish_checklist(
                meta(
                    SUPERVISOR,
                    f"checklist:{template.kind.value}:{template.code}",
                    "京兴司发〔2024〕演示1号 发布抽查事项清单（演示）",
                    date(2024, 1, 2),
                ),
                template.kind,
                template.code,
                template.title,
                template.items,
            )
        )
        checklist_ids[template.kind] = Checklist.create_id(template.kind, template.code)
    annual_checklist = checklist_ids[OrganizationKind.LAW_FIRM]
    annual_items = next(
        t.items for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM
    )

    # -- inspectors' conflicts of interest ---------------------------------------------------
    unit = list(inspectors_by_unit[LAW_FIRM_UNIT])
    barred: dict[UUID, set[UUID]] = {i: set() for i in unit}

    def declared(at: int) -> date:  # on file before the inspections, once the firm exists
        return workday(max(date(2024, 2, 19), ledger.get_organization(law_firms[at]).registered_on))

    for who, at, why in CONFLICTS:
        run(
            ledger.declare_inspector_conflict(
                meta(CLERK, f"conflict:{who}:{at}", "回避事由申报（演示）", declared(at)),
                unit[who],
                law_firms[at],
                why,
            )
        )
        barred[unit[who]].add(law_firms[at])
    for who, at in PREVIOUS_EMPLOYMENT:
        run(
            ledger.record_inspector_previous_employment(
                meta(CLERK, f"employment:{who}:{at}", "曾在该所执业（演示）", declared(at)),
                unit[who],
                law_firms[at],
            )
        )
        barred[unit[who]].add(law_firms[at])

    # -- the annual inspection of every law firm (2024) --------------------------------------
    n = len(law_firms)
    others = [i for i in range(n) if i != REFERRED_FIRM]
    failing = rng.sample(others, 10)
    reordered, left_open = failing[0], failing[1]  # rectification redone; one never verified
    rest = [i for i in others if i not in failing]
    unpublished = set(rng.sample(rest, 2))
    late = set(rng.sample([i for i in rest if i not in unpublished], 3))
    failing_all = {*failing, REFERRED_FIRM}
    inspections: dict[int, UUID] = {}
    rectifications = verified = closed = 0
    referral: tuple[UUID, date] | None = None

    for k, firm in enumerate(law_firms):
        tag = f"insp2024:{k + 1}"
        doc = f"京兴司检〔2024〕{k + 1}号（演示）"
        planned = workday(
            max(
                date(2024, 3, 4) + timedelta(days=rng.randrange(0, 80)),
                ledger.get_organization(firm).registered_on + timedelta(days=14),
            )
        )
        planned_result = ledger.plan_inspection(
            meta(SUPERVISOR, f"{tag}:plan", "2024年度律师事务所年度检查考核（演示）", planned),
            InspectionKind.ANNUAL,
            firm,
            annual_checklist,
        )
        run(planned_result)
        inspection = planned_result.subject_id
        inspections[k] = inspection
        pair = rng.sample([i for i in unit if firm not in barred[i]], 2)
        run(
            ledger.assign_inspectors(
                meta(SUPERVISOR, f"{tag}:assign", "随机选派检查人员（演示）", planned),
                inspection,
                pair,
            )
        )
        visited = workday(planned + timedelta(days=rng.randrange(7, 22)))
        failed = set(rng.sample(sorted(FAILURES), rng.randint(1, 2))) if k in failing_all else set()
        findings = [
            Finding(
                item_id=item.item_id,
                outcome=FindingOutcome.FAIL if item.item_id in failed else FindingOutcome.PASS,
                note=FAILURES[item.item_id] if item.item_id in failed else None,
                evidence=(
                    (f"现场检查笔录 {doc}", f"照片 DX2024-{k + 1:03d}-{item.item_id}")
                    if item.item_id in failed
                    else ()
                ),
            )
            for item in annual_items
        ]
        run(
            ledger.record_findings(
                meta(INSPECTOR_1, f"{tag}:findings", doc, visited), inspection, findings, pair
            )
        )
        concluded = workday(visited + timedelta(days=rng.randrange(0, 4)))
        result = InspectionResult.NON_COMPLIANT if failed else InspectionResult.COMPLIANT
        summary = (
            "年度检查考核不合格：" + "；".join(FAILURES[i] for i in sorted(failed))
            if failed
            else "年度检查考核合格"
        )
        run(
            ledger.record_inspection_result(
                meta(INSPECTOR_1, f"{tag}:result", f"{doc} 检查结论", concluded),
                inspection,
                result,
                summary,
            )
        )
        last = concluded
        rectification_due: date | None = None
        if k == REFERRED_FIRM:
            last = after_working_days(concluded, 2)
            case_id = SanctionCase.create_id(case_number(3))
            run(
                ledger.refer_inspection_for_sanction(
                    meta(INSPECTOR_1, f"{tag}:refer", "违规情节较重，移送立案（演示）", last),
                    inspection,
                    case_id,
                )
            )
            referral = (inspection, last)
        elif failed:
            last = after_working_days(concluded, 1)
            rectification_due = last + timedelta(days=30)
            requirements = "限期整改：" + "；".join(FAILURES[i] for i in sorted(failed))
            run(
                ledger.order_rectification(
                    meta(INSPECTOR_2, f"{tag}:rectify", f"京兴司改〔2024〕{k + 1}号（演示）", last),
                    inspection,
                    rectification_due,
                    requirements,
                )
            )
            rectifications += 1
        published: date | None = None
        if k not in unpublished:
            if k in late:
                due = calendar.add_working_days(concluded, 20).due
                published = workday(due + timedelta(days=rng.randrange(3, 12)))
            else:
                published = after_working_days(concluded, rng.randrange(3, 15))
            published = max(published, last)
            run(
                ledger.publish_inspection(
                    meta(SUPERVISOR, f"{tag}:publish", "检查结果公示（演示）", published),
                    inspection,
                )
            )
            last = published
        if rectification_due is not None and k != left_open:
            checked = max(last, workday(rectification_due - timedelta(days=rng.randrange(1, 6))))
            ok = k != reordered
            run(
                ledger.verify_rectification(
                    meta(INSPECTOR_2, f"{tag}:verify", "整改复查（演示）", checked), inspection, ok
                )
            )
            last = checked
            if not ok:
                run(
                    ledger.order_rectification(
                        meta(
                            INSPECTOR_2,
                            f"{tag}:rectify2",
                            "整改不到位，再次责令整改（演示）",
                            checked,
                        ),
                        inspection,
                        checked + timedelta(days=20),
                        requirements,
                    )
                )
                last = workday(checked + timedelta(days=18))
                run(
                    ledger.verify_rectification(
                        meta(INSPECTOR_2, f"{tag}:verify2", "再次整改复查（演示）", last),
                        inspection,
                        True,
                    )
                )
            verified += 1
        if published is not None and k != left_open:
            closing = workday(last + timedelta(days=rng.randrange(5, 15)))
            run(
                ledger.close_inspection(
                    meta(SUPERVISOR, f"{tag}:close", "检查事项办结（演示）", closing), inspection
                )
            )
            closed += 1
    if progress:
        progress.print(f"annual inspections: {len(inspections)}")

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
        window_end = calendar.add_working_days(publicised, 10).due
        effective = max(on(date(2024, 4, 15)), workday(window_end + timedelta(days=1)))
        run(
            ledger.make_evaluation_effective(
                meta(CLERK, f"{tag}:effective", "公示期满无异议，评估结果生效（演示）", effective),
                evaluation,
            )
        )
    if progress:
        progress.print(f"integrity grades: {len(grades)}")

    # -- sanction cases ------------------------------------------------------------------------
    # Subjects registered well before their offence (the registry's dates are random).
    def practising_since(people: Sequence[UUID], start: int, by: date) -> UUID:
        return next(p for p in people[start:] if ledger.get_practitioner(p).registered_on <= by)

    repeat_lawyer = practising_since(lawyers, 14, date(2023, 6, 30))
    fined_lawyer = practising_since(lawyers, 200, date(2023, 6, 30))
    appraiser = practising_since(appraisers, 3, date(2023, 12, 31))
    assert referral is not None
    cases = [
        _Case(
            number=1,
            subject=repeat_lawyer,
            origin=CaseOrigin.COMPLAINT,
            allegation="涉嫌私自接受委托、私自收取费用（投诉转立案，演示）",
            offence_on=date(2023, 9, 20),
            opened=date(2023, 10, 9),
            terms=SanctionTerms(kind=SanctionKind.WARNING),
            facts="2023年9月私自接受委托并收取费用人民币3000元，情节轻微（演示）",
            legal_basis="《律师法》第四十八条第一项",
            steps=(20, 27, 34, 36, 41, 43, 45, 45, 52),
        ),
        _Case(
            number=2,
            subject=fined_lawyer,
            origin=CaseOrigin.COMPLAINT,
            allegation="涉嫌在同一案件中为双方当事人担任代理人（演示）",
            offence_on=date(2023, 12, 5),
            opened=date(2024, 2, 26),
            terms=SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(5000)),
            facts="在同一民事案件中先后接受双方当事人委托（演示）",
            legal_basis="《律师法》第四十七条第三项",
            steps=(21, 28, 35, 37, 43, 45, 49, 64, 74),
        ),
        _Case(
            number=3,
            subject=law_firms[REFERRED_FIRM],
            origin=CaseOrigin.INSPECTION,
            origin_reference=referral[0],
            allegation="年度检查考核发现违反规定接受委托、收取费用（检查移送，演示）",
            offence_on=date(2023, 11, 30),
            opened=workday(referral[1] + timedelta(days=2)),
            terms=SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(30000)),
            facts="该所2023年度存在未统一收案、律师个人收费等情形，经责令仍未改正（演示）",
            legal_basis="《律师法》第五十条第一款第五项",
            steps=(19, 26, 35, 37, 43, 47, 49, 68, 75),
        ),
        _Case(
            number=4,
            subject=repeat_lawyer,
            origin=CaseOrigin.COMPLAINT,
            allegation="警告处罚后一年内再次私自收取费用（投诉转立案，演示）",
            offence_on=date(2024, 6, 12),
            opened=date(2024, 6, 24),
            terms=SanctionTerms(kind=SanctionKind.PRACTICE_SUSPENSION, months=3),
            offence_level=SanctionKind.WARNING,
            facts="2024年6月再次私自收取委托人费用人民币5000元；2023年已因同类行为受警告处罚（演示）",
            legal_basis="《律师法》第四十八条第一项、第五十一条第一款",
            hearing=True,
            starts_on=date(2024, 9, 2),
            steps=(21, 28, 52, 53, 56, 63, 65, 70, 161),
        ),
        _Case(
            number=5,
            subject=appraiser,
            origin=CaseOrigin.COMPLAINT,
            allegation="涉嫌超出登记的执业类别从事司法鉴定业务（演示）",
            offence_on=date(2024, 5, 8),
            opened=date(2024, 7, 1),
            terms=SanctionTerms(kind=SanctionKind.WARNING),
            facts="超出登记的执业类别出具鉴定意见1份（演示）",
            legal_basis="《司法鉴定人登记管理办法》第二十九条",
            municipal_after=29,
            steps=(21, 28, 35, 37, 42, 74, 78, 80, 91),
        ),
    ]
    for case in cases:
        run_case(ledger, case, run, meta, workday)
    # The suspension has run its course: the licence is reinstated (as for 示例律师007).
    suspension = cases[3]
    assert suspension.starts_on is not None
    run(
        ledger.reinstate_licence(
            meta(CLERK, "sanction:4:reinstate", "停止执业期满（演示）", date(2024, 12, 2)),
            Practitioner,
            suspension.subject,
        )
    )
    if progress:
        progress.print(f"sanction cases: {len(cases)}")

    counts = {g: sum(1 for p in grades if p.initial_grade == g) for g in "ABC"}
    line = (
        f"supervision: {len(checklist_ids)} checklists; {len(inspections)} annual inspections "
        f"(2024: {len(failing_all)} non-compliant, {rectifications} rectifications ordered, "
        f"{verified} verified, 1 referred for sanction, {len(late)} published late, "
        f"{len(unpublished)} unpublished, {closed} closed); {len(grades)} integrity grades "
        f"{PERIOD} (A {counts['A']}, B {counts['B']}, C {counts['C']}, "
        f"{sum(1 for p in grades if p.initial_total is None)} not graded; "
        f"{sum(p.joint for p in grades)} joint with {OTHER_DISTRICT}; "
        f"{sum(p.varied_total is not None for p in grades)} varied C->B on objection); {len(cases)} sanction cases (1 repeat "
        "offence escalated to a 3-month suspension, 1 municipal decision)"
    )
    return SupervisionSummary(written=written, line=line)


def case_number(n: int, year: int = 2024) -> str:
    return f"京兴司罚〔{year}〕演示{n:02d}号"


# -- integrity grading plan ----------------------------------------------------------------------

SCORE_ITEMS = (  # item id, maximum points (adds up to the policy's 100-point scale)
    ("QU", 20),  # 执业资质
    ("CO", 25),  # 执业行为
    ("IM", 20),  # 内部管理
    ("QA", 25),  # 鉴定质量
    ("SR", 10),  # 社会评价
)


@dataclass(frozen=True)
class _GradePlan:
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
    _GradePlan(96, 93),  # A
    _GradePlan(85, 68, varied_total=76),  # C, varied to B on objection
    _GradePlan(95, 91, joint=True),  # A, evaluated jointly with 丰台区司法局
    _GradePlan(88, 82),  # B
    _GradePlan(78, 64),  # C, stays C
    _GradePlan(86, 79),  # B
    _GradePlan(84, 77),  # B
)


def _grade_plan(graded: Sequence[bool]) -> list[_GradePlan]:
    """A plan per institution: 不予评定 where not graded, else the next of GRADED (the joint
    evaluation and the objection only once)."""
    plans, taken = [], 0
    for can_be_graded in graded:
        if not can_be_graded:
            plans.append(_GradePlan(0, None))
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


# -- sanction cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    number: int
    subject: UUID
    origin: CaseOrigin
    allegation: str
    offence_on: date
    opened: date
    terms: SanctionTerms
    facts: str
    legal_basis: str
    # Days after opening of: investigation, notice, legal review, proposal, approval, service,
    # publication, execution, closing.
    steps: tuple[int, ...]
    origin_reference: UUID | None = None
    offence_level: SanctionKind | None = None
    hearing: bool = False
    starts_on: date | None = None  # of a suspension
    municipal_after: int | None = None  # days after the approval (recommendation)


Meta = Callable[[Actor, str, str, date], EventMeta]


def run_case(
    ledger: ComplianceLedger,
    case: _Case,
    run: Callable[[object], None],
    meta: Meta,
    workday: Callable[[date], date],
) -> None:
    tag = f"sanction:{case.number}"
    number = case_number(case.number, case.opened.year)
    year = case.opened.year
    investigated, noticed, reviewed, proposed, approved, served, published, executed, closed = (
        workday(case.opened + timedelta(days=d)) for d in case.steps
    )
    opened = ledger.open_sanction_case(
        meta(INSPECTOR_1, f"{tag}:open", f"{number} 立案审批（演示）", case.opened),
        number,
        case.subject,
        case.origin,
        case.allegation,
        case.origin_reference,
    )
    run(opened)
    case_id = opened.subject_id
    run(
        ledger.investigate_sanction_case(
            meta(INSPECTOR_1, f"{tag}:investigate", "调查终结（演示）", investigated),
            case_id,
            case.facts,
        )
    )
    run(
        ledger.serve_pre_decision_notice(
            meta(
                INSPECTOR_2,
                f"{tag}:notice",
                f"京兴司罚告〔{year}〕演示{case.number:02d}号",
                noticed,
            ),
            case_id,
            case.terms.kind,
        )
    )
    if case.hearing:
        run(
            ledger.request_sanction_hearing(
                meta(
                    INSPECTOR_2,
                    f"{tag}:hearing-request",
                    "当事人申请听证（演示）",
                    workday(noticed + timedelta(days=3)),
                ),
                case_id,
            )
        )
        run(
            ledger.hold_sanction_hearing(
                meta(
                    INSPECTOR_1,
                    f"{tag}:hearing",
                    "听证会（演示）",
                    workday(noticed + timedelta(days=17)),
                ),
                case_id,
                "当事人到场陈述申辩，对事实无异议，请求从轻处理（演示）",
            )
        )
    run(
        ledger.pass_sanction_legal_review(
            meta(SUPERVISOR, f"{tag}:review", "法制审核（演示）", reviewed),
            case_id,
            "事实清楚，证据确凿，适用依据正确，程序合法（演示）",
        )
    )
    run(
        ledger.propose_sanction_decision(
            meta(INSPECTOR_1, f"{tag}:propose", "拟作出处罚决定（演示）", proposed),
            case_id,
            case.terms,
            case.offence_on,
            case.facts,
            case.legal_basis,
            case.offence_level,
        )
    )
    # Four eyes: the supervisor approves what the inspector proposed.
    run(
        ledger.approve_sanction_decision(
            meta(
                SUPERVISOR,
                f"{tag}:approve",
                f"京兴司罚决字〔{year}〕演示{case.number:02d}号",
                approved,
            ),
            case_id,
            case.starts_on,
        )
    )
    if case.municipal_after is not None:
        decided = workday(approved + timedelta(days=case.municipal_after))
        run(
            ledger.record_municipal_decision(
                meta(SUPERVISOR, f"{tag}:municipal", "市局处罚决定（演示）", decided),
                case_id,
                case.terms,
                f"京司罚决字〔{year}〕演示{case.number:02d}号",
            )
        )
    run(
        ledger.serve_sanction_decision(
            meta(INSPECTOR_2, f"{tag}:serve", "处罚决定书送达（演示）", served), case_id
        )
    )
    run(
        ledger.publish_sanction(
            meta(INSPECTOR_2, f"{tag}:publish", "行政处罚信息公示（演示）", published), case_id
        )
    )
    run(
        ledger.execute_sanction(
            meta(INSPECTOR_1, f"{tag}:execute", "处罚执行完毕（演示）", executed), case_id
        )
    )
    run(
        ledger.close_sanction_case(
            meta(SUPERVISOR, f"{tag}:close", "结案（演示）", closed), case_id
        )
    )
