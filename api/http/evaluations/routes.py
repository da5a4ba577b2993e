"""Evaluations and ratings (评价): integrity grades, law firms' annual inspection results,
lawyers' annual assessments. Clerks, supervisors and admins record the steps; the municipal final
grade is recorded by a supervisor or admin; every role reads."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query, status

from api.consistency import wait_for
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
from api.http.evaluations.schemas import (
    AssessmentCreate,
    EvaluationCreate,
    EvaluationHistoryEntry,
    EvaluationPublic,
    EvaluationsPublic,
    FinalGradeCreate,
    FirmResultCreate,
    RectificationNoticeCreate,
    ResultRecordPublic,
    ScoredItemPublic,
    ScoreSheetCreate,
    SubjectEvaluationHistory,
    ThresholdsPublic,
)
from api.http.paging import AfterQuery, CursorQuery, LimitQuery, read_page
from api.http.problems import PROBLEM_RESPONSES
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
    HistoryPublic,
)
from domain.core.values import Role
from domain.evaluations.evaluation import Evaluation
from domain.evaluations.values import (
    EvaluationKind,
    ScoredItem,
)
from projections.records.view import every

router = APIRouter(prefix="/evaluations", tags=["evaluations"], responses=PROBLEM_RESPONSES)

RECORDERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
MUNICIPAL = (Role.SUPERVISOR, Role.ADMIN)  # the municipal final grade 终评; corrections


def _value(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _items(items: tuple[ScoredItem, ...]) -> list[ScoredItemPublic]:
    return [ScoredItemPublic(**item.model_dump()) for item in items]


def _public(e: Evaluation) -> EvaluationPublic:
    return EvaluationPublic(
        id=e.id,
        kind=e.kind,
        subject_id=e.subject_id,
        subject_number=e.subject_number,
        period=e.period,
        evaluators=list(e.evaluators),
        stage=e.stage,
        opened_on=e.opened_on,
        self_assessment=_items(e.self_assessment),
        self_assessment_total=e.self_assessment_total,
        initial_scores=_items(e.initial_scores),
        initial_total=e.initial_total,
        final_total=e.final_total,
        thresholds=ThresholdsPublic(**e.thresholds.model_dump()) if e.thresholds else None,
        policy_version=e.policy_version,
        proposed_result=_value(e.proposed_result),
        rectification_due_on=e.rectification_due_on,
        resubmitted_on=e.resubmitted_on,
        result=_value(e.result),
        decided_on=e.decided_on,
        publicised_on=e.publicised_on,
        published=e.published,
        objection_deadline=e.objection_deadline,
        objection_deadline_provisional=e.objection_deadline_provisional,
        appealable_on=e.appealable_on,
        effective_on=e.effective_on,
        effective_result=_value(e.effective_result),
        results=[
            ResultRecordPublic(
                result=_value(r.result), decided_on=r.decided_on, by=r.by, appeal_id=r.appeal_id
            )
            for r in e.results
        ],
        version=e.version,
    )


def _scored(body: ScoreSheetCreate) -> tuple[ScoredItem, ...]:
    return tuple(ScoredItem(**item.model_dump()) for item in body.items)


# -- reads -------------------------------------------------------------------------------------


@router.get(
    "",
    response_model=EvaluationsPublic,
    summary="Evaluations by subject, kind and period, in the order opened",
    **allow(*ALL_ROLES),
)
def list_evaluations(
    services: ServicesDep,
    subject_id: UUID | None = None,
    kind: EvaluationKind | None = None,
    period: int | None = Query(default=None, ge=2000, le=2100),
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> EvaluationsPublic:
    records = services.records.evaluations
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(
            subject_id=subject_id,
            kind=kind.value if kind else None,
            period=period,
            cursor=cursor,
            limit=limit,
        ),
    )
    return EvaluationsPublic(
        items=[_public(e) for e in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/subjects/{subject_id}/history",
    response_model=SubjectEvaluationHistory,
    summary="Every evaluation event of one organization or practitioner, in log order",
    **allow(*ALL_ROLES),
)
def subject_history(
    subject_id: UUID, services: ServicesDep, after: AfterQuery = None
) -> SubjectEvaluationHistory:
    services.ledger.get_subject(subject_id)
    records = services.records.evaluations
    wait_for(services, records.view.name, after)
    entries: list[EvaluationHistoryEntry] = []
    # One subject has a few evaluations (one per kind and period): all of them, page by page.
    mine = every(lambda cursor: records.list(subject_id=subject_id, cursor=cursor, limit=500))
    for evaluation in mine:
        for entry in history_of(services, evaluation.id).events:
            entries.append(
                EvaluationHistoryEntry(
                    **entry.model_dump(),
                    evaluation_id=evaluation.id,
                    kind=evaluation.kind,
                    period=evaluation.period,
                )
            )
    entries.sort(key=lambda e: (e.position is None, e.position or 0, e.recorded_at))
    return SubjectEvaluationHistory(subject_id=subject_id, events=entries)


@router.get(
    "/{evaluation_id}",
    response_model=EvaluationPublic,
    summary="One evaluation",
    **allow(*ALL_ROLES),
)
def get_evaluation(evaluation_id: UUID, ledger: LedgerDep) -> EvaluationPublic:
    return _public(ledger.get_evaluation(evaluation_id))


@router.get(
    "/{evaluation_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of an evaluation",
    **allow(*ALL_ROLES),
)
def evaluation_history(evaluation_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_evaluation(evaluation_id)
    return history_of(services, evaluation_id)


# -- commands ----------------------------------------------------------------------------------


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Open an evaluation of a subject for a year (one per subject, kind and period)",
    **allow(*RECORDERS),
)
def open_evaluation(body: EvaluationCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    result = ledger.open_evaluation(
        meta, body.kind, body.subject_id, body.period, tuple(body.evaluators)
    )
    return accepted(result)


@router.post(
    "/{evaluation_id}/self-assessment",
    response_model=CommandAccepted,
    summary="Record an appraisal institution's self-assessment (自评)",
    **allow(*RECORDERS),
)
def self_assessment(
    evaluation_id: UUID, body: ScoreSheetCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.submit_self_assessment(meta, evaluation_id, _scored(body)))


@router.post(
    "/{evaluation_id}/initial-scores",
    response_model=CommandAccepted,
    summary="Record the district's initial score per item (初评)",
    **allow(*RECORDERS),
)
def initial_scores(
    evaluation_id: UUID, body: ScoreSheetCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.record_initial_scores(meta, evaluation_id, _scored(body)))


@router.post(
    "/{evaluation_id}/final-grade",
    response_model=CommandAccepted,
    summary="Record the municipal final grade (终评) under the policy's thresholds, or 不予评定",
    **allow(*MUNICIPAL),
)
def final_grade(
    evaluation_id: UUID, body: FinalGradeCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(
        ledger.record_final_grade(meta, evaluation_id, total=body.total, not_graded=body.not_graded)
    )


@router.post(
    "/{evaluation_id}/publicity",
    response_model=CommandAccepted,
    summary="Publicise the result (公示); for a grade this opens the objection window",
    **allow(*RECORDERS),
)
def publicise(
    evaluation_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.publicise_evaluation(meta_for(body, actor, ledger), evaluation_id))


@router.post(
    "/{evaluation_id}/effective",
    response_model=CommandAccepted,
    summary="Make the result effective (a grade only after its objection window)",
    **allow(*RECORDERS),
)
def make_effective(
    evaluation_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.make_evaluation_effective(meta, evaluation_id))


@router.post(
    "/{evaluation_id}/result",
    response_model=CommandAccepted,
    summary="Propose a law firm's annual inspection result (合格/不合格)",
    **allow(*RECORDERS),
)
def propose_result(
    evaluation_id: UUID, body: FirmResultCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.propose_firm_result(meta, evaluation_id, body.result))


@router.post(
    "/{evaluation_id}/rectification-notice",
    response_model=CommandAccepted,
    summary="Tell a firm proposed as 不合格 what to rectify, and by when (整改告知)",
    **allow(*RECORDERS),
)
def rectification_notice(
    evaluation_id: UUID, body: RectificationNoticeCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.issue_rectification_notice(meta, evaluation_id, body.due_on))


@router.post(
    "/{evaluation_id}/resubmission",
    response_model=CommandAccepted,
    summary="Record the firm's resubmission after rectification",
    **allow(*RECORDERS),
)
def resubmission(
    evaluation_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.record_resubmission(meta_for(body, actor, ledger), evaluation_id))


@router.post(
    "/{evaluation_id}/proposal-correction",
    response_model=CommandAccepted,
    summary="Correct the proposed annual inspection result, with the reason (supervisor)",
    description="A supervisor's recorded correction: the evaluation goes on from the corrected "
    "proposal (a proposed 不合格 corrected to 合格 may then be recorded as a final 合格 without "
    "the rectification cycle). The reason is required and stays in the record.",
    **allow(*MUNICIPAL),
)
def proposal_correction(
    evaluation_id: UUID, body: FirmResultCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.correct_proposed_firm_result(meta, evaluation_id, body.result))


@router.post(
    "/{evaluation_id}/final-result",
    response_model=CommandAccepted,
    summary="Record a law firm's final annual inspection result",
    **allow(*RECORDERS),
)
def final_result(
    evaluation_id: UUID, body: FirmResultCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.record_final_firm_result(meta, evaluation_id, body.result))


@router.post(
    "/{evaluation_id}/assessment",
    response_model=CommandAccepted,
    summary="Record a lawyer's annual assessment (称职/基本称职/不称职)",
    **allow(*RECORDERS),
)
def assessment(
    evaluation_id: UUID, body: AssessmentCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.record_lawyer_assessment(meta, evaluation_id, body.result))
