"""The world and the regulatory stories of the profile property law: each story runs through
ComplianceLedger commands and is stopped at a given step; a step the rules refuse (a LedgerError)
ends that story, and what was recorded stays, as in life."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.complaints.complaint import (
    Complainant,
    ComplaintChannel,
    ComplaintConclusion,
)
from domain.complaints.complaint import SatisfactionRating as Rating
from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.evaluations.values import (
    EvaluationKind,
    FirmInspectionResult,
    LawyerAssessmentResult,
    ScoredItem,
)
from domain.inspections.checklists import default_checklists
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
    InspectionResult,
)
from domain.ledger import ComplianceLedger
from domain.registry.inspectors import InspectorDetails
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionTerms,
)

CLERK = Actor(principal_id="clerk.prop", role=Role.CLERK)
INSPECTOR = Actor(principal_id="inspector.prop", role=Role.INSPECTOR)
SUPERVISOR = Actor(principal_id="supervisor.prop", role=Role.SUPERVISOR)
REGISTERED = date(2020, 1, 2)


def m(day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason="p", effective_on=day, command_id=str(uuid.uuid4()))


@dataclass
class World:
    prefix: str
    firms: list[UUID]
    institution: UUID
    lawyers: list[UUID]
    appraiser: UUID
    inspectors: list[UUID]
    checklists: dict[OrganizationKind, UUID]

    @property
    def organizations(self) -> list[UUID]:
        return [*self.firms, self.institution]

    @property
    def practitioners(self) -> list[UUID]:
        return [*self.lawyers, self.appraiser]

    @property
    def subjects(self) -> list[UUID]:
        return [*self.organizations, *self.practitioners]


def make_world(ledger: ComplianceLedger) -> World:
    prefix = uuid.uuid4().hex[:8].upper()

    def org(kind: OrganizationKind, n: int) -> UUID:
        details = OrganizationDetails(name=f"机构{n}")
        number = f"{prefix}-O{n}"
        return ledger.register_organization(m(REGISTERED), kind, number, details).subject_id

    def person(kind: PractitionerKind, n: int) -> UUID:
        details = PractitionerDetails(name=f"人员{n}")
        number = f"{prefix}-P{n}"
        return ledger.register_practitioner(m(REGISTERED), kind, number, details).subject_id

    firms = [org(OrganizationKind.LAW_FIRM, n) for n in range(2)]
    institution = org(OrganizationKind.APPRAISAL_INSTITUTION, 2)
    lawyers = [person(PractitionerKind.LAWYER, n) for n in range(3)]
    appraiser = person(PractitionerKind.APPRAISER, 3)
    inspectors = [
        ledger.register_inspector(
            m(REGISTERED), f"{prefix}-I{n}", InspectorDetails(name=f"检查员{n}", unit="执法科")
        ).subject_id
        for n in range(2)
    ]
    checklists = {}
    for template in default_checklists():
        if template.kind in (OrganizationKind.LAW_FIRM, OrganizationKind.APPRAISAL_INSTITUTION):
            checklists[template.kind] = ledger.publish_checklist(
                m(REGISTERED), template.kind, f"p-{prefix.lower()}", template.title, template.items
            ).subject_id
    ledger.join_organization(m(REGISTERED), lawyers[0], firms[0])
    ledger.join_organization(m(REGISTERED), appraiser, institution)
    return World(prefix, firms, institution, lawyers, appraiser, inspectors, checklists)


Step = Callable[[], Any]


def run(steps: list[Step], depth: int) -> None:
    """Run the story's first `depth` steps; a step the rules refuse ends the story."""
    for step in steps[:depth]:
        try:
            step()
        except LedgerError:
            return


class Ids:
    """Ids learnt while a story runs (a later step needs the record an earlier one made)."""

    def __init__(self) -> None:
        self.values: dict[str, UUID] = {}

    def keep(self, name: str, result: Any) -> None:
        self.values[name] = result.subject_id

    def __getitem__(self, name: str) -> UUID:
        return self.values[name]


