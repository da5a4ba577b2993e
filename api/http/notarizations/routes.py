"""Notarization matters 公证事项: apply ... issue; exits; review; assistance; backlog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from fastapi import APIRouter, Query, status

from api.http.auth import (
    ALL_ROLES,
    REGISTRY_WRITERS,
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
from api.http.notarizations.schemas import (
    AssistanceArrangementCreate,
    NotarialCertificateIssue,
    NotarizationApproval,
    NotarizationBacklogPublic,
    NotarizationCreate,
    NotarizationMetricsPublic,
    NotarizationMissedIssuancePublic,
    NotarizationMissedIssuancesPublic,
    NotarizationOfficeBacklogPublic,
    NotarizationPublic,
    NotarizationReviewDecision,
    NotarizationReviewRequest,
    NotarizationsPublic,
    NotaryRelationDeclaration,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, check_period, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import (
    EventMeta,
    Role,
)
from domain.ledger import CommandResult, ComplianceLedger
from domain.notarizations.matter import NotarizationMatter
from domain.notarizations.values import NotarizationStage, NotarizationType, NotaryRelation
from projections.notarizations.records import MissedIssuance

IMPORTERS = (Role.SUPERVISOR, Role.ADMIN)

router = APIRouter(prefix="/notarizations", tags=["notarizations"], responses=PROBLEM_RESPONSES)


def _public(m: NotarizationMatter) -> NotarizationPublic:
    return NotarizationPublic(
        id=m.id,
        office_id=m.office_id,
        assisting_office_id=m.assisting_office_id,
        arrangement_id=m.arrangement_id,
        matter_type=m.matter_type,
        parties=list(m.parties),
        handler_id=m.handler_id,
        stage=m.stage,
        applied_on=m.applied_on,
        accepted_on=m.accepted_on,
        paused_since=m.paused_since,
        paused_working_days=m.paused_working_days,
        issuance_due=m.issuance_due,
        issuance_due_provisional=m.issuance_due_provisional,
        policy_version=m.policy_version,
        approver_id=m.approver_id,
        certificate_number=m.certificate_number,
        issued_on=m.issued_on,
        issued_late=m.issued_late,
        review_request_due=m.review_request_due,
        reviewer_id=m.reviewer_id,
        review_decision_due=m.review_decision_due,
        review_outcome=m.review_outcome,
        version=m.version,
    )


# -- reads --------------------------------------------------------------------------------------


@router.get(
    "",
    response_model=NotarizationsPublic,
    summary="Notarization matters by office (assisted matters count for both), stage and type, "
    "in the order applied for",
    **allow(*ALL_ROLES),
)
def list_matters(
    services: ServicesDep,
    office_id: UUID | None = None,
    stage: NotarizationStage | None = None,
    matter_type: NotarizationType | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> NotarizationsPublic:
    records = services.records.notarizations
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            office_id=office_id,
            stage=stage.value if stage else None,
            matter_type=matter_type.value if matter_type else None,
            cursor=cursor,
            limit=limit,
        ),
    )
    return NotarizationsPublic(
        items=[_public(m) for m in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/metrics",
    response_model=NotarizationMetricsPublic,
    summary="Matters applied for (assisted ones too), accepted and issued in a period",
    **allow(*ALL_ROLES),
)
def metrics(
    services: ServicesDep,
    start: date = Query(description="first day of the period"),
    end: date = Query(description="last day of the period"),
    after: AfterQuery = None,
) -> NotarizationMetricsPublic:
    check_period(start, end)
    records = services.records.notarizations
    figures, position = read_page(
        services, records.view.name, after, lambda: records.metrics(start, end)
    )
    return NotarizationMetricsPublic(position=position, start=start, end=end, **figures)


@router.get(
    "/backlog",
    response_model=NotarizationBacklogPublic,
    summary="Open matters per office by working days since acceptance (0-15, 16-30, 31-60, >60)",
    **allow(*ALL_ROLES),
)
def backlog(
    services: ServicesDep,
    as_of: date | None = Query(default=None, description="today if omitted"),
    after: AfterQuery = None,
) -> NotarizationBacklogPublic:
    ledger = services.ledger
    day = as_of or ledger.today()
    records = services.records.notarizations
    found, position = read_page(services, records.view.name, after, lambda: records.backlog(day))
    items = []
    for r in found:
        office = ledger.get_organization(r.office_id)
        items.append(
            NotarizationOfficeBacklogPublic(
                office_id=r.office_id,
                office_number=office.number,
                office_name=office.details.name,
                bands=r.bands,
                assisted=r.assisted,
                total=r.total,
            )
        )
    return NotarizationBacklogPublic(as_of=day, items=items, position=position)


@router.get(
    "/missed-issuances",
    response_model=NotarizationMissedIssuancesPublic,
    summary="漏发: approved matters without a certificate past the issuance due date",
    **allow(*ALL_ROLES),
)
def missed_issuances(
    services: ServicesDep,
    as_of: date | None = Query(default=None, description="today if omitted"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> NotarizationMissedIssuancesPublic:
    day = as_of or services.ledger.today()
    records = services.records.notarizations
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.missed_issuances(day, cursor=cursor, limit=limit),
    )
    items = []
    for m in page.items:
        if isinstance(m, MissedIssuance):
            items.append(
                NotarizationMissedIssuancePublic(
                    id=m.matter.id,
                    office_id=m.matter.office_id,
                    due=m.due,
                    working_days_overdue=m.working_days_overdue,
                )
            )
        else:
            items.append(
                NotarizationMissedIssuancePublic(
                    id=m.record.id,
                    office_id=m.record.office_id,
                    due=m.due,
                    working_days_overdue=m.working_days_overdue,
                    source=m.record.source,
                    external_number=m.record.external_number,
                )
            )
    return NotarizationMissedIssuancesPublic(
        as_of=day, items=items, next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/{matter_id}",
    response_model=NotarizationPublic,
    summary="One notarization matter",
    **allow(*ALL_ROLES),
)
def get_matter(matter_id: UUID, ledger: LedgerDep) -> NotarizationPublic:
    return _public(ledger.get_notarization(matter_id))


@router.get(
    "/{matter_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a notarization matter",
    **allow(*ALL_ROLES),
)
def matter_history(matter_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_notarization(matter_id)
    return history_of(services, matter_id)


# -- commands -----------------------------------------------------------------------------------


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Record an application for notarization (申请)",
    **allow(*REGISTRY_WRITERS),
)
def apply(body: NotarizationCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    relations = tuple(NotaryRelation(notary_id=r.notary_id, party=r.party) for r in body.relations)
    result = ledger.apply_notarization(
        meta_for(body, actor, ledger),
        body.office_id,
        body.matter_type,
        tuple(body.parties),
        body.handler_id,
        body.arrangement_id,
        relations,
    )
    return accepted(result)


@router.post(
    "/assistance-arrangements",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Record that one notary office assists another (协助办理)",
    **allow(*REGISTRY_WRITERS),
)
def arrange_assistance(
    body: AssistanceArrangementCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    result = ledger.arrange_assistance(
        meta_for(body, actor, ledger),
        body.helping_office_id,
        body.helped_office_id,
        body.starts_on,
        body.until,
        tuple(body.matter_types),
    )
    return accepted(result)


Step = Callable[[ComplianceLedger, EventMeta, UUID], CommandResult]


def _simple(path: str, summary: str, name: str, step: Step) -> None:
    @router.post(
        f"/{{matter_id}}/{path}",
        response_model=CommandAccepted,
        summary=summary,
        name=f"notarization_{name}",
        **allow(*REGISTRY_WRITERS),
    )
    def handler(
        matter_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
    ) -> CommandAccepted:
        return accepted(step(ledger, meta_for(body, actor, ledger), matter_id))


_simple(
    "acceptance",
    "Accept the matter (受理); issuance due in 15 working days",
    "accept",
    ComplianceLedger.accept_notarization,
)
_simple(
    "materials-request",
    "Request materials (补正); the clock pauses",
    "request_materials",
    ComplianceLedger.request_notarization_materials,
)
_simple(
    "materials-receipt",
    "Materials received; the clock resumes",
    "receive_materials",
    ComplianceLedger.receive_notarization_materials,
)
_simple(
    "examination", "Record the examination (审查)", "examine", ComplianceLedger.examine_notarization
)
_simple("refusal", "Refuse the matter (不予办理)", "refuse", ComplianceLedger.refuse_notarization)
_simple(
    "termination",
    "Terminate the matter (终止), only before issuance",
    "terminate",
    ComplianceLedger.terminate_notarization,
)
_simple("withdrawal", "The applicant withdraws, only before issuance", "withdraw",
        ComplianceLedger.withdraw_notarization)  # fmt: skip


@router.post(
    "/{matter_id}/approval",
    response_model=CommandAccepted,
    summary="Approve (审批); the approver is not the handling notary",
    **allow(*REGISTRY_WRITERS),
)
def approve(
    matter_id: UUID, body: NotarizationApproval, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.approve_notarization(meta, matter_id, body.approver_id))


@router.post(
    "/{matter_id}/certificate",
    response_model=CommandAccepted,
    summary="Issue the notarial certificate (出证); only with an approval on the record",
    **allow(*REGISTRY_WRITERS),
)
def issue_certificate(
    matter_id: UUID, body: NotarialCertificateIssue, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.issue_notarial_certificate(meta, matter_id, body.certificate_number))


@router.post(
    "/{matter_id}/relations",
    response_model=CommandAccepted,
    summary="Declare a notary's relation to a party (回避)",
    **allow(*REGISTRY_WRITERS),
)
def declare_relation(
    matter_id: UUID, body: NotaryRelationDeclaration, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.declare_notary_relation(meta, matter_id, body.notary_id, body.party))


@router.post(
    "/{matter_id}/review-request",
    response_model=CommandAccepted,
    summary="Request a review (复查) by another notary, within 1 year of receipt",
    **allow(*REGISTRY_WRITERS),
)
def request_review(
    matter_id: UUID, body: NotarizationReviewRequest, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.request_notarization_review(meta, matter_id, body.reviewer_id))


@router.post(
    "/{matter_id}/review-decision",
    response_model=CommandAccepted,
    summary="Decide the review: maintain, correct or revoke",
    **allow(*REGISTRY_WRITERS),
)
def decide_review(
    matter_id: UUID, body: NotarizationReviewDecision, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.decide_notarization_review(meta, matter_id, body.outcome))
