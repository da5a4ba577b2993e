"""The case-file reviews view and its reads."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.case_reviews.review import CaseFileResult, CaseFileReview
from projections.records.view import Column, Page, RecordKind, RecordView, equal_filters
from store.database import Database


def _scored(result: CaseFileResult) -> Column:
    return Column(
        f"files_{result.value}",
        lambda r: sum(s.result is result for s in r.scores.values()),
        "INTEGER",
    )


CASE_REVIEWS = RecordKind(
    name="case_reviews",
    aggregate=CaseFileReview,
    columns=(
        Column("subject_id", lambda r: r.subject_id.hex),
        Column("concluded_on", lambda r: r.concluded_on.isoformat() if r.concluded_on else ""),
        *(_scored(result) for result in CaseFileResult),
    ),
    indexes=(("subject_id", "opened_position"), ("concluded_on",)),
)


class CaseReviewRecords:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.view = RecordView(db, CASE_REVIEWS)

    def list(
        self, *, subject_id: UUID | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page:
        """Reviews (of one organization), in the order they were opened."""
        where, params = equal_filters({"subject_id": subject_id.hex if subject_id else None})
        return self.view.page(
            self.db, tag="case-reviews", where=where, params=params, cursor=cursor, limit=limit
        )

    def concluded(self, start: date, end: date) -> dict[str, int]:
        """Reviews concluded in [start, end]: how many, and their files by result."""
        sums = ", ".join(
            f"COALESCE(SUM(r.files_{v.value}), 0) AS {v.value}" for v in CaseFileResult
        )
        row = self.view.aggregate(
            self.db,
            f"COUNT(*) AS reviews, {sums}",
            ["r.concluded_on >= ?", "r.concluded_on <= ?"],
            [start.isoformat(), end.isoformat()],
        )[0]
        return {key: int(value) for key, value in row.items()}