def d(day: date, days: int) -> date:
    return day + timedelta(days=days)


# -- stories -----------------------------------------------------------------------------------


def inspection_story(
    ledger: ComplianceLedger, w: World, day: date, org: int, fails: bool, verify: bool | None,
    appeal: AppealOutcome | None, depth: int,
) -> None:  # fmt: skip
    subject = w.organizations[org % len(w.organizations)]
    kind = ledger.get_organization(subject).kind
    checklist = ledger.get_checklist(w.checklists[kind]).get_version()
    failed = checklist.items[0].item_id
    findings = [
        Finding(item_id=i.item_id, outcome=FindingOutcome.FAIL, evidence=("笔录",))
        if fails and i.item_id == failed
        else Finding(item_id=i.item_id, outcome=FindingOutcome.PASS)
        for i in checklist.items
    ]
    result = InspectionResult.NON_COMPLIANT if fails else InspectionResult.COMPLIANT
    ids = Ids()
    steps: list[Step] = [
        lambda: ids.keep("i", ledger.plan_inspection(
            m(day), InspectionKind.ROUTINE, subject, w.checklists[kind])),
        lambda: ledger.assign_inspectors(m(day), ids["i"], w.inspectors),
        lambda: ledger.record_findings(m(d(day, 2), INSPECTOR), ids["i"], findings, w.inspectors),
        lambda: ledger.record_inspection_result(m(d(day, 5), INSPECTOR), ids["i"], result, "结论"),
        lambda: ledger.order_rectification(m(d(day, 6)), ids["i"], d(day, 40), "整改"),
        lambda: ledger.publish_inspection(m(d(day, 8)), ids["i"]),
    ]  # fmt: skip
    if appeal is not None:
        varied = {"result": "compliant_with_remarks"} if appeal is AppealOutcome.VARIED else {}
        steps += [
            lambda: ids.keep("a", ledger.file_appeal(
                m(d(day, 9)), AppealKind.RECONSIDERATION, "inspection", ids["i"], "机构", "不服")),
            lambda: ledger.accept_appeal(m(d(day, 10), SUPERVISOR), ids["a"]),
            lambda: ledger.decide_appeal(m(d(day, 55), SUPERVISOR), ids["a"], appeal, varied),
        ]  # fmt: skip
    if verify is not None:
        steps.append(lambda: ledger.verify_rectification(m(d(day, 50)), ids["i"], verify))
    run(steps, depth)


def _objection(ledger: ComplianceLedger, ids: Ids, day: date, outcome: AppealOutcome,
               new_result: dict[str, Any]) -> list[Step]:  # fmt: skip
    return [
        lambda: ids.keep("a", ledger.file_appeal(
            m(d(day, 7)), AppealKind.OBJECTION, "evaluation", ids["e"], "被评对象", "异议")),
        lambda: ledger.accept_appeal(m(d(day, 8), SUPERVISOR), ids["a"]),
        lambda: ledger.decide_appeal(m(d(day, 40), SUPERVISOR), ids["a"], outcome, new_result),
    ]  # fmt: skip


