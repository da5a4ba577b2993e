"""Case-file reviews 案卷评查 over HTTP."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

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
from api.http.schemas import (
    CommandAccepted,
    CommandFields,
    CommandOnly,
    HistoryPublic,
    PageFields,
)
from domain.case_reviews.review import (
    CaseFileResult,
    CaseFileReview,
    CaseFileScore,
)
from domain.core.values import (
    Label,
    Role,
)

router = APIRouter(
    prefix="/case-file-reviews", tags=["case_file_reviews"], responses=PROBLEM_RESPONSES
)

REVIEWERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.ADMIN)


class CaseFileReviewCreate(CommandFields):
    subject_id: UUID = Field(
        description="an appraisal institution, mediation committee or law firm"
    )
    title: str = Field(min_length=1, max_length=200)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "0b0c4f3e-5d1c-5a55-9d55-1f0b8f5d2a11",
                    "title": "2024年人民调解案卷质量评查",
                    "reason": "京兴司发〔2024〕评查通知（演示）",
                }
            ]
        },
    )


class SampleCreate(CommandFields):
    case_refs: list[str] = Field(min_length=1, max_length=500)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"case_refs": ["TJ-2024-001", "TJ-2024-007"], "reason": "随机抽取"}]
        },
    )


class ScoreCreate(CommandFields):
    case_ref: str = Field(min_length=1, max_length=100)
    result: CaseFileResult
    faults: list[Label] = Field(default_factory=list, max_length=50)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "case_ref": "TJ-2024-007",
                    "result": "basic_pass",
                    "faults": ["调解协议未载明履行期限"],
                    "reason": "评查意见",
                }
            ]
        },
    )


class CaseFileReviewPublic(BaseModel):
    id: UUID
    subject_id: UUID
    subject_kind: str
    title: str
    sample: list[str]
    scores: list[CaseFileScore]
    concluded: bool
    reviewed: int | None
    passed: int | None
    basic_passed: int | None
    failed: int | None
    pass_rate: Decimal | None
    version: int


def _public(review: CaseFileReview) -> CaseFileReviewPublic:
    tally = review.tally
    return CaseFileReviewPublic(
        id=review.id,
        subject_id=review.subject_id,
        subject_kind=review.subject_kind.value,
        title=review.title,
        sample=list(review.sample),
        scores=list(review.scores.values()),
        concluded=tally is not None,
        reviewed=tally.reviewed if tally else None,
        passed=tally.passed if tally else None,
        basic_passed=tally.basic_passed if tally else None,
        failed=tally.failed if tally else None,
        pass_rate=tally.pass_rate if tally else None,
        version=review.version,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandAccepted,
    summary="Open a case-file review of an organization (案卷评查)",
    **allow(*REVIEWERS),
)
def open_review(body: CaseFileReviewCreate, actor: ActorDep, ledger: LedgerDep) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.open_case_file_review(meta, body.subject_id, body.title))


class CaseFileReviewsPublic(PageFields):
    items: list[CaseFileReviewPublic]


@router.get(
    "",
    response_model=CaseFileReviewsPublic,
    summary="Case-file reviews (of one organization), in the order opened",
    **allow(*ALL_ROLES),
)
def list_reviews(
    services: ServicesDep,
    subject_id: UUID | None = None,
    cursor: CursorQuery = None,
    limit: LimitQuery = 50,
    after: AfterQuery = None,
) -> CaseFileReviewsPublic:
    records = services.records.case_reviews
    page, position = read_page(
        services,
        records.view.name,
        after,
        lambda: records.list(subject_id=subject_id, cursor=cursor, limit=limit),
    )
    return CaseFileReviewsPublic(
        items=[_public(r) for r in page.items], next_cursor=page.next_cursor, position=position
    )


@router.get(
    "/{review_id}", response_model=CaseFileReviewPublic, summary="One review", **allow(*ALL_ROLES)
)
def get_review(review_id: UUID, ledger: LedgerDep) -> CaseFileReviewPublic:
    return _public(ledger.get_case_file_review(review_id))


@router.get(
    "/{review_id}/history",
    response_model=HistoryPublic,
    summary="Every recorded event of a review",
    **allow(*ALL_ROLES),
)
def review_history(review_id: UUID, services: ServicesDep) -> HistoryPublic:
    services.ledger.get_case_file_review(review_id)
    return history_of(services, review_id)


@router.post(
    "/{review_id}/sample",
    response_model=CommandAccepted,
    summary="Record the sampled case files",
    **allow(*REVIEWERS),
)
def draw_sample(
    review_id: UUID, body: SampleCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    meta = meta_for(body, actor, ledger)
    return accepted(ledger.draw_case_file_sample(meta, review_id, tuple(body.case_refs)))


@router.post(
    "/{review_id}/scores",
    response_model=CommandAccepted,
    summary="Score one sampled case file (合格/基本合格/不合格 with faults)",
    **allow(*REVIEWERS),
)
def score(
    review_id: UUID, body: ScoreCreate, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    file_score = CaseFileScore(
        case_ref=body.case_ref, result=body.result, faults=tuple(body.faults)
    )
    return accepted(ledger.score_case_file(meta_for(body, actor, ledger), review_id, file_score))


@router.post(
    "/{review_id}/conclusion",
    response_model=CommandAccepted,
    summary="Conclude: the tally goes on the organization's record",
    **allow(*REVIEWERS),
)
def conclude(
    review_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
) -> CommandAccepted:
    return accepted(ledger.conclude_case_file_review(meta_for(body, actor, ledger), review_id))
