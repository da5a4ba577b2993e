"""Complaints 接诉即办: receive, decide acceptance, investigate, conclude, reply, rate; 诉转案;
metrics. The complainant's personal data is shown to supervisors and admins only."""

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
from api.http.complaints.schemas import (
    ComplainantPublic,
    ComplaintConclusionCreate,
    ComplaintConversion,
    ComplaintCreate,
    ComplaintMetricsPublic,
    ComplaintPublic,
    ComplaintRating,
    ComplaintRefusal,
    ComplaintReply,
    ComplaintsPublic,
    ComplaintTransfer,
    OverdueComplaintPublic,
    OverdueComplaintsPublic,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
    ServicesDep,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, check_period, read_page
from api.http.personal_data import (
    sees_personal_data,
    shown_to,
)
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.complaints.complaint import (
    Complainant,
    Complaint,
    ComplaintChannel,
    ComplaintStage,
)
from domain.core.values import (
    Actor,
    Role,
)

router = APIRouter(prefix="/complaints", tags=["complaints"], responses=PROBLEM_RESPONSES)

RECORDERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
CONVERTERS = (Role.SUPERVISOR, Role.ADMIN)  # 诉转案 opens a sanction case


def _complainant(complaint: Complaint, actor: Actor) -> ComplainantPublic:
    if sees_personal_data(actor):
        return ComplainantPublic(**complaint.complainant.model_dump())
    return ComplainantPublic(name=None, phone=None, id_number=None)


def _public(complaint: Complaint, actor: Actor) -> ComplaintPublic:
    c = complaint
    return ComplaintPublic(
        id=c.id,
        channel=c.channel,
        urgency=c.urgency,
        complainant=_complainant(c, actor),
        summary=c.summary,
        subject_id=c.subject_id,
        stage=c.stage,
        received_on=c.received_on,
        acceptance_due=c.acceptance_due,
        acceptance_due_provisional=c.acceptance_due_provisional,
        feedback_due=c.feedback_due,
        feedback_due_provisional=c.feedback_due_provisional,
        policy_version=c.policy_version,
        decided_on=c.decided_on,
        decided_late=c.decided_late,
        decision_grounds=c.decision_grounds,
        transferred_to=c.transferred_to,
        conclusion=c.conclusion,
        concluded_on=c.concluded_on,
        replied_on=c.replied_on,
        replied_late=c.replied_late,
        rating=c.rating,
        rated_on=c.rated_on,
        case_id=c.case_id,
        converted_on=c.converted_on,
        version=c.version,
    )


# -- reads --------------------------------------------------------------------------------------


@router.get(
    "",
    response_model=ComplaintsPublic,
    summary="Complaints by subject, stage, channel and period of receipt, in the order received "
    "(complainant shown to supervisors)",
    **allow(*ALL_ROLES),
)
def list_complaints(
    services: ServicesDep,
    actor: ActorDep,
    subject_id: UUID | None = None,
    stage: ComplaintStage | None = None,
    channel: ComplaintChannel | None = None,
    received_from: date | None = Query(default=None, description="received on or after"),
    received_to: date | None = Query(default=None, description="received on or before"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> ComplaintsPublic:
    records = services.records.complaints
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            subject_id=subject_id,
            stage=stage.value if stage else None,
            channel=channel.value if channel else None,
            received_from=received_from,
            received_to=received_to,
            cursor=cursor,
            limit=limit,
        ),
    )
    return ComplaintsPublic(
        items=[_public(c, actor) for c in page.items],
        next_cursor=page.next_cursor,
        position=position,
    )


@router.get(
    "/metrics",
    response_model=ComplaintMetricsPublic,
    summary="响应率/解决率/满意率 and year-on-year change of complaints received in a period",
    **allow(*ALL_ROLES),
)
def metrics(
    services: ServicesDep,
    start: date = Query(description="first day of the period"),
    end: date = Query(description="last day of the period"),
    after: AfterQuery = None,
) -> ComplaintMetricsPublic:
    check_period(start, end)
    records = services.records.complaints
    m, position = read_page(services, records.view.name, after, lambda: records.metrics(start, end))
    return ComplaintMetricsPublic(
        position=position,
        start=m.start,
        end=m.end,
        received=m.received,
        responded=m.responded,
        resolved=m.resolved,
        rated=m.rated,
        satisfied=m.satisfied,
        previous_received=m.previous_received,
        response_rate=m.response_rate,
        resolution_rate=m.resolution_rate,
        satisfaction_rate=m.satisfaction_rate,
        year_on_year_change=m.year_on_year_change,
    )


@router.get(
    "/overdue",
    response_model=OverdueComplaintsPublic,
    summary="Complaints whose acceptance decision or reply is past its working-day deadline, "
    "the oldest deadline first",
    **allow(*ALL_ROLES),
)
def overdue(
    services: ServicesDep,
    actor: ActorDep,
    as_of: date | None = Query(default=None, description="today if omitted"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> OverdueComplaintsPublic:
    day = as_of or services.ledger.today()
    records = services.records.complaints
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.overdue(day, cursor=cursor, limit=limit),
    )
    items = [
        OverdueComplaintPublic(
            complaint=_public(o.complaint, actor),
            deadline=o.deadline,
            due=o.due,
            working_days_overdue=o.working_days_overdue,
        )
        for o in page.items
    ]
    return OverdueComplaintsPublic(
        as_of=day, items=items, next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/{complaint_id}",
    response_model=ComplaintPublic,
    summary="One complaint (complainant shown to supervisors and admins)",
    **allow(*ALL_ROLES),
)
def get_complaint(complaint_id: UUID, ledger: LedgerDep, actor: ActorDep) -> ComplaintPublic:
    return _public(ledger.get_complaint(complaint_id), actor)


@router.get(
    "/{complaint_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a complaint (complainant redacted below supervisor)",
    **allow(*ALL_ROLES),
)
def complaint_history(complaint_id: UUID, services: ServicesDep, actor: ActorDep) -> HistoryPublic:
    services.ledger.get_complaint(complaint_id)
    history = history_of(services, complaint_id)
    events = [e.model_copy(update={"payload": shown_to(actor, e.payload)}) for e in history.events]
    return HistoryPublic(id=history.id, events=events)


# -- commands -----------------------------------------------------------------------------------


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Receive a complaint; acceptance is due within 10 working days",
    **allow(*RECORDERS),
)
def receive(body: ComplaintCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    result = ledger.receive_complaint(
        meta_for(body, actor, ledger),
        body.channel,
        Complainant(**body.complainant.model_dump()),
        body.summary,
        body.subject_id,
        body.urgency,
    )
    return accepted(result)


@router.post(
    "/{complaint_id}/acceptance",
    response_model=CommandAccepted,
    summary="Accept the complaint 受理",
    **allow(*RECORDERS),
)
def accept(
    complaint_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.accept_complaint(meta_for(body, actor, ledger), complaint_id))


@router.post(
    "/{complaint_id}/refusal",
    response_model=CommandAccepted,
    summary="Do not accept the complaint 不予受理",
    **allow(*RECORDERS),
)
def refuse(
    complaint_id: UUID, body: ComplaintRefusal, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.refuse_complaint(meta, complaint_id, body.grounds))


@router.post(
    "/{complaint_id}/transfer",
    response_model=CommandAccepted,
    summary="Transfer the complaint to the competent authority 转办",
    **allow(*RECORDERS),
)
def transfer(
    complaint_id: UUID, body: ComplaintTransfer, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.transfer_complaint(meta, complaint_id, body.to))


@router.post(
    "/{complaint_id}/investigation",
    response_model=CommandAccepted,
    summary="Start investigating an accepted complaint",
    **allow(*RECORDERS),
)
def investigate(
    complaint_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.investigate_complaint(meta_for(body, actor, ledger), complaint_id))


@router.post(
    "/{complaint_id}/conclusion",
    response_model=CommandAccepted,
    summary="Conclude: substantiated, partly or unsubstantiated",
    **allow(*RECORDERS),
)
def conclude(
    complaint_id: UUID, body: ComplaintConclusionCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.conclude_complaint(meta, complaint_id, body.conclusion, body.findings))


@router.post(
    "/{complaint_id}/reply",
    response_model=CommandAccepted,
    summary="Reply to the complainant",
    **allow(*RECORDERS),
)
def reply(
    complaint_id: UUID, body: ComplaintReply, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.reply_to_complaint(meta, complaint_id, body.text))


@router.post(
    "/{complaint_id}/rating",
    response_model=CommandAccepted,
    summary="Record the complainant's satisfaction rating",
    **allow(*RECORDERS),
)
def rate(
    complaint_id: UUID, body: ComplaintRating, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.rate_complaint(meta, complaint_id, body.rating))


@router.post(
    "/{complaint_id}/conversion",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="诉转案: open a sanction case from the complaint (the new case's id is returned)",
    **allow(*CONVERTERS),
)
def convert(
    complaint_id: UUID, body: ComplaintConversion, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    result = ledger.convert_complaint_to_case(meta, complaint_id, body.case_number, body.allegation)
    return accepted(result)
