"""Sanction cases: open 立案 ... close; the proposer never approves; overdue deadlines."""

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
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.registry.schemas import Suspension
from api.http.sanctions.schemas import (
    HearingRecord,
    LegalReviewCreate,
    MunicipalDecisionCreate,
    OverdueSanctionPublic,
    OverdueSanctionsPublic,
    PreDecisionNoticeCreate,
    ProposalPublic,
    PublicationCreate,
    SanctionApproval,
    SanctionCaseCreate,
    SanctionCasePublic,
    SanctionCasesPublic,
    SanctionInvestigation,
    SanctionProposalCreate,
    SanctionTermsPublic,
)
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import Role
from domain.sanctions.case import SanctionCase
from domain.sanctions.rules import CaseOrigin, SanctionStage, SanctionTerms

router = APIRouter(prefix="/sanctions", tags=["sanctions"], responses=PROBLEM_RESPONSES)

# Inspectors build the case; supervisors (and admins) review, approve, close it.
CASE_WORKERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)
APPROVERS = (Role.SUPERVISOR, Role.ADMIN)


def _terms(terms: SanctionTerms) -> SanctionTermsPublic:
    return SanctionTermsPublic(kind=terms.kind, amount=terms.amount, months=terms.months)


def _public(case: SanctionCase) -> SanctionCasePublic:
    proposal = case.proposal
    return SanctionCasePublic(
        id=case.id,
        case_number=case.case_number,
        subject_id=case.subject_id,
        subject_kind=case.subject_kind,
        origin=case.origin,
        origin_reference=case.origin_reference,
        stage=case.stage,
        opened_on=case.opened_on,
        decision_due=case.decision_due,
        intended_kind=case.intended_kind,
        noticed_on=case.noticed_on,
        hearing_right=case.intended_kind is not None and case.intended_kind.carries_hearing_right,
        hearing_requested=case.hearing_requested,
        hearing_waived=case.hearing_waived,
        proposal=ProposalPublic(
            terms=_terms(proposal.terms),
            proposer=proposal.proposer,
            proposed_on=proposal.proposed_on,
            offence_on=proposal.offence_on,
            offence_level=proposal.offence_level,
            escalated_from=proposal.escalated_from,
            escalation_reason=proposal.escalation_reason,
        )
        if proposal
        else None,
        decided_by=case.decided_by,
        terms=_terms(case.terms) if case.terms else None,
        decided_on=case.decided_on,
        decided_late=case.decided_late,
        municipal_reference=case.municipal_reference,
        suspension=Suspension(**case.suspension.model_dump()) if case.suspension else None,
        publication_due=case.publication_due,
        served_on=case.served_on,
        appealable_on=case.appealable_on,
        published_on=case.published_on,
        publication_ends_on=case.publication_ends_on,
        publication_withdrawn_on=case.publication_withdrawn_on,
        executed_on=case.executed_on,
        closed_on=case.closed_on,
        outcome=case.outcome,
        varied=case.varied,
        annulled=case.annulled,
        version=case.version,
    )


# -- reads --------------------------------------------------------------------------------------


