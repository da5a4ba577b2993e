"""The district dashboard: the report's kind of figures for a period, counted in SQL over the
stored views (the registry and the record views), never by replaying the log.

Figures describe the period [start, end] as the record stands now (results varied or annulled
on appeal count as varied or annulled). Registry counts are as of `end`. The complaint rates
are the complaints view's ComplaintMetrics, so the dashboard and GET /complaints/metrics cannot
disagree; the notarization backlog at `end` is the notarizations view's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.case_reviews.records import CaseReviewRecords
from projections.complaints.records import ComplaintRecords
from projections.evaluations.records import EvaluationRecords
from projections.inspections.records import InspectionRecords
from projections.notarizations.records import NotarizationRecords
from projections.records.view import RecordView
from projections.registry.view import RegistryView
from projections.sanctions.records import SanctionRecords
from store.database import Database

Doc = dict[str, Any]
WITHIN = ["{c} >= ?", "{c} <= ?"]


def _within(column: str, start: date, end: date) -> tuple[list[str], list[Any]]:
    return [w.format(c=column) for w in WITHIN], [start.isoformat(), end.isoformat()]


@dataclass
class Dashboard:
    db: Database
    registry: RegistryView
    complaints: ComplaintRecords
    inspections: InspectionRecords
    evaluations: EvaluationRecords
    sanctions: SanctionRecords
    notarizations: NotarizationRecords
    case_reviews: CaseReviewRecords

    def views(self) -> list[str]:
        """The stored views the figures are read from (a reader waits for all of them)."""
        return [
            self.registry.name,
            *(
                v.name
                for v in (
                    self.complaints.view,
                    self.inspections.view,
                    self.evaluations.view,
                    self.sanctions.view,
                    self.notarizations.view,
                    self.case_reviews.view,
                )
            ),
        ]

    def _count_by(
        self, view: RecordView, column: str, where: list[str], params: list[Any]
    ) -> dict[str, int]:
        rows = view.aggregate(
            self.db, f"r.{column} AS k, COUNT(*) AS n", where, params, group_by=f"r.{column}"
        )
        return {row["k"]: int(row["n"]) for row in rows}

    def _count(self, view: RecordView, where: list[str], params: list[Any]) -> int:
        return int(view.aggregate(self.db, "COUNT(*) AS n", where, params)[0]["n"])

    def figures(self, start: date, end: date) -> Doc:
        day = end.isoformat()
        registry = self.registry.table
        standing = self.db.query(
            f"SELECT entity, kind, COUNT(*) AS n FROM {registry} "
            "WHERE entity IN ('organization', 'practitioner') AND registered_on <= ? "
            "AND (ended_on IS NULL OR ended_on > ?) GROUP BY entity, kind",
            [day, day],
        )
        registered = self.db.query(
            f"SELECT COUNT(*) AS n FROM {registry} WHERE entity IN ('organization', "
            "'practitioner') AND registered_on >= ? AND registered_on <= ?",
            [start.isoformat(), day],
        )[0]["n"]

        inspections = self.inspections.view
        done, done_params = _within("r.concluded_on", start, end)
        done.append("r.status <> 'cancelled'")
        published, published_params = _within("r.published_on", start, end)
        published.append("r.status <> 'cancelled'")

        sanctions = self.sanctions.view
        decided, decided_params = _within("r.decided_on", start, end)
        opened, opened_params = _within("r.opened_on", start, end)

        complaints = self.complaints.view
        received, received_params = _within("r.received_on", start, end)
        metrics = self.complaints.metrics(start, end)

        matters = self.notarizations.view
        reviews = self.case_reviews.concluded(start, end)
        return {
            "registry": {
                "organizations": {r["kind"]: int(r["n"]) for r in standing
                                  if r["entity"] == "organization"},
                "practitioners": {r["kind"]: int(r["n"]) for r in standing
                                  if r["entity"] == "practitioner"},
                "registered_in_period": int(registered),
            },
            "inspections": {
                "done": self._count(inspections, done, done_params),
                "by_kind": self._count_by(inspections, "kind", done, done_params),
                "by_result": self._count_by(
                    inspections, "result", [*done, "r.annulled = 0"], done_params
                ),
                "published": self._count(inspections, published, published_params),
            },
            "grades": self.evaluations.results(start.year - 1, end.year),
            "sanctions": {
                "decided": self._count(sanctions, decided, decided_params),
                "by_kind": self._count_by(
                    sanctions, "sanction", [*decided, "r.annulled = 0"], decided_params
                ),
                "annulled_on_appeal": self._count(
                    sanctions, [*decided, "r.annulled = 1"], decided_params
                ),
                "opened_from_complaints": self._count(
                    sanctions, [*opened, "r.origin = 'complaint'"], opened_params
                ),
            },
            "complaints": {
                "received": metrics.received,
                "previous_received": metrics.previous_received,
                "year_on_year_change": metrics.year_on_year_change,
                "response_rate": metrics.response_rate,
                "resolution_rate": metrics.resolution_rate,
                "satisfaction_rate": metrics.satisfaction_rate,
                "by_channel": self._count_by(complaints, "channel", received, received_params),
                "converted_to_cases": self._count(
                    complaints, [*received, "r.converted = 1"], received_params
                ),
            },
            "notarizations": {
                "applied": self._count(matters, *_within("r.applied_on", start, end)),
                "accepted": self._count(matters, *_within("r.accepted_on", start, end)),
                "issued": self._count(matters, *_within("r.issued_on", start, end)),
                "assisted_applied": self._count(
                    matters,
                    [*_within("r.applied_on", start, end)[0], "r.assisted = 1"],
                    _within("r.applied_on", start, end)[1],
                ),
                "backlog_at_end": [
                    {"office_id": str(r.office_id), "bands": r.bands, "assisted": r.assisted,
                     "total": r.total}
                    for r in self.notarizations.backlog(end)
                ],
            },
            "case_file_reviews": {
                "reviews": reviews.pop("reviews"),
                "files": sum(reviews.values()),
                "by_result": {k: v for k, v in reviews.items() if v},
            },
        }  # fmt: skip
