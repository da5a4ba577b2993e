"""Inspections 检查: plan, assign, find, conclude, follow up, publish, close; and the overdue list."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Query, status

from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.common import (
    accepted,
    history_of,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.inspections.schemas import (
    FindingPublic,
    FindingsCreate,
    InspectionCreate,
    InspectionItemPublic,
    InspectionMetricsPublic,
    InspectionPublic,
    InspectionsPublic,
    InspectionSummary,
    InspectorAssignment,
    OverdueInspectionsPublic,
    OverduePublic,
    OverdueWhat,
    RectificationCreate,
    RectificationPublic,
    RectificationVerification,
    RecusalCreate,
    RecusalPublic,
    ReferralPublic,
    ResultCreate,
    SanctionReferral,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, check_period, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import Role
from domain.inspections.inspection import Inspection
from domain.inspections.values import (
    Finding,
    InspectionKind,
    InspectionStatus,
)
from domain.ledger import ComplianceLedger
from projections.inspections.records import OverdueInspection

router = APIRouter(prefix="/inspections", tags=["inspections"], responses=PROBLEM_RESPONSES)

PLANNERS = (Role.SUPERVISOR, Role.ADMIN)  # plan, assign, recuse, publish, close
INSPECTORS = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)  # findings, result, follow-up


def _summary(inspection: Inspection) -> InspectionSummary:
    return InspectionSummary(
        id=inspection.id,
        kind=inspection.kind,
        subject_id=inspection.subject_id,
        subject_kind=inspection.subject_kind.value,
        status=inspection.status,
        result=inspection.result,
        planned_on=inspection.planned_on,
        concluded_on=inspection.concluded_on,
        publication_due=inspection.publication_due,
        published_on=inspection.published_on,
        version=inspection.version,
    )


def _public(inspection: Inspection, ledger: ComplianceLedger) -> InspectionPublic:
    checklist = ledger.checklist_version_of(inspection)
    texts = {item.item_id: item for item in checklist.items}
    items = []
    for item_id in inspection.item_ids:
        item = texts[item_id]
        found = inspection.findings.get(item_id)
        items.append(
            InspectionItemPublic(
                item_id=item_id,
                category=item.category,
                text=item.text,
                finding=FindingPublic(
                    outcome=found.outcome, note=found.note, evidence=list(found.evidence)
                )
                if found
                else None,
            )
        )
    deadline = ledger.inspection_publication_deadline(inspection)
    policy = ledger.policy_on(ledger.today())
    rectification = None
    if inspection.rectification_due is not None:
        assert inspection.rectification_ordered_on is not None
        rectification = RectificationPublic(
            ordered_on=inspection.rectification_ordered_on,
            due_on=inspection.rectification_due,
            requirements=inspection.rectification_requirements or "",
            verified_on=inspection.rectification_verified_on,
            passed=inspection.rectification_passed,
        )
    referral = None
    if inspection.referred_on is not None:
        referral = ReferralPublic(
            referred_on=inspection.referred_on, case_id=inspection.sanction_case_id
        )
    summary = _summary(inspection)
    return InspectionPublic(
        **{
            **summary.model_dump(),
            "publication_due": deadline.due if deadline else None,
        },
        follow_up=inspection.follow_up,
        supervising_unit=inspection.supervising_unit,
        source_ref=inspection.source_ref,
        checklist_id=inspection.checklist_id,
        checklist_version=inspection.checklist_version,
        items=items,
        inspector_ids=list(inspection.inspector_ids),
        inspectors_needed=inspection.inspectors_needed(policy.inspectors_per_inspection),
        recused=[
            RecusalPublic(inspector_id=i, requested_by_party=party)
            for i, party in inspection.recused.items()
        ],
        summary=inspection.summary,
        publication_provisional=deadline.provisional if deadline else False,
        published_late=inspection.published_late,
        rectification=rectification,
        referral=referral,
        closed_on=inspection.closed_on,
        annulled=inspection.annulled,
        appealable_on=inspection.appealable_on,
    )


def _overdue(item: OverdueInspection) -> OverduePublic:
    return OverduePublic(
        inspection_id=item.inspection.id,
        subject_id=item.inspection.subject_id,
        kind=item.inspection.kind,
        what=OverdueWhat(item.what),
        due_on=item.due_on,
        provisional=item.provisional,
        days_overdue=item.days_overdue,
    )


# -- commands ----------------------------------------------------------------------------------


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Plan an inspection against a checklist version",
    **allow(*PLANNERS),
)
def plan(body: InspectionCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    result = ledger.plan_inspection(
        meta_for(body, actor, ledger),
        body.kind,
        body.subject_id,
        body.checklist_id,
        checklist_version=body.checklist_version,
        supervising_unit=body.supervising_unit,
        source_ref=body.source_ref,
    )
    return accepted(result)


@router.post(
    "/{inspection_id}/inspectors",
    response_model=CommandAccepted,
    summary="Assign inspectors (at least two act together; conflicted ones step aside)",
    **allow(*PLANNERS),
)
def assign(
    inspection_id: UUID, body: InspectorAssignment, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.assign_inspectors(meta, inspection_id, body.inspector_ids))


@router.post(
    "/{inspection_id}/recusals",
    response_model=CommandAccepted,
    summary="An inspector steps aside 回避 (on their own or at a party's request)",
    **allow(*PLANNERS),
)
def recuse(
    inspection_id: UUID, body: RecusalCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(
        ledger.recuse_inspector(meta, inspection_id, body.inspector_id, body.requested_by_party)
    )


@router.post(
    "/{inspection_id}/findings",
    response_model=CommandAccepted,
    summary="Record findings per checklist item",
    **allow(*INSPECTORS),
)
def record_findings(
    inspection_id: UUID, body: FindingsCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    findings = [
        Finding(item_id=f.item_id, outcome=f.outcome, note=f.note, evidence=tuple(f.evidence))
        for f in body.findings
    ]
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.record_findings(meta, inspection_id, findings, body.inspector_ids))


@router.post(
    "/{inspection_id}/result",
    response_model=CommandAccepted,
    summary="Record the result (the publication deadline starts here)",
    **allow(*INSPECTORS),
)
def record_result(
    inspection_id: UUID, body: ResultCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.record_inspection_result(meta, inspection_id, body.result, body.summary))


@router.post(
    "/{inspection_id}/rectification",
    response_model=CommandAccepted,
    summary="Order a rectification 责令整改 with a due date",
    **allow(*INSPECTORS),
)
def order_rectification(
    inspection_id: UUID, body: RectificationCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.order_rectification(meta, inspection_id, body.due_on, body.requirements))


@router.post(
    "/{inspection_id}/rectification/verification",
    response_model=CommandAccepted,
    summary="Verify the rectification (passed or not)",
    **allow(*INSPECTORS),
)
def verify_rectification(
    inspection_id: UUID, body: RectificationVerification, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.verify_rectification(meta, inspection_id, body.passed))


@router.post(
    "/{inspection_id}/referral",
    response_model=CommandAccepted,
    summary="Refer the matter for sanction 移送立案",
    **allow(*INSPECTORS),
)
def refer(
    inspection_id: UUID, body: SanctionReferral, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.refer_inspection_for_sanction(meta, inspection_id, body.case_id))


@router.post(
    "/{inspection_id}/publication",
    response_model=CommandAccepted,
    summary="Publish the result 公示 (accepted when late, and recorded as late)",
    **allow(*PLANNERS),
)
def publish(
    inspection_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.publish_inspection(meta_for(body, actor, ledger), inspection_id))


@router.post(
    "/{inspection_id}/closing",
    response_model=CommandAccepted,
    summary="Close a published and followed-up inspection",
    **allow(*PLANNERS),
)
def close(
    inspection_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.close_inspection(meta_for(body, actor, ledger), inspection_id))


# -- reads -------------------------------------------------------------------------------------


@router.get(
    "",
    response_model=InspectionsPublic,
    summary="Inspections by subject, status, kind, supervising unit and planned period, in the "
    "order planned",
    **allow(*ALL_ROLES),
)
def list_inspections(
    services: ServicesDep,
    subject_id: UUID | None = None,
    status: InspectionStatus | None = None,
    kind: InspectionKind | None = None,
    unit: str | None = Query(default=None, description="the subject's supervising unit"),
    planned_from: date | None = Query(default=None, description="planned on or after"),
    planned_to: date | None = Query(default=None, description="planned on or before"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> InspectionsPublic:
    records = services.records.inspections
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            subject_id=subject_id,
            status=status.value if status else None,
            kind=kind.value if kind else None,
            unit=unit,
            planned_from=planned_from,
            planned_to=planned_to,
            cursor=cursor,
            limit=limit,
        ),
    )
    return InspectionsPublic(
        items=[_summary(i) for i in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/metrics",
    response_model=InspectionMetricsPublic,
    summary="Inspections concluded (by kind and result) and results published in a period",
    **allow(*ALL_ROLES),
)
def metrics(
    services: ServicesDep,
    start: date = Query(description="first day of the period"),
    end: date = Query(description="last day of the period"),
    after: AfterQuery = None,
) -> InspectionMetricsPublic:
    check_period(start, end)
    records = services.records.inspections
    figures, position = read_page(
        services, records.view.name, after, lambda: records.metrics(start, end)
    )
    return InspectionMetricsPublic(position=position, start=start, end=end, **figures)


@router.get(
    "/overdue",
    response_model=OverdueInspectionsPublic,
    summary="Overdue publications and rectifications, the oldest deadline first (an alert list)",
    **allow(*ALL_ROLES),
)
def overdue(
    services: ServicesDep,
    as_of: date | None = Query(default=None, description="Asia/Shanghai date; today if omitted"),
    what: OverdueWhat | None = Query(default=None, description="only this kind of deadline"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> OverdueInspectionsPublic:
    day = as_of or services.ledger.today()
    records = services.records.inspections
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.overdue(day, what=what.value if what else None, cursor=cursor, limit=limit),
    )
    return OverdueInspectionsPublic(
        as_of=day,
        items=[_overdue(o) for o in page.items],
        next_cursor=page.next_cursor,
        position=position,
    )


@router.get(
    "/{inspection_id}",
    response_model=InspectionPublic,
    summary="One inspection with its checklist items and findings",
    **allow(*ALL_ROLES),
)
def get_inspection(inspection_id: UUID, ledger: LedgerDep) -> InspectionPublic:
    return _public(ledger.get_inspection(inspection_id), ledger)


@router.get(
    "/{inspection_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of an inspection",
    **allow(*ALL_ROLES),
)
def inspection_history(inspection_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_inspection(inspection_id)
    return history_of(services, inspection_id)