@router.get(
    "",
    response_model=SanctionCasesPublic,
    summary="Sanction cases by subject, stage and origin, in the order opened",
    **allow(*ALL_ROLES),
)
def list_cases(
    services: ServicesDep,
    subject_id: UUID | None = None,
    stage: SanctionStage | None = None,
    origin: CaseOrigin | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> SanctionCasesPublic:
    records = services.records.sanctions
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            subject_id=subject_id,
            stage=stage.value if stage else None,
            origin=origin.value if origin else None,
            cursor=cursor,
            limit=limit,
        ),
    )
    return SanctionCasesPublic(
        items=[_public(c) for c in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/overdue",
    response_model=OverdueSanctionsPublic,
    summary="Cases past the decision (90 days) or publication (7 working days) deadline, the "
    "oldest deadline first",
    **allow(*ALL_ROLES),
)
def overdue(
    services: ServicesDep,
    as_of: date | None = Query(default=None, description="today if omitted"),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> OverdueSanctionsPublic:
    day = as_of or services.ledger.today()
    records = services.records.sanctions
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.overdue(day, cursor=cursor, limit=limit),
    )
    items = [
        OverdueSanctionPublic(
            id=o.case.id,
            case_number=o.case.case_number,
            subject_id=o.case.subject_id,
            what=o.what,
            due=o.due,
            provisional=o.provisional,
            days_overdue=o.days_overdue,
        )
        for o in page.items
    ]
    return OverdueSanctionsPublic(
        as_of=day, items=items, next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/{case_id}",
    response_model=SanctionCasePublic,
    summary="One sanction case",
    **allow(*ALL_ROLES),
)
def get_case(case_id: UUID, ledger: LedgerDep) -> SanctionCasePublic:
    return _public(ledger.get_sanction_case(case_id))


@router.get(
    "/{case_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a sanction case",
    **allow(*ALL_ROLES),
)
def case_history(case_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_sanction_case(case_id)
    return history_of(services, case_id)


# -- commands -----------------------------------------------------------------------------------


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Open a sanction case (立案); the decision is due within 90 days",
    **allow(*CASE_WORKERS),
)
def open_case(body: SanctionCaseCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    result = ledger.open_sanction_case(
        meta_for(body, actor, ledger),
        body.case_number,
        body.subject_id,
        body.origin,
        body.allegation,
        body.origin_reference,
    )
    return accepted(result)


@router.post(
    "/{case_id}/investigation",
    response_model=CommandAccepted,
    summary="Record the investigation's findings",
    **allow(*CASE_WORKERS),
)
def investigate(
    case_id: UUID, body: SanctionInvestigation, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.investigate_sanction_case(meta, case_id, body.findings))


@router.post(
    "/{case_id}/pre-decision-notice",
    response_model=CommandAccepted,
    summary="Record the pre-decision notice served on the party (告知); a new one replaces it",
    **allow(*CASE_WORKERS),
)
def serve_notice(
    case_id: UUID, body: PreDecisionNoticeCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.serve_pre_decision_notice(meta, case_id, body.intended_kind))


@router.post(
    "/{case_id}/hearing-request",
    response_model=CommandAccepted,
    summary="Record the party's request for a hearing (听证申请)",
    **allow(*CASE_WORKERS),
)
def request_hearing(
    case_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.request_sanction_hearing(meta_for(body, actor, ledger), case_id))


@router.post(
    "/{case_id}/hearing-waiver",
    response_model=CommandAccepted,
    summary="Record that the party waives the hearing it may ask for (放弃听证)",
    **allow(*CASE_WORKERS),
)
def waive_hearing(
    case_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.waive_sanction_hearing(meta_for(body, actor, ledger), case_id))


@router.post(
    "/{case_id}/hearing",
    response_model=CommandAccepted,
    summary="Record the hearing held (听证)",
    **allow(*CASE_WORKERS),
)
def hold_hearing(
    case_id: UUID, body: HearingRecord, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.hold_sanction_hearing(meta, case_id, body.summary))


@router.post(
    "/{case_id}/legal-review",
    response_model=CommandAccepted,
    summary="Record the legal review passed (法制审核)",
    **allow(*APPROVERS),
)
def legal_review(
    case_id: UUID, body: LegalReviewCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.pass_sanction_legal_review(meta, case_id, body.opinion))


@router.post(
    "/{case_id}/proposal",
    response_model=CommandAccepted,
    summary="Propose the decision; repeat offences escalate (律师法 art. 51)",
    **allow(*CASE_WORKERS),
)
def propose(
    case_id: UUID, body: SanctionProposalCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    terms = SanctionTerms(kind=body.kind, amount=body.amount, months=body.months)
    result = ledger.propose_sanction_decision(
        meta_for(body, actor, ledger),
        case_id,
        terms,
        body.offence_on,
        body.facts,
        body.legal_basis,
        offence_level=body.offence_level,
    )
    return accepted(result)


@router.post(
    "/{case_id}/approval",
    response_model=CommandAccepted,
    summary="Approve the proposal (not by its proposer): a district decision, or a "
    "recommendation to the municipal bureau",
    **allow(*APPROVERS),
)
def approve(
    case_id: UUID, body: SanctionApproval, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.approve_sanction_decision(meta, case_id, body.starts_on))


@router.post(
    "/{case_id}/municipal-decision",
    response_model=CommandAccepted,
    summary="Record the municipal bureau's decision on the district's recommendation",
    **allow(*APPROVERS),
)
def municipal_decision(
    case_id: UUID, body: MunicipalDecisionCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    terms = SanctionTerms(kind=body.kind, amount=body.amount, months=body.months)
    result = ledger.record_municipal_decision(
        meta_for(body, actor, ledger), case_id, terms, body.municipal_reference, body.starts_on
    )
    return accepted(result)


@router.post(
    "/{case_id}/service",
    response_model=CommandAccepted,
    summary="Record the decision served on the party (送达); appeal windows open",
    **allow(*CASE_WORKERS),
)
def serve(case_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    return accepted(ledger.serve_sanction_decision(meta_for(body, actor, ledger), case_id))


@router.post(
    "/{case_id}/publication",
    response_model=CommandAccepted,
    summary="Publish the decision (due within 7 working days of it)",
    **allow(*CASE_WORKERS),
)
def publish(
    case_id: UUID, body: PublicationCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.publish_sanction(meta, case_id, body.ends_on))


@router.post(
    "/{case_id}/execution",
    response_model=CommandAccepted,
    summary="Record the sanction executed",
    **allow(*CASE_WORKERS),
)
def execute(
    case_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.execute_sanction(meta_for(body, actor, ledger), case_id))


@router.post(
    "/{case_id}/closure",
    response_model=CommandAccepted,
    summary="Close the case: after execution, after annulment, or dismissed without a decision",
    **allow(*APPROVERS),
)
def close(case_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    return accepted(ledger.close_sanction_case(meta_for(body, actor, ledger), case_id))