def evaluation_story(
    ledger: ComplianceLedger, w: World, day: date, kind: EvaluationKind, who: int, good: bool,
    appeal: AppealOutcome | None, depth: int,
) -> None:  # fmt: skip
    ids = Ids()
    period = day.year - 1
    steps: list[Step]
    if kind is EvaluationKind.LAWYER_ANNUAL:
        subject = w.lawyers[who % len(w.lawyers)]
        result = LawyerAssessmentResult.COMPETENT if good else LawyerAssessmentResult.INCOMPETENT
        other = {"result": "basically_competent"}
        steps = [lambda: ledger.record_lawyer_assessment(m(d(day, 5)), ids["e"], result)]
    elif kind is EvaluationKind.LAW_FIRM_ANNUAL:
        subject = w.firms[who % len(w.firms)]
        final = FirmInspectionResult.PASS if good else FirmInspectionResult.FAIL
        other = {"result": "fail" if good else "pass"}
        steps = [lambda: ledger.propose_firm_result(m(d(day, 1)), ids["e"], final)]
        if not good:
            steps += [
                lambda: ledger.issue_rectification_notice(m(d(day, 2)), ids["e"], d(day, 20)),
                lambda: ledger.record_resubmission(m(d(day, 4)), ids["e"]),
            ]
        steps.append(lambda: ledger.record_final_firm_result(m(d(day, 5)), ids["e"], final))
    else:
        subject = w.institution
        points = (36, 27, 27) if good else (20, 20, 15)
        sheet = tuple(
            ScoredItem(item_id=f"S{n}", max_points=Decimal(mx), points=Decimal(p))
            for n, (mx, p) in enumerate(zip((40, 30, 30), points, strict=True))
        )
        other = {"grade": "B"} if not good else {"grade": "C"}
        steps = [
            lambda: ledger.submit_self_assessment(m(d(day, 1)), ids["e"], sheet),
            lambda: ledger.record_initial_scores(m(d(day, 2)), ids["e"], sheet),
            lambda: ledger.record_final_grade(m(d(day, 4), SUPERVISOR), ids["e"]),
            lambda: ledger.publicise_evaluation(m(d(day, 5)), ids["e"]),
        ]
    steps.insert(0, lambda: ids.keep("e", ledger.open_evaluation(
        m(day), kind, subject, period, ("大兴区司法局",))))  # fmt: skip
    if appeal is not None:
        steps += _objection(
            ledger, ids, day, appeal, other if appeal is AppealOutcome.VARIED else {}
        )
    steps.append(lambda: ledger.make_evaluation_effective(m(d(day, 45)), ids["e"]))
    run(steps, depth)


def complaint_story(
    ledger: ComplianceLedger, w: World, day: date, who: int, conclusion: ComplaintConclusion,
    refuse: bool, convert: bool, depth: int,
) -> None:  # fmt: skip
    subject = w.subjects[who % len(w.subjects)]
    ids = Ids()
    person = Complainant(name="赵秘密", phone="13912345678", id_number="110115198807071234")
    steps: list[Step] = [
        lambda: ids.keep("c", ledger.receive_complaint(
            m(day), ComplaintChannel.HOTLINE_12345, person, "投诉摘要", subject)),
    ]  # fmt: skip
    if refuse:
        steps.append(lambda: ledger.refuse_complaint(m(d(day, 1)), ids["c"], "不属于受理范围"))
    steps += [
        lambda: ledger.accept_complaint(m(d(day, 1)), ids["c"]),
        lambda: ledger.investigate_complaint(m(d(day, 2)), ids["c"]),
    ]
    if convert:
        number = f"京兴司罚〔{day.year}〕{uuid.uuid4().hex[:6]}号"
        steps.append(lambda: ledger.convert_complaint_to_case(
            m(d(day, 3), SUPERVISOR), ids["c"], number, "诉转案"))  # fmt: skip
    steps += [
        lambda: ledger.conclude_complaint(m(d(day, 10)), ids["c"], conclusion, "查明"),
        lambda: ledger.reply_to_complaint(m(d(day, 12)), ids["c"], "答复"),
        lambda: ledger.rate_complaint(m(d(day, 13)), ids["c"], Rating.SATISFIED),
    ]
    run(steps, depth)


TERMS = {
    "warning": SanctionTerms(kind=SanctionKind.WARNING),
    "fine": SanctionTerms(kind=SanctionKind.FINE, amount=Decimal(1000)),
    "suspension": None,  # practice or business suspension, by subject
}


