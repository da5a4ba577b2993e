"""The evaluations view and its reads."""

from __future__ import annotations

from uuid import UUID

from domain.evaluations.evaluation import Evaluation
from projections.records.view import Column, Count, Page, RecordKind, RecordView, equal_filters
from store.database import Database


def _result(e: Evaluation) -> str:
    value = e.result
    return "" if value is None else str(getattr(value, "value", value))


def _counts(e: Evaluation) -> list[Count]:
    """Per period ("P2023"), the result as it stands (none once annulled)."""
    result = _result(e)
    return [(f"P{e.period}", f"{e.kind.value}:{result}", 1)] if result else []


EVALUATIONS = RecordKind(
    name="evaluations",
    aggregate=Evaluation,
    columns=(
        Column("subject_id", lambda e: e.subject_id.hex),
        Column("kind", lambda e: e.kind.value),
        Column("period", lambda e: e.period, "INTEGER"),
        Column("stage", lambda e: e.stage.value),
        Column("result", _result),  # as the record stands (varied or annulled on appeal)
    ),
    indexes=(("subject_id", "opened_position"), ("kind", "period", "opened_position")),
    counts=_counts,
)


class EvaluationRecords:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.view = RecordView(db, EVALUATIONS)

    def list(
        self,
        *,
        subject_id: UUID | None = None,
        kind: str | None = None,
        period: int | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Evaluations matching every filter given, in the order they were opened."""
        where, params = equal_filters(
            {"subject_id": subject_id.hex if subject_id else None, "kind": kind, "period": period}
        )
        return self.view.page(
            self.db, tag="evaluations", where=where, params=params, cursor=cursor, limit=limit
        )

    def results(self, first_period: int, last_period: int) -> dict[str, dict[str, int]]:
        """Per kind, how many evaluations of the periods have each result (not annulled)."""
        counted = self.view.counts(self.db, f"P{first_period}", f"P{last_period}")
        found: dict[str, dict[str, int]] = {}
        for name, n in sorted(counted.items()):
            kind, _, result = name.partition(":")
            if n:
                found.setdefault(kind, {})[result] = n
        return found
