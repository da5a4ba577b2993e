"""The case-file reviews view and its reads."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.case_reviews.review import CaseFileResult, CaseFileReview
from projections.records.view import (
    Column,
    Count,
    Page,
    RecordKind,
    RecordView,
    by_prefix,
    equal_filters,
)
from store.database import Database


def _scored(result: CaseFileResult) -> Column:
    return Column(
        f"files_{result.value}",
        lambda r: sum(s.result is result for s in r.scores.values()),
        "INTEGER",
    )


def _counts(r: CaseFileReview) -> list[Count]:
    """On the day concluded: the review, and its files by result."""
    if r.concluded_on is None:
        return []
    day = r.concluded_on.isoformat()
    found: list[Count] = [(day, "reviews", 1)]
    for result in CaseFileResult:
        files = sum(s.result is result for s in r.scores.values())
        if files:
            found.append((day, f"files:{result.value}", files))
    return found


CASE_REVIEWS = RecordKind(
    name="case_reviews",
    aggregate=CaseFileReview,
    columns=(
        Column("subject_id", lambda r: r.subject_id.hex),
        Column("concluded_on", lambda r: r.concluded_on.isoformat() if r.concluded_on else ""),
        *(_scored(result) for result in CaseFileResult),
    ),
    indexes=(("subject_id", "opened_position"), ("concluded_on",)),
    counts=_counts,
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

    def concluded(self, start: date, end: date) -> dict[str, Any]:
        """Reviews concluded in [start, end]: how many, their files, and the files by result."""
        counted = self.view.counts(self.db, start.isoformat(), end.isoformat())
        by_result = by_prefix(counted, "files:")
        return {
            "reviews": counted["reviews"],
            "files": sum(by_result.values()),
            "by_result": by_result,
        }