def sanction_story(
    ledger: ComplianceLedger, w: World, day: date, who: int, severity: str, publish: bool,
    appeal: AppealOutcome | None, depth: int,
) -> None:  # fmt: skip
    subject = w.subjects[who % len(w.subjects)]
    is_person = subject in w.practitioners
    terms = TERMS[severity] or SanctionTerms(
        kind=SanctionKind.PRACTICE_SUSPENSION if is_person else SanctionKind.BUSINESS_SUSPENSION,
        months=2,
    )
    municipal = subject in (w.institution, w.appraiser)
    starts_on = d(day, 1) if terms.kind.is_suspension else None
    ids = Ids()
    number = f"京兴司罚〔{day.year}〕{uuid.uuid4().hex[:6]}号"
    steps: list[Step] = [
        lambda: ids.keep("s", ledger.open_sanction_case(
            m(day, INSPECTOR), number, subject, CaseOrigin.OTHER, "违规")),
        lambda: ledger.investigate_sanction_case(m(day, INSPECTOR), ids["s"], "查明"),
        lambda: ledger.serve_pre_decision_notice(m(day, INSPECTOR), ids["s"], terms.kind),
        *([lambda: ledger.waive_sanction_hearing(m(day, INSPECTOR), ids["s"])]
          if terms.kind.carries_hearing_right else []),
        lambda: ledger.pass_sanction_legal_review(m(day, SUPERVISOR), ids["s"], "同意"),
        lambda: ledger.propose_sanction_decision(
            m(day, INSPECTOR), ids["s"], terms, day, "事实", "依据"),
        lambda: ledger.approve_sanction_decision(m(day, SUPERVISOR), ids["s"], starts_on),
    ]  # fmt: skip
    if municipal:
        steps.append(lambda: ledger.record_municipal_decision(
            m(day, SUPERVISOR), ids["s"], terms, "京司罚决〔市〕1号", starts_on))  # fmt: skip
    steps.append(lambda: ledger.serve_sanction_decision(m(d(day, 3)), ids["s"]))
    if publish:
        steps.append(lambda: ledger.publish_sanction(m(d(day, 4)), ids["s"], d(day, 120)))
    if appeal is not None:
        varied: dict[str, Any] = {}
        if appeal is AppealOutcome.VARIED:
            varied = {"months": 1} if terms.months else {"kind": "fine", "amount": "500"}
            if terms.kind is SanctionKind.FINE:
                varied = {"amount": "500"}
        steps += [
            lambda: ids.keep("a", ledger.file_appeal(
                m(d(day, 10)), AppealKind.RECONSIDERATION, "sanction", ids["s"], "当事人", "不服")),
            lambda: ledger.accept_appeal(m(d(day, 11), SUPERVISOR), ids["a"]),
            lambda: ledger.decide_appeal(m(d(day, 30), SUPERVISOR), ids["a"], appeal, varied),
        ]  # fmt: skip
    steps += [
        lambda: ledger.execute_sanction(m(d(day, 35)), ids["s"]),
        lambda: ledger.close_sanction_case(m(d(day, 36)), ids["s"]),
    ]
    run(steps, depth)


def registry_story(ledger: ComplianceLedger, w: World, day: date, action: str, who: int) -> None:
    subject = w.subjects[who % len(w.subjects)]
    cls: type[Organization] | type[Practitioner] = (
        Practitioner if subject in w.practitioners else Organization
    )
    lawyer = w.lawyers[who % len(w.lawyers)]
    steps: dict[str, Step] = {
        "suspend": lambda: ledger.suspend_licence(m(day), cls, subject, d(day, 5), d(day, 65)),
        "reinstate": lambda: ledger.reinstate_licence(m(day), cls, subject),
        "revoke": lambda: ledger.revoke_licence(m(day), cls, subject),
        "join": lambda: ledger.join_organization(m(day), lawyer, w.firms[who % 2]),
        "leave": lambda: ledger.leave_organization(m(day), lawyer),
        "rename": lambda: (
            ledger.change_practitioner_details(m(day), subject, {"name": f"改名{day}"})
            if cls is Practitioner
            else ledger.change_organization_details(m(day), subject, {"name": f"改名{day}"})
        ),
    }
    run([steps[action]], 1)
