"""The district dashboard: the report's kind of figures for a period, folded from the events.

Figures describe the period [start, end] as the record stands now (results varied or annulled
on appeal count as varied or annulled). Registry counts are as of `end`. The complaint rates
use the domain's own definitions (`ComplaintMetrics`), so the dashboard and
GET /complaints/metrics cannot disagree; the notarization backlog needs the working-day
calendar and is taken from the ledger's detector.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.complaints.commands import (
    ComplaintMetrics,
    year_earlier,
)
from domain.ledger import ComplianceLedger
from projections.runner.events import iter_events
from projections.runner.views import PositionedEvent

Doc = dict[str, Any]
REGISTRY_ENDINGS = ("LicenceRevoked", "Deregistered")
RESPONSES = ("Accepted", "NotAccepted", "Transferred")  # a decision on acceptance: 响应
SATISFIED = ("satisfied", "basically")


def _value(x: Any) -> Any:
    return getattr(x, "value", x)


@dataclass
class DashboardFold:
    """Per-record facts, folded from events in log order; `figures` reads a period off them."""

    subjects: dict[str, Doc] = field(default_factory=dict)
    inspections: dict[str, Doc] = field(default_factory=dict)
    evaluations: dict[str, Doc] = field(default_factory=dict)
    sanctions: dict[str, Doc] = field(default_factory=dict)
    complaints: dict[str, Doc] = field(default_factory=dict)
    notarizations: dict[str, Doc] = field(default_factory=dict)
    case_files: dict[str, Doc] = field(default_factory=dict)

    def fold(self, events: Iterable[PositionedEvent]) -> DashboardFold:
        for _position, event in events:
            self.apply(event)
        return self

    def apply(self, event: Any) -> None:
        aggregate, name = type(event).TOPIC.split(".")[1:3]
        key = event.originator_id.hex
        on = event.meta.effective_on
        handler = getattr(self, f"_{aggregate.lower()}", None)
        if handler is not None:
            handler(key, name, on, event)

    # -- one method per aggregate kind; each new event type is one more branch -----------------

    def _organization(self, key: str, name: str, on: date, e: Any) -> None:
        self._registry(key, name, on, e, "organization")

    def _practitioner(self, key: str, name: str, on: date, e: Any) -> None:
        self._registry(key, name, on, e, "practitioner")

    def _registry(self, key: str, name: str, on: date, e: Any, entity: str) -> None:
        if name == "Registered":
            self.subjects[key] = {"entity": entity, "kind": e.kind.value, "registered_on": on}
        elif name in REGISTRY_ENDINGS and key in self.subjects:
            self.subjects[key].setdefault("ended_on", on)

    def _inspection(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Planned":
            self.inspections[key] = {"kind": e.kind.value}
            return
        doc = self.inspections.get(key)
        if doc is None:
            return
        if name == "ResultRecorded":
            doc.update(result=e.result.value, concluded_on=on)
        elif name == "VariedOnAppeal":
            doc["result"] = e.result.value
        elif name == "AnnulledOnAppeal":
            doc["annulled"] = True
        elif name == "Published":
            doc["published_on"] = on
        elif name == "Cancelled":  # a spot check of a voided draw
            self.inspections.pop(key)

    def _evaluation(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Opened":
            self.evaluations[key] = {"kind": e.kind.value, "period": e.period}
            return
        doc = self.evaluations.get(key)
        if doc is None:
            return
        if name == "FinalGradeRecorded":
            doc["result"] = _value(e.grade)
        elif name in ("FinalResultRecorded", "AssessmentRecorded", "VariedOnAppeal"):
            doc["result"] = _value(e.result)
        elif name == "AnnulledOnAppeal":
            doc["annulled"] = True

    def _sanctioncase(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Opened":
            self.sanctions[key] = {"origin": e.origin.value, "opened_on": on}
            return
        doc = self.sanctions.get(key)
        if doc is None:
            return
        if name in ("Decided", "MunicipalDecisionRecorded"):
            doc.update(sanction=e.terms.kind.value, decided_on=on)
        elif name == "VariedOnAppeal":
            doc["sanction"] = e.terms.kind.value
        elif name == "AnnulledOnAppeal":
            doc["annulled"] = True

    def _complaint(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Received":
            self.complaints[key] = {"received_on": on, "channel": e.channel.value}
            return
        doc = self.complaints.get(key)
        if doc is None:
            return
        if name in RESPONSES:
            doc["responded"] = True
        elif name == "Replied":
            doc["resolved"] = True
        elif name == "Rated":
            doc["rating"] = _value(e.rating)
        elif name == "ConvertedToCase":
            doc["converted"] = True

    def _notarizationmatter(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Applied":
            assisted = e.assisting_office_id is not None
            self.notarizations[key] = {"applied_on": on, "assisted": assisted}
            return
        doc = self.notarizations.get(key)
        if doc is not None and name in ("Accepted", "CertificateIssued"):
            doc.setdefault(f"{name.lower()}_on", on)

    def _casefilereview(self, key: str, name: str, on: date, e: Any) -> None:
        if name == "Opened":
            self.case_files[key] = {"subject_kind": e.subject_kind.value, "scores": {}}
            return
        doc = self.case_files.get(key)
        if doc is None:
            return
        if name == "CaseFileScored":
            doc["scores"][e.score.case_ref] = _value(e.score.result)  # a re-score replaces
        elif name == "Concluded":
            doc["concluded_on"] = on

    # -- the period's figures ------------------------------------------------------------------

    def figures(self, start: date, end: date) -> Doc:
        def within(day: date | None) -> bool:
            return day is not None and start <= day <= end

        standing = [s for s in self.subjects.values() if s["registered_on"] <= end
                    and not (s.get("ended_on") and s["ended_on"] <= end)]  # fmt: skip
        done = [i for i in self.inspections.values() if within(i.get("concluded_on"))]
        graded = [v for v in self.evaluations.values() if v.get("result") is not None
                  and not v.get("annulled") and v["period"] in range(start.year - 1, end.year + 1)]  # fmt: skip
        decided = [s for s in self.sanctions.values() if within(s.get("decided_on"))]
        received = [c for c in self.complaints.values() if within(c["received_on"])]
        before_start, before_end = year_earlier(start), year_earlier(end)
        previous = [c for c in self.complaints.values()
                    if before_start <= c["received_on"] <= before_end]  # fmt: skip
        rated = [c for c in received if c.get("rating")]
        metrics = ComplaintMetrics(
            start=start,
            end=end,
            received=len(received),
            responded=sum(bool(c.get("responded")) for c in received),
            resolved=sum(bool(c.get("resolved")) for c in received),
            rated=len(rated),
            satisfied=sum(c["rating"] in SATISFIED for c in rated),
            previous_received=len(previous),
        )
        reviews = [r for r in self.case_files.values() if within(r.get("concluded_on"))]
        matters = self.notarizations.values()
        return {
            "registry": {
                "organizations": dict(Counter(s["kind"] for s in standing
                                              if s["entity"] == "organization")),
                "practitioners": dict(Counter(s["kind"] for s in standing
                                              if s["entity"] == "practitioner")),
                "registered_in_period": sum(within(s["registered_on"]) for s in self.subjects.values()),
            },
            "inspections": {
                "done": len(done),
                "by_kind": dict(Counter(i["kind"] for i in done)),
                "by_result": dict(Counter(i["result"] for i in done if not i.get("annulled"))),
                "published": sum(within(i.get("published_on")) for i in self.inspections.values()),
            },
            "grades": {
                kind: dict(Counter(v["result"] for v in graded if v["kind"] == kind))
                for kind in sorted({v["kind"] for v in graded})
            },
            "sanctions": {
                "decided": len(decided),
                "by_kind": dict(Counter(s["sanction"] for s in decided if not s.get("annulled"))),
                "annulled_on_appeal": sum(bool(s.get("annulled")) for s in decided),
                "opened_from_complaints": sum(within(s["opened_on"]) and s["origin"] == "complaint"
                                              for s in self.sanctions.values()),
            },
            "complaints": {
                "received": metrics.received,
                "previous_received": metrics.previous_received,
                "year_on_year_change": metrics.year_on_year_change,
                "response_rate": metrics.response_rate,
                "resolution_rate": metrics.resolution_rate,
                "satisfaction_rate": metrics.satisfaction_rate,
                "by_channel": dict(Counter(c["channel"] for c in received)),
                "converted_to_cases": sum(bool(c.get("converted")) for c in received),
            },
            "notarizations": {
                "applied": sum(within(m["applied_on"]) for m in matters),
                "accepted": sum(within(m.get("accepted_on")) for m in matters),
                "issued": sum(within(m.get("certificateissued_on")) for m in matters),
                "assisted_applied": sum(within(m["applied_on"]) and m["assisted"] for m in matters),
            },
            "case_file_reviews": {
                "reviews": len(reviews),
                "files": sum(len(r["scores"]) for r in reviews),
                "by_result": dict(Counter(v for r in reviews for v in r["scores"].values())),
            },
        }  # fmt: skip


def district_dashboard(ledger: ComplianceLedger, start: date, end: date) -> Doc:
    """The period's figures, folded on demand from the whole log, with the notarization backlog
    at `end` from the ledger (it counts working days) and the log position reflected."""
    events = list(iter_events(ledger))
    figures = DashboardFold().fold(events).figures(start, end)
    backlog = ledger.notarization_backlog(end)
    figures["notarizations"]["backlog_at_end"] = [
        {"office_id": str(r.office_id), "bands": r.bands, "assisted": r.assisted, "total": r.total}
        for r in backlog
    ]
    figures["position"] = events[-1][0] if events else 0
    return figures
