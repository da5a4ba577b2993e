"""Demo: the default checklists, the inspectors' declared conflicts of interest, and the 2024
annual inspection of every law firm — ten fail and are ordered to rectify (one rectification is
redone, one never verified), one is referred for sanction, a few are published late or not at
all. Its own seeded Random, so the registry's data stays identical."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from api.demo.context import CLERK, INSPECTOR_1, INSPECTOR_2, SUPERVISOR, DemoRun
from domain.core.values import OrganizationKind
from domain.inspections.checklists import Checklist, default_checklists
from domain.inspections.values import Finding, FindingOutcome, InspectionKind, InspectionResult
from domain.sanctions.case import SanctionCase

LAW_FIRM_UNIT = "律师工作科"

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


@dataclass(frozen=True)
class InspectionDemo:
    checklists: int
    inspections: int
    non_compliant: int
    rectifications: int  # ordered
    verified: int
    late: int  # published after the deadline
    unpublished: int
    closed: int
    referral: tuple[UUID, date]  # the inspection referred for sanction, and when


def load_inspection_demo(
    demo: DemoRun,
    law_firms: Sequence[UUID],
    inspectors_by_unit: Mapping[str, Sequence[UUID]],
    referred_case_number: str,
) -> InspectionDemo:
    """`referred_case_number`: of the sanction case the referred inspection opens."""
    ledger, run, meta, workday = demo.ledger, demo.run, demo.meta, demo.workday
    rng = random.Random(20240301)  # separate from the registry's: that data stays identical

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
            last = demo.after_working_days(concluded, 2)
            case_id = SanctionCase.create_id(referred_case_number)
            run(
                ledger.refer_inspection_for_sanction(
                    meta(INSPECTOR_1, f"{tag}:refer", "违规情节较重，移送立案（演示）", last),
                    inspection,
                    case_id,
                )
            )
            referral = (inspection, last)
        elif failed:
            last = demo.after_working_days(concluded, 1)
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
                due = demo.after_working_days(concluded, 20)
                published = workday(due + timedelta(days=rng.randrange(3, 12)))
            else:
                published = demo.after_working_days(concluded, rng.randrange(3, 15))
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
    assert referral is not None, "the referred firm is among the law firms"
    return InspectionDemo(
        checklists=len(checklist_ids),
        inspections=len(inspections),
        non_compliant=len(failing_all),
        rectifications=rectifications,
        verified=verified,
        late=len(late),
        unpublished=len(unpublished),
        closed=closed,
        referral=referral,
    )
