"""Demo: sanction cases through their whole lifecycle — a warning, fines (one on a firm whose
annual inspection was referred), a repeat offence that escalates to a suspension after a
hearing, and a decision the municipal bureau takes on the district's recommendation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from api.demo.context import CLERK, INSPECTOR_1, INSPECTOR_2, SUPERVISOR, DemoRun
from domain.registry.practitioners import Practitioner
from domain.sanctions.case import CaseOrigin, SanctionKind, SanctionTerms

REFERRED_CASE = 3  # the number of the case opened on the inspection referred for sanction


def case_number(n: int, year: int = 2024) -> str:
    return f"京兴司罚〔{year}〕演示{n:02d}号"


def load_sanction_demo(
    demo: DemoRun,
    lawyers: Sequence[UUID],
    appraisers: Sequence[UUID],
    referred_firm: UUID,
    referral: tuple[UUID, date],
) -> int:
    """`referral`: the inspection referred for sanction and when. Returns the number of cases."""
    ledger, run, meta, workday = demo.ledger, demo.run, demo.meta, demo.workday

    # -- sanction cases ------------------------------------------------------------------------
    # Subjects registered well before their offence (the registry's dates are random).
    def practising_since(people: Sequence[UUID], start: int, by: date) -> UUID:
        return next(p for p in people[start:] if ledger.get_practitioner(p).registered_on <= by)

    repeat_lawyer = practising_since(lawyers, 14, date(2023, 6, 30))
    fined_lawyer = practising_since(lawyers, 200, date(2023, 6, 30))
    appraiser = practising_since(appraisers, 3, date(2023, 12, 31))
    cases = [
        SanctionDemoCase(
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
        SanctionDemoCase(
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
        SanctionDemoCase(
            number=REFERRED_CASE,
            subject=referred_firm,
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
        SanctionDemoCase(
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
        SanctionDemoCase(
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
        run_case(demo, case)
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
    return len(cases)


@dataclass(frozen=True)
class SanctionDemoCase:
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


def run_case(demo: DemoRun, case: SanctionDemoCase) -> None:
    """One case from opening to closing, on the days its `steps` say."""
    ledger, run, meta, workday = demo.ledger, demo.run, demo.meta, demo.workday
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
