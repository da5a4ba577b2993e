"""Case-file review commands (案卷评查)."""

from __future__ import annotations

from uuid import UUID

from domain.case_reviews.errors import CaseFileScoreError
from domain.case_reviews.review import (
    CaseFileReview,
    CaseFileScore,
)
from domain.core.pipeline import (
    CommandResult,
    Decision,
)
from domain.core.policy_commands import PolicyCommands
from domain.core.values import EventMeta
from domain.registry.commands import RegistryCommands
from domain.registry.organizations import Organization


class CaseFileReviewCommands(RegistryCommands, PolicyCommands):
    def get_case_file_review(self, review_id: UUID) -> CaseFileReview:
        return self._get(CaseFileReview, review_id, "case-file review")

    def open_case_file_review(self, meta: EventMeta, subject_id: UUID, title: str) -> CommandResult:
        def decide() -> Decision:
            subject = self.get_subject(subject_id)
            if not isinstance(subject, Organization):
                raise CaseFileScoreError("case files are reviewed per organization")
            CaseFileReview.check_subject_reviewable(subject.kind)
            subject.check_existed_on(meta.effective_on)
            review = CaseFileReview(
                meta=meta, subject_id=subject.id, subject_kind=subject.kind, title=title
            )
            return review.id, [review]

        args = {"subject_id": subject_id, "title": title}
        return self._execute("OpenCaseFileReview", meta, args, decide)

    def draw_case_file_sample(
        self, meta: EventMeta, review_id: UUID, case_refs: tuple[str, ...]
    ) -> CommandResult:
        def decide() -> Decision:
            review = self.get_case_file_review(review_id)
            review.draw_sample(meta, case_refs)
            return review.id, [review]

        args = {"id": review_id, "case_refs": case_refs}
        return self._execute("DrawCaseFileSample", meta, args, decide)

    def score_case_file(
        self, meta: EventMeta, review_id: UUID, score: CaseFileScore
    ) -> CommandResult:
        def decide() -> Decision:
            review = self.get_case_file_review(review_id)
            review.score(meta, score)
            return review.id, [review]

        return self._execute("ScoreCaseFile", meta, {"id": review_id, "score": score}, decide)

    def conclude_case_file_review(self, meta: EventMeta, review_id: UUID) -> CommandResult:
        def decide() -> Decision:
            review = self.get_case_file_review(review_id)
            review.conclude(meta)
            return review.id, [review]

        return self._execute("ConcludeCaseFileReview", meta, {"id": review_id}, decide)
