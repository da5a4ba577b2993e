"""A compliance profile as true on a day: what is in force, due, overdue and recent, and the
risk tier (judged by `domain.risk.assess_risk` under the policy in force that day). Pure: a
profile document (`projections.profiles.fold`) and a day in, a JSON-ready dict out.

`risk_of(state, day, policy)` is the tier alone (what the spot-check pools draw by).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.core.calendar import add_months
from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
    PolicyBook,
)
from domain.core.values import (
    LicenceStatus,
    bureau_today,
)
from domain.spot_checks.risk import (
    RiskAssessment,
    RiskFacts,
    assess_risk,
)
from projections.profiles.fold import (
    State,
    topic_of,
)

Row = dict[str, Any]
_d = date.fromisoformat

OPEN_COMPLAINT = ("received", "accepted", "investigating", "concluded")
SUBSTANTIATED = ("substantiated", "partly")
SUSPENSIONS = ("practice_suspension", "business_suspension")

# -- rendering for a day ----------------------------------------------------------------------


def licence_status_on(state: State, day: date) -> LicenceStatus:
    """A recorded suspension is in force only within one of its periods."""
    status = LicenceStatus(state["status"])
    if status is LicenceStatus.SUSPENDED:
        covered = any(_d(s) <= day <= _d(u) for s, u in state["suspensions"])
        return LicenceStatus.SUSPENDED if covered else LicenceStatus.ACTIVE
    return status


def sanction_in_force(case: Row, day: date) -> bool:
    """Decided and not annulled, and still running on `day`: a revocation always; a suspension
    within its period; a warning or fine while its publication lasts (or, never published,
    until the case is closed)."""
    if case["annulled"] or case["terms"] is None or case["decided_on"] is None:
        return False
    if _d(case["decided_on"]) > day:
        return False
    kind = case["terms"]["kind"]
    if kind == "revocation":
        return True
    if kind in SUSPENSIONS and case["suspension"] is not None:
        return day <= _d(case["suspension"][1])
    if case["publication_ends_on"] is not None:
        return day <= _d(case["publication_ends_on"])
    return case["closed_on"] is None or day < _d(case["closed_on"])


def _grades(state: State) -> list[Row]:
    """Per evaluation kind, the latest period that has a result (after appeals)."""
    best: dict[str, tuple[str, Row]] = {}
    for key, ev in state["evaluations"].items():
        if ev["result"] is None:
            continue
        current = best.get(ev["kind"])
        if current is None or (ev["period"], ev["decided_on"]) > (
            current[1]["period"],
            current[1]["decided_on"],
        ):
            best[ev["kind"]] = (key, ev)
    return [
        {
            "evaluation_id": UUID(key),
            "kind": ev["kind"],
            "period": ev["period"],
            "result": ev["result"],
            "stage": ev["stage"],
            "decided_on": ev["decided_on"],
            "in_effect_from": ev["result_from"],
            "effective_on": ev["effective_on"],
            "original_result": ev["original_result"],
            "varied_on_appeal": ev["result"] != ev["original_result"],
            "appeal_ids": [UUID(a) for a in ev["appeals"]],
        }
        for kind, (key, ev) in sorted(best.items())
    ]


def _inspections(state: State, day: date) -> Row:
    held = [(k, r) for k, r in state["inspections"].items() if r.get("cancelled_on") is None]
    live = [(k, r) for k, r in held if not r["annulled"]]
    concluded = [(k, r) for k, r in live if r["concluded_on"] is not None]
    # The latest result; on the same day, the one recorded last.
    last = max(reversed(concluded), key=lambda kr: kr[1]["concluded_on"], default=None)
    findings: list[Row] = []
    due: list[Row] = []
    overdue: list[Row] = []
    for key, r in live:
        rectified = r["rectification_passed"] is True
        if r["result"] not in (None, "compliant") and not rectified:
            findings += [{"inspection_id": UUID(key), "item_id": i} for i in r["failed_items"]]
        if r["rectification_due"] is not None and not rectified and r["referred_on"] is None:
            entry = {
                "inspection_id": UUID(key),
                "ordered_on": r["rectification_ordered_on"],
                "due_on": r["rectification_due"],
                "verified_not_done": r["rectification_passed"] is False,
            }
            (overdue if _d(r["rectification_due"]) < day else due).append(entry)
    return {
        "count": len(held),
        "last": None if last is None else _inspection_public(*last),
        "open_findings": findings,
        "rectifications_due": due,
        "rectifications_overdue": overdue,
    }


def _inspection_public(key: str, r: Row) -> Row:
    return {
        "inspection_id": UUID(key),
        "kind": r["kind"],
        "planned_on": r["planned_on"],
        "concluded_on": r["concluded_on"],
        "result": r["result"],
        "original_result": r["original_result"],
        "published_on": r["published_on"],
        "closed_on": r["closed_on"],
    }


def _complaints(state: State, day: date) -> Row:
    since = add_months(day, -12).due
    open_, substantiated = [], []
    for key, c in state["complaints"].items():
        if c["stage"] in OPEN_COMPLAINT:
            open_.append(
                {"complaint_id": UUID(key), "channel": c["channel"], "urgency": c["urgency"],
                 "received_on": c["received_on"], "stage": c["stage"]}
            )  # fmt: skip
        concluded = c["concluded_on"]
        if c["conclusion"] in SUBSTANTIATED and since < _d(concluded) <= day:
            substantiated.append(
                {"complaint_id": UUID(key), "conclusion": c["conclusion"],
                 "concluded_on": concluded}
            )  # fmt: skip
    return {
        "received": len(state["complaints"]),
        "open": open_,
        "substantiated_last_12_months": substantiated,
    }


def _case_public(key: str, c: Row, day: date) -> Row:
    period = c["suspension"]
    return {
        "case_id": UUID(key),
        "case_number": c["case_number"],
        "stage": c["stage"],
        "opened_on": c["opened_on"],
        "terms": c["terms"],
        "original_terms": c["original_terms"] if c["original_terms"] != c["terms"] else None,
        "decided_by": c["decided_by"],
        "decided_on": c["decided_on"],
        "suspension": None if period is None else {"starts_on": period[0], "until": period[1]},
        "publication_ends_on": c["publication_ends_on"],
        "annulled": c["annulled"],
        "outcome": c["outcome"],
        "in_force": sanction_in_force(c, day),
    }


def _appeal_public(key: str, a: Row) -> Row:
    return {"appeal_id": UUID(key), **{k: a[k] for k in a if k != "target_id"},
            "target_id": UUID(a["target_id"])}  # fmt: skip


def risk_facts(state: State, day: date) -> RiskFacts:
    """The facts the risk rules read, from a profile's state, as true on `day`."""
    inspections = _inspections(state, day)
    cases = state["sanctions"].values()
    decided = [
        _d(c["decided_on"])
        for c in cases
        if c["decided_on"] is not None and not c["annulled"] and _d(c["decided_on"]) <= day
    ]
    last = inspections["last"]
    return RiskFacts(
        day=day,
        registered_on=_d(state["registered_on"]),
        licence_status=licence_status_on(state, day),
        sanctions_in_force=tuple(c["terms"]["kind"] for c in cases if sanction_in_force(c, day)),
        last_sanction_on=max(decided, default=None),
        results=tuple((g["kind"], g["result"]) for g in _grades(state)),
        substantiated_complaints=len(_complaints(state, day)["substantiated_last_12_months"]),
        rectifications_overdue=len(inspections["rectifications_overdue"]),
        open_findings=len(inspections["open_findings"]),
        last_inspected_on=_d(last["concluded_on"]) if last is not None else None,
    )


