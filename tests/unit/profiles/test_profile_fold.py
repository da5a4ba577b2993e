"""The compliance profile fold on its own: events made by aggregates in memory (no database),
folded with `apply` / `fold_profile`, rendered for a day with `render`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import resolve_topic

from domain.appeals.appeal import (
    Appeal,
    AppealKind,
    AppealOutcome,
)
from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintConclusion,
    ComplaintUrgency,
)
from domain.core.calendar import (
    Deadline,
    WorkingCalendar,
)
from domain.core.policy import DEFAULT_POLICY
from domain.core.values import (
    Actor,
    EventMeta,
    LicenceStatus,
    OrganizationKind,
    PractitionerKind,
    Role,
)
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    LawyerAssessmentResult,
)
from domain.inspections.checklists import (
    Checklist,
    default_checklists,
)
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    FindingOutcome,
    InspectionKind,
)
from domain.inspections.values import InspectionResult as R
from domain.registry.inspectors import (
    Inspector,
    InspectorDetails,
)
from domain.registry.organizations import (
    Organization,
    OrganizationDetails,
)
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from domain.sanctions.case import SanctionCase
from domain.sanctions.rules import (
    CaseOrigin,
    SanctionKind,
    SanctionTerms,
    SubjectKind,
)
from projections.profiles.fold import (
    apply,
    effective_date,
    fold_profile,
)
from projections.profiles.handlers import HANDLERS
from projections.profiles.render import (
    licence_status_on,
    render,
    sanction_in_force,
)
from projections.runner.views import PositionedEvent

CLERK = Actor(principal_id="clerk.u", role=Role.CLERK)
CHIEF = Actor(principal_id="chief.u", role=Role.SUPERVISOR)
POLICY = DEFAULT_POLICY


def m(day: date, actor: Actor = CLERK) -> EventMeta:
    return EventMeta(actor=actor, reason="unit", effective_on=day, command_id=str(uuid.uuid4()))


class Log:
    """The events aggregates record, in the order taken, with made-up log positions."""

    def __init__(self) -> None:
        self.events: list[PositionedEvent] = []

    def take(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                self.events.append((len(self.events) + 1, event))

    def __iter__(self) -> Iterator[PositionedEvent]:
        return iter(self.events)


@pytest.fixture
def log() -> Log:
    return Log()


def firm(log: Log, number: str = "U-F1") -> Organization:
    org = Organization(
        meta=m(date(2020, 1, 2)),
        kind=OrganizationKind.LAW_FIRM,
        number=number,
        details=OrganizationDetails(name="单元律所"),
    )
    log.take(org)
    return org


def lawyer(log: Log, number: str = "U-L1") -> Practitioner:
    person = Practitioner(
        meta=m(date(2020, 1, 3)),
        kind=PractitionerKind.LAWYER,
        number=number,
        details=PractitionerDetails(name="单元律师"),
    )
    log.take(person)
    return person


def profile(log: Log, subject: Aggregate, **as_of: Any) -> dict[str, Any]:
    state, _last = fold_profile(subject.id, log, **as_of)
    assert state is not None
    return state


def test_registration_starts_a_profile_and_other_subjects_leave_it(log: Log) -> None:
    org, other = firm(log), firm(log, "U-F2")
    org.change_details(m(date(2021, 5, 1)), OrganizationDetails(name="新名称律所"))
    other.change_details(m(date(2021, 5, 1)), OrganizationDetails(name="别家"))
    log.take(org, other)
    state, last = fold_profile(org.id, log)
    assert state is not None
    assert (state["id"], state["name"], state["registered_on"]) == (
        org.id.hex,
        "新名称律所",
        "2020-01-02",
    )
    assert last == 3  # the change of name; the other firm's events are not this profile's
    assert apply(None, log.events[2][1]) is None  # only a registration starts a profile


def test_apply_never_changes_the_state_it_is_given(log: Log) -> None:
    org = firm(log)
    state = profile(log, org)
    frozen = orjson.dumps(state)
    org.suspend(m(date(2021, 1, 4)), date(2021, 2, 1), date(2021, 3, 31))
    log.take(org)
    after = apply(state, log.events[-1][1])
    assert orjson.dumps(state) == frozen
    assert after is not None and after["status"] == "suspended"
    # An event about nothing in the profile returns the very same state.
    assert apply(after, log.events[0][1]) is after


def test_suspension_is_in_force_only_within_its_period(log: Log) -> None:
    org = firm(log)
    org.suspend(m(date(2021, 1, 4)), date(2021, 2, 1), date(2021, 3, 31))
    log.take(org)
    state = profile(log, org)
    assert licence_status_on(state, date(2021, 1, 31)) is LicenceStatus.ACTIVE
    assert licence_status_on(state, date(2021, 2, 1)) is LicenceStatus.SUSPENDED
    assert licence_status_on(state, date(2021, 4, 1)) is LicenceStatus.ACTIVE
    shown = render(state, date(2021, 3, 1), POLICY)["registration"]
    assert shown["status"] == "suspended" and shown["recorded_status"] == "suspended"
    assert shown["suspension"] == {"starts_on": "2021-02-01", "until": "2021-03-31"}
    assert render(state, date(2021, 4, 1), POLICY)["registration"]["suspension"] is None


def test_affiliation_and_member_count_follow_joins_and_leaves(log: Log) -> None:
    org, person = firm(log), lawyer(log)
    person.join(m(date(2021, 3, 1)), org)
    org.record_member_joined(m(date(2021, 3, 1)), person.id)
    log.take(person, org)
    assert render(profile(log, person), date(2021, 3, 2), POLICY)["affiliation"] == {
        "organization_id": org.id,
        "joined_on": "2021-03-01",
    }
    assert profile(log, org)["members"] == 1
    person.leave(m(date(2022, 1, 5)))
    org.record_member_left(m(date(2022, 1, 5)), person.id)
    log.take(person, org)
    assert profile(log, person)["organization_id"] is None
    assert profile(log, org)["members"] == 0


def _inspected(log: Log, org: Organization) -> Inspection:
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    checklist = Checklist(meta=m(date(2020, 1, 2)), kind=template.kind, code="u")
    checklist.publish(m(date(2020, 1, 2)), template.title, template.items)
    staff = [
        Inspector(meta=m(date(2020, 1, 2)), number=f"U-I{n}", details=InspectorDetails(
            name=f"检查员{n}", unit="执法科"))
        for n in range(2)
    ]  # fmt: skip
    inspection = Inspection.plan(
        m(date(2024, 3, 1)), InspectionKind.ROUTINE, org.id, org.kind, checklist, None, POLICY
    )
    inspection.assign_inspectors(m(date(2024, 3, 1)), staff, [org.id], POLICY)
    findings = [
        Finding(item_id=i.item_id, outcome=FindingOutcome.FAIL, evidence=("笔录-1",))
        if i.item_id in ("BU-02", "FF-01")
        else Finding(item_id=i.item_id, outcome=FindingOutcome.PASS)
        for i in template.items
    ]
    inspection.record_findings(m(date(2024, 3, 5)), findings, [s.id for s in staff], POLICY)
    inspection.record_result(
        m(date(2024, 3, 8)), R.NON_COMPLIANT, "两项不合格", Deadline(date(2024, 4, 3)), POLICY
    )
    inspection.order_rectification(m(date(2024, 3, 11)), date(2024, 4, 30), "限期整改")
    log.take(inspection)
    return inspection


def test_rectification_is_due_then_overdue_until_verified(log: Log) -> None:
    org = firm(log)
    inspection = _inspected(log, org)
    state = profile(log, org)
    on_time = render(state, date(2024, 4, 30), POLICY)["inspections"]
    assert on_time["last"]["result"] == "non_compliant"
    assert [f["item_id"] for f in on_time["open_findings"]] == ["BU-02", "FF-01"]
    assert [r["due_on"] for r in on_time["rectifications_due"]] == ["2024-04-30"]
    assert on_time["rectifications_overdue"] == []
    late = render(state, date(2024, 5, 1), POLICY)
    assert [r["due_on"] for r in late["inspections"]["rectifications_overdue"]] == ["2024-04-30"]
    assert late["risk"]["tier"] == "high"
    assert "RectificationOverdue" in [r["rule"] for r in late["risk"]["reasons"]]
    inspection.verify_rectification(m(date(2024, 5, 6)), True)
    log.take(inspection)
    done = render(profile(log, org), date(2024, 5, 7), POLICY)["inspections"]
    assert done["open_findings"] == done["rectifications_overdue"] == []


def test_a_cancelled_spot_check_is_not_counted(log: Log) -> None:
    """A spot check planned by a draw that was then voided never took place."""
    org = firm(log)
    template = next(t for t in default_checklists() if t.kind is OrganizationKind.LAW_FIRM)
    checklist = Checklist(meta=m(date(2020, 1, 2)), kind=template.kind, code="c")
    checklist.publish(m(date(2020, 1, 2)), template.title, template.items)
    spot = Inspection.plan(
        m(date(2024, 6, 3)), InspectionKind.SPOT_CHECK, org.id, org.kind, checklist, None, POLICY
    )
    log.take(spot)
    assert render(profile(log, org), date(2024, 6, 4), POLICY)["inspections"]["count"] == 1
    spot.cancel(m(date(2024, 6, 5)), "抽取结果作废")
    log.take(spot)
    assert render(profile(log, org), date(2024, 6, 6), POLICY)["inspections"]["count"] == 0


def _complaint(log: Log, subject: Aggregate, received: date) -> Complaint:
    complaint = Complaint.receive(
        m(received),
        ComplaintChannel.HOTLINE_12345,
        ComplaintUrgency.GENERAL,
        Complainant(name="赵秘密", phone="13912345678", id_number="110115198807071234"),
        "收费后未提供服务（摘要含个人信息）",
        subject.id,
        POLICY,
        WorkingCalendar(),
    )
    log.take(complaint)
    return complaint


def test_a_profile_carries_no_complainant_data(log: Log) -> None:
    person = lawyer(log)
    _complaint(log, person, date(2024, 5, 6))
    document = orjson.dumps(profile(log, person)).decode()
    for secret in ("赵秘密", "13912345678", "110115198807071234", "摘要含个人信息"):
        assert secret not in document
    rendered = render(profile(log, person), date(2024, 5, 7), POLICY)["complaints"]
    assert [c["stage"] for c in rendered["open"]] == ["received"]


def test_substantiated_complaints_count_for_twelve_months(log: Log) -> None:
    person = lawyer(log)
    complaint = _complaint(log, person, date(2023, 5, 6))
    complaint.accept(m(date(2023, 5, 8)))
    complaint.investigate(m(date(2023, 5, 9)))
    complaint.conclude(m(date(2023, 6, 1)), ComplaintConclusion.PARTLY, "部分属实")
    log.take(complaint)
    state = profile(log, person)
    within = render(state, date(2024, 5, 31), POLICY)
    assert [c["conclusion"] for c in within["complaints"]["substantiated_last_12_months"]] == [
        "partly"
    ]
    assert within["complaints"]["open"] != []  # concluded, not yet replied: still open
    assert (
        render(state, date(2024, 6, 1), POLICY)["complaints"]["substantiated_last_12_months"] == []
    )


def _sanction(
    log: Log, person: Practitioner, *, decided: date, terms: SanctionTerms | None = None
) -> SanctionCase:
    case = SanctionCase.open(
        m(decided), "京兴司罚〔2024〕U1号", person.id, SubjectKind.LAWYER, CaseOrigin.OTHER, None,
        "违规", POLICY,
    )  # fmt: skip
    case.investigate(m(decided), "查明")
    terms = terms or SanctionTerms(kind=SanctionKind.WARNING)
    case.serve_pre_decision_notice(m(decided), terms.kind)
    if terms.kind.carries_hearing_right:
        case.waive_hearing(m(decided))
    case.pass_legal_review(m(decided), "同意", DEFAULT_POLICY)
    case.propose_decision(m(decided), terms, decided, "事实", "律师法", [], POLICY)
    case.approve_decision(m(decided, CHIEF), POLICY, WorkingCalendar())
    log.take(case)
    return case


def test_a_warning_is_in_force_while_its_publication_lasts(log: Log) -> None:
    person = lawyer(log)
    case = _sanction(log, person, decided=date(2024, 3, 1))
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


def test_every_handled_topic_is_a_stored_event_topic() -> None:
    for topic in HANDLERS:
        cls = resolve_topic(topic)
        assert getattr(cls, "TOPIC", None) == topic, topic


def test_the_state_is_plain_json_so_stored_and_folded_profiles_compare(log: Log) -> None:
    person = lawyer(log)
    fine = SanctionTerms(kind=SanctionKind.FINE, amount=Decimal("5000.50"))
    case = _sanction(log, person, decided=date(2024, 3, 1), terms=fine)
    state = profile(log, person)
    assert orjson.loads(orjson.dumps(state)) == state
    assert state["sanctions"][case.id.hex]["terms"] == {
        "kind": "fine",
        "amount": "5000.50",
        "months": None,
    }
