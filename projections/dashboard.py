"""The district dashboard: the report's kind of figures for a period, read from the stored
views (the registry, and the record views' daily counters), never by replaying the log.

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
from projections.records.view import by_prefix
from projections.registry.view import RegistryView
from projections.sanctions.records import SanctionRecords
from store.database import Database

Doc = dict[str, Any]


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
        metrics = self.complaints.metrics(start, end)
        received = self.complaints.counts(start, end)
        return {
            "registry": {
                "organizations": {r["kind"]: int(r["n"]) for r in standing
                                  if r["entity"] == "organization"},
                "practitioners": {r["kind"]: int(r["n"]) for r in standing
                                  if r["entity"] == "practitioner"},
                "registered_in_period": int(registered),
            },
            "inspections": self.inspections.metrics(start, end),
            "grades": self.evaluations.results(start.year - 1, end.year),
            "sanctions": self.sanctions.metrics(start, end),
            "complaints": {
                "received": metrics.received,
                "previous_received": metrics.previous_received,
                "year_on_year_change": metrics.year_on_year_change,
                "response_rate": metrics.response_rate,
                "resolution_rate": metrics.resolution_rate,
                "satisfaction_rate": metrics.satisfaction_rate,
                "by_channel": by_prefix(received, "channel:"),
                "converted_to_cases": received["converted"],
            },
            "notarizations": {
                **self.notarizations.metrics(start, end),
                "backlog_at_end": [
                    {"office_id": str(r.office_id), "bands": r.bands, "assisted": r.assisted,
                     "total": r.total}
                    for r in self.notarizations.backlog(end)
                ],
            },
            "case_file_reviews": self.case_reviews.concluded(start, end),
        }  # fmt: skip
