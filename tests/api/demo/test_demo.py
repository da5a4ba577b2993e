"""The demo district: a year of annual inspections, the appraisal institutions' integrity grades
(one joint, one varied on objection), sanction cases (one repeat offence escalated to a
suspension), 100 mediation case files reviewed, two years of complaints falling 60%, 150
notarization matters with the assisted inheritance backlog and an import with wrong issuances;
loading it twice writes nothing the second time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.demo.district import load_demo
from api.http.app import create_app
from api.services import Services, open_services
from domain.appeals.appeal import AppealOutcome
from domain.core.values import OrganizationKind
from domain.evaluations.values import (
    EvaluationKind,
    IntegrityGrade,
)
from domain.inspections.values import InspectionKind
from domain.notarizations.values import NotarizationType
from domain.sanctions.case import SanctionKind
from projections.audit.subjects import fold_index
from projections.runner.events import iter_events
from tests.api.conftest import make_token_for
from tests.conftest import read


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str, int]]:
    path: Path = tmp_path_factory.mktemp("demo")
    services = open_services(f"sqlite:///{path}/d.db")
    try:
        summary = load_demo(services)
        yield services, summary, services.db.event_count()
    finally:
        services.close()


def test_every_law_firm_has_its_2024_annual_inspection(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    everything = read(ledger).inspections.list(limit=500).items
    annual = [i for i in everything if i.kind is InspectionKind.ANNUAL]
    assert len(annual) == 96
    firms = {i.subject_id for i in annual}
    assert len(firms) == 96
    assert all(i.subject_kind is OrganizationKind.LAW_FIRM for i in annual)
    assert all(ledger.get_organization(firm).kind is OrganizationKind.LAW_FIRM for firm in firms)
    # At least two assigned inspectors found every checklist item of each one.
    assert all(len(i.inspector_ids) >= 2 and set(i.findings) == set(i.item_ids) for i in annual)
    assert any(i.failed_items for i in annual) and any(i.sanction_case_id for i in annual)
    overdue = Counter(o.what for o in read(ledger).inspections.overdue(ledger.today()).items)
    assert overdue == {"publication": 2, "rectification": 1}


def test_integrity_grades_one_joint_one_varied_from_c_to_b(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    grades = (
        read(ledger)
        .evaluations.list(kind=EvaluationKind.INTEGRITY_GRADING.value, period=2023, limit=500)
        .items
    )
    services.runner.catch_up("registry")
    rows = services.db.query(
        f"SELECT id FROM {services.registry.table} "
        "WHERE entity = 'organization' AND kind = 'appraisal_institution'"
    )
    institutions = {UUID(str(r["id"])) for r in rows}
    assert len(institutions) == 8
    assert {e.subject_id for e in grades} == institutions and len(grades) == 8

    joint = [e for e in grades if len(e.evaluators) == 2]
    assert len(joint) == 1 and joint[0].evaluators == ("大兴区司法局", "丰台区司法局")

    varied = [e for e in grades if any(r.by == "appeal" for r in e.results)]
    assert len(varied) == 1
    evaluation = varied[0]
    assert [r.result for r in evaluation.results] == [IntegrityGrade.C, IntegrityGrade.B]
    assert evaluation.effective_result is IntegrityGrade.B
    assert "VariedOnAppeal" in [type(e).__name__ for e in ledger.history(evaluation.id)]
    (appeal,) = ledger.appeals_of(evaluation.id)
    assert appeal.outcome is AppealOutcome.VARIED


def test_repeat_offence_escalates_to_a_suspension_of_the_licence(
    loaded: tuple[Services, str, int],
) -> None:
    services, _summary, _count = loaded
    ledger = services.ledger
    everything = read(ledger).sanctions.list(limit=500).items
    # 诉转案 in the complaints demo: opened, still under way.
    converted = {
        c.case_id for c in read(ledger).complaints.list(limit=500).items if c.case_id is not None
    }
    assert len(converted) == 4
    cases = [c for c in everything if c.id not in converted]
    assert all(c.stage.value == "closed" and c.outcome == "executed" for c in cases)
    escalated = [c for c in cases if c.proposal is not None and c.proposal.escalated_from]
    assert len(escalated) == 1
    case = escalated[0]
    assert case.proposal is not None
    assert case.proposal.escalated_from is SanctionKind.WARNING
    assert case.proposal.escalation_reason
    assert case.terms is not None and case.terms.kind is SanctionKind.PRACTICE_SUSPENSION
    assert case.terms.months == 3
    # Four eyes: proposed by one principal, approved by another.
    decided = next(e for e in ledger.history(case.id) if type(e).__name__ == "Decided")
    assert decided.approver != case.proposal.proposer  # type: ignore[attr-defined]
    # The earlier warning of the same lawyer is what made it a repeat offence.
    earlier = [
        c
        for c in read(ledger).sanctions.list(subject_id=case.subject_id, limit=500).items
        if c.id != case.id
    ]
    assert [c.terms.kind for c in earlier if c.terms] == [SanctionKind.WARNING]
    lawyer_events = [type(e).__name__ for e in ledger.history(case.subject_id)]
    assert "LicenceSuspended" in lawyer_events
    assert any(c.decided_by == "municipal" for c in cases)


def test_demo_complaints_fall_60_percent_year_on_year(
    loaded: tuple[Services, str, int],
) -> None:
    """The metric, through the API, agrees with a plain count of Received events by year."""
    services, _summary, _count = loaded
    rows = services.db.query(
        "SELECT originator_id FROM {events} WHERE topic = ?", ("ledger.Complaint.Received",)
    )
    by_year: dict[int, int] = {}
    for row in rows:
        complaint = services.ledger.get_complaint(UUID(str(row["originator_id"])))
        by_year[complaint.received_on.year] = by_year.get(complaint.received_on.year, 0) + 1
    assert by_year == {2023: 150, 2024: 60}
    with TestClient(create_app(services=services)) as client:
        headers = make_token_for(services)("auditor")
        response = client.get(
            "/complaints/metrics?start=2024-01-01&end=2024-12-31", headers=headers
        )
    metrics = response.json()
    assert response.status_code == 200, metrics
    assert (metrics["received"], metrics["previous_received"]) == (60, 150)
    assert Decimal(metrics["year_on_year_change"]) == Decimal("-60.00")
    assert 0 < Decimal(metrics["resolution_rate"]) < Decimal(metrics["response_rate"]) <= 100
    assert read(services.ledger).complaints.overdue(date(2024, 12, 31)).items


def test_demo_notarizations_with_the_assisted_inheritance_backlog(
    loaded: tuple[Services, str, int],
) -> None:
    ledger = loaded[0].ledger
    matters = read(ledger).notarizations.list(limit=500).items
    assert len(matters) == 150
    assisted = [m for m in matters if m.assisting_office_id is not None]
    assert len(assisted) >= 100
    assert {m.matter_type for m in assisted} == {NotarizationType.INHERITANCE}
    helped = {m.office_id for m in assisted}
    helping = {m.assisting_office_id for m in assisted}
    assert len(helped) == len(helping) == 1 and helped != helping
    # An assisted matter counts for both offices.
    (helped_office,) = helped
    (helping_office,) = helping
    assisted_ids = {m.id for m in assisted}
    assert assisted_ids <= {
        m.id for m in read(ledger).notarizations.list(office_id=helped_office, limit=500).items
    }
    assert assisted_ids <= {
        m.id for m in read(ledger).notarizations.list(office_id=helping_office, limit=500).items
    }
    backlog = {row.office_id: row for row in read(ledger).notarizations.backlog(date(2024, 12, 31))}
    assert backlog[helped_office].assisted == backlog[helping_office].assisted > 0
    assert read(ledger).notarizations.missed_issuances(date(2024, 12, 31)).items
    wrong = sorted(
        (w.record.external_number, w.rule)
        for w in read(ledger).notarizations.wrong_issuances(limit=500)[0]
    )
    assert wrong == [
        ("GZ2-2024-0004", "NoIssuanceWithoutApproval"),
        ("GZ2-2024-0007", "ApproverIsNotHandler"),
    ]


def test_demo_reviews_100_mediation_case_files(loaded: tuple[Services, str, int]) -> None:
    reviews = read(loaded[0].ledger).case_reviews.list(limit=500).items
    tallies = [r.tally for r in reviews]
    assert len(reviews) == 10 and all(t is not None for t in tallies)
    assert sum(t.reviewed for t in tallies if t is not None) == 100


def test_loading_again_writes_nothing(loaded: tuple[Services, str, int]) -> None:
    services, summary, _count = loaded
    assert "96 annual inspections" in summary
    count = services.db.event_count()
    again = load_demo(services)
    assert "0 commands written this run" in again
    assert services.db.event_count() == count


def test_subject_index_stored_equals_folded_on_demand(loaded: tuple[Services, str, int]) -> None:
    """Every event type the demo writes, indexed by the stored view and by an on-demand fold of
    the whole log: the same rows."""
    services = loaded[0]
    services.runner.catch_up("subject_index")
    stored = services.db.query(
        f"SELECT subject_id, position, relation, topic FROM {services.subjects.table} "
        "ORDER BY position, subject_id"
    )
    folded = sorted(
        (e for e in fold_index(iter_events(services.ledger))),
        key=lambda e: (e.position, e.subject_id.hex),
    )
    assert [(r["subject_id"], r["position"], r["relation"], r["topic"]) for r in stored] == [
        (e.subject_id.hex, e.position, e.relation, e.topic) for e in folded
    ]
    topics = {r["topic"].rsplit(".", 2)[1] for r in stored}
    assert {"Complaint", "NotarizationMatter", "Appeal", "SanctionCase", "Evaluation",
            "Inspection", "CaseFileReview", "ImportedNotarizationRecord"} <= topics  # fmt: skip


def test_dashboard_figures_agree_with_the_records(loaded: tuple[Services, str, int]) -> None:
    """GET /dashboard for 2024 on the demo district, checked against the ledger's own reads."""
    services = loaded[0]
    ledger = services.ledger
    with TestClient(create_app(services=services)) as client:
        headers = make_token_for(services)("auditor", "auditor.dashboard")
        response = client.get("/dashboard?start=2024-01-01&end=2024-12-31", headers=headers)
        assert response.status_code == 200, response.text
        backwards = client.get("/dashboard?start=2024-12-31&end=2024-01-01", headers=headers)
        assert backwards.status_code == 422
    figures = response.json()
    metrics = read(ledger).complaints.metrics(date(2024, 1, 1), date(2024, 12, 31))
    complaints = figures["complaints"]
    assert (complaints["received"], complaints["previous_received"]) == (60, 150)
    assert Decimal(complaints["year_on_year_change"]) == metrics.year_on_year_change
    assert Decimal(complaints["response_rate"]) == metrics.response_rate
    assert Decimal(complaints["satisfaction_rate"]) == metrics.satisfaction_rate
    concluded = [
        i for i in read(ledger).inspections.list(limit=500).items
        if i.concluded_on is not None and i.concluded_on.year == 2024
    ]  # fmt: skip
    assert figures["inspections"]["done"] == len(concluded) >= 96
    grades = (
        read(ledger)
        .evaluations.list(kind=EvaluationKind.INTEGRITY_GRADING.value, period=2023, limit=500)
        .items
    )
    expected = Counter(g.result.value for g in grades if g.result is not None)
    assert figures["grades"]["integrity_grading"] == dict(expected)
    assert figures["notarizations"]["applied"] == 150
    assert figures["notarizations"]["assisted_applied"] == 110
    backlog = read(ledger).notarizations.backlog(date(2024, 12, 31))
    assert sum(r["total"] for r in figures["notarizations"]["backlog_at_end"]) == sum(
        r.total for r in backlog
    )
    assert figures["case_file_reviews"]["files"] == 100
    assert figures["registry"]["organizations"]["law_firm"] == 96