def risk_of(state: State, day: date, policy: Policy) -> RiskAssessment:
    """The subject's risk tier on `day` (pass the policy in force on `day`)."""
    return assess_risk(risk_facts(state, day), policy)


def render(state: State, day: date, policy: Policy) -> Row:
    """The profile as true on `day`, its risk judged under `policy`."""
    status = licence_status_on(state, day)
    periods = [{"starts_on": s, "until": u} for s, u in state["suspensions"]]
    current = [p for p in periods if _d(p["until"]) >= day]
    if state["entity"] == "organization":
        affiliation: Row = {"members": state["members"]}
    else:
        organization = state["organization_id"]
        affiliation = {
            "organization_id": UUID(organization) if organization else None,
            "joined_on": state["joined_on"],
        }
    cases = [_case_public(k, c, day) for k, c in state["sanctions"].items()]
    appeals = [_appeal_public(k, a) for k, a in state["appeals"].items()]
    risk = risk_of(state, day, policy)
    return {
        "id": UUID(state["id"]),
        "entity": state["entity"],
        "kind": state["kind"],
        "number": state["number"],
        "name": state["name"],
        "registration": {
            "registered_on": state["registered_on"],
            "status": status.value,
            "recorded_status": state["status"],
            "status_since": state["status_since"],
            "suspension": current[0] if current else None,  # in force, or the next one
            "suspensions": periods,
        },
        "affiliation": affiliation,
        "grades": _grades(state),
        "inspections": _inspections(state, day),
        "complaints": _complaints(state, day),
        "sanctions": {
            "in_force": [c for c in cases if c["in_force"]],
            "history": cases,
        },
        "appeals": {
            "pending": [a for a in appeals if a["status"] in ("filed", "accepted")],
            "decided": [a for a in appeals if a["status"] in ("decided", "rejected")],
        },
        "risk": {
            "tier": risk.tier.value,
            "reasons": [
                {"rule": r.rule, "tier": r.tier.value, "detail": r.detail} for r in risk.reasons
            ],
            "policy_version": risk.policy_version,
            "assessed_on": risk.assessed_on,
        },
    }


# -- the policy as known -----------------------------------------------------------------------


def policy_known(ledger: Any, day: date, known_at: datetime | None = None) -> Policy:
    """The policy in force on `day`; with `known_at`, among the versions published by then
    (what the bureau would have applied at that moment)."""
    if known_at is None:
        return ledger.policy_on(day)  # type: ignore[no-any-return]
    versions = [
        e.policy
        for e in ledger.events.get(PolicyBook.ID)
        if topic_of(e) == "ledger.PolicyBook.VersionPublished" and e.timestamp <= known_at
    ]
    in_force = [p for p in versions if p.effective_from <= day]
    return in_force[-1] if in_force else DEFAULT_POLICY


def as_of_day(effective: date | None, recorded: datetime | None, today: date) -> date:
    """The day a profile is rendered for: the effective date asked, else the bureau's date of
    the recorded moment (never after today), else today."""
    if effective is not None:
        return effective
    if recorded is not None:
        return min(bureau_today(recorded), today)
    return today
