"""How each event changes a compliance profile document (`projections.profile_fold` folds
them). One entry per event type in `HANDLERS`; a handler returns the state it was given when the
event is not about the subject or one of its records, and copies what it changes.

A document: the subject's registration and licence (`status`, `suspensions`, affiliation or
member count) and its records by id (hex) in `inspections`, `evaluations`, `complaints`,
`sanctions` and `appeals`, every date an ISO string. No complainant data, nor a complaint's
text: a complaint is its channel, dates, stage and conclusion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

State = dict[str, Any]
Handler = Callable[[State, Any], State]

SECTIONS = ("inspections", "evaluations", "complaints", "sanctions", "appeals")


def topic_of(event: Any) -> str:
    return str(type(event).TOPIC)


def _on(event: Any) -> str:
    return str(event.meta.effective_on.isoformat())


def _value(value: Any) -> Any:
    return getattr(value, "value", value)


def _mine(state: State, event: Any) -> bool:
    return bool(event.originator_id.hex == state["id"])


def _about_me(state: State, event: Any) -> bool:
    subject = getattr(event, "subject_id", None)
    return isinstance(subject, UUID) and subject.hex == state["id"]


def _own(**changes: Callable[[State, Any], Any]) -> Handler:
    """An event of the subject itself: set fields computed from the state and the event."""

    def handle(state: State, event: Any) -> State:
        if not _mine(state, event):
            return state
        return {**state, **{key: compute(state, event) for key, compute in changes.items()}}

    return handle


def _put(state: State, section: str, record_id: str, record: dict[str, Any]) -> State:
    return {**state, section: {**state[section], record_id: record}}


def _record(section: str, **changes: Callable[[dict[str, Any], Any], Any]) -> Handler:
    """A later event of a record about the subject: set fields of that record."""

    def handle(state: State, event: Any) -> State:
        key = event.originator_id.hex
        record = state[section].get(key)
        if record is None:
            return state
        updated = {**record, **{name: compute(record, event) for name, compute in changes.items()}}
        return _put(state, section, key, updated)

    return handle


def _const(value: Any) -> Callable[..., Any]:
    return lambda *_: value


def _date(_: Any, event: Any) -> str:
    return _on(event)


def _field(name: str) -> Callable[[Any, Any], Any]:
    return lambda _, event: _value(getattr(event, name))


# -- the subject itself ----------------------------------------------------------------------


def _registered(entity: str) -> Handler:
    def handle(state: State | None, event: Any) -> State:
        if state is not None:
            return state
        new: State = {
            "id": event.originator_id.hex,
            "entity": entity,
            "kind": event.kind.value,
            "number": event.number,
            "name": event.details.name,
            "registered_on": _on(event),
            "status": "active",
            "status_since": _on(event),
            "suspensions": [],
            **{section: {} for section in SECTIONS},
        }
        if entity == "organization":
            new["members"] = 0
        else:
            new.update(organization_id=None, joined_on=None)
        return new

    return handle


def _suspensions(state: State, event: Any) -> list[list[str]]:
    period = [event.period.starts_on.isoformat(), event.period.until.isoformat()]
    return sorted([*state["suspensions"], period])


_NO_SUSPENSION = {"suspensions": _const([]), "status_since": _date}

SUBJECT_HANDLERS: dict[str, Handler] = {}
for _entity, _aggregate in (("organization", "Organization"), ("practitioner", "Practitioner")):
    _t = f"ledger.{_aggregate}."
    SUBJECT_HANDLERS.update(
        {
            _t + "Registered": _registered(_entity),  # type: ignore[dict-item]
            _t + "DetailsChanged": _own(name=lambda s, e: e.details.name),
            _t + "LicenceSuspended": _own(
                status=_const("suspended"), status_since=_date, suspensions=_suspensions
            ),
            _t + "LicenceReinstated": _own(status=_const("active"), **_NO_SUSPENSION),
            _t + "LicenceRevoked": _own(status=_const("revoked"), **_NO_SUSPENSION),
        }
    )
SUBJECT_HANDLERS.update(
    {
        "ledger.Organization.Deregistered": _own(status=_const("deregistered"), **_NO_SUSPENSION),
        "ledger.Practitioner.Deregistered": _own(
            status=_const("deregistered"),
            organization_id=_const(None),
            joined_on=_const(None),
            **_NO_SUSPENSION,
        ),
        "ledger.Organization.MemberJoined": _own(members=lambda s, e: s["members"] + 1),
        "ledger.Organization.MemberLeft": _own(members=lambda s, e: max(0, s["members"] - 1)),
        "ledger.Practitioner.Joined": _own(
            organization_id=lambda s, e: e.organization_id.hex, joined_on=_date
        ),
        "ledger.Practitioner.Left": _own(organization_id=_const(None), joined_on=_const(None)),
    }
)


# -- records about the subject ---------------------------------------------------------------


def _created(section: str, build: Callable[[Any], dict[str, Any]]) -> Handler:
    def handle(state: State, event: Any) -> State:
        if not _about_me(state, event):
            return state
        return _put(state, section, event.originator_id.hex, build(event))

    return handle


def _inspection(event: Any) -> dict[str, Any]:
    return {
        "kind": event.kind.value, "planned_on": _on(event), "failed_items": [],
        "result": None, "original_result": None, "concluded_on": None,
        "rectification_ordered_on": None, "rectification_due": None,
        "rectification_passed": None, "rectification_verified_on": None, "referred_on": None,
        "published_on": None, "closed_on": None, "annulled": False, "appeals": [],
        "cancelled_on": None,
    }  # fmt: skip


def _findings(record: dict[str, Any], event: Any) -> list[str]:
    failed = set(record["failed_items"])
    for finding in event.findings:
        if finding.outcome.value == "fail":
            failed.add(finding.item_id)
        else:
            failed.discard(finding.item_id)
    return sorted(failed)


def _appeal_ids(record: dict[str, Any], event: Any) -> list[str]:
    return [*record["appeals"], event.appeal_id.hex]


INSPECTION_HANDLERS: dict[str, Handler] = {
    "ledger.Inspection.Planned": _created("inspections", _inspection),
    "ledger.Inspection.FindingsRecorded": _record("inspections", failed_items=_findings),
    "ledger.Inspection.ResultRecorded": _record(
        "inspections",
        result=_field("result"),
        original_result=_field("result"),
        concluded_on=_date,
    ),
    "ledger.Inspection.RectificationOrdered": _record(
        "inspections",
        rectification_ordered_on=_date,
        rectification_due=lambda r, e: e.due_on.isoformat(),
        rectification_passed=_const(None),
        rectification_verified_on=_const(None),
    ),
    "ledger.Inspection.RectificationVerified": _record(
        "inspections", rectification_passed=_field("passed"), rectification_verified_on=_date
    ),
    "ledger.Inspection.ReferredForSanction": _record("inspections", referred_on=_date),
    "ledger.Inspection.Published": _record("inspections", published_on=_date),
    "ledger.Inspection.PublicationWithdrawn": _record("inspections", published_on=_const(None)),
    "ledger.Inspection.Closed": _record("inspections", closed_on=_date),
    # A spot check of a voided draw: it never took place.
    "ledger.Inspection.Cancelled": _record("inspections", cancelled_on=_date),
    "ledger.Inspection.VariedOnAppeal": _record(
        "inspections", result=_field("result"), appeals=_appeal_ids
    ),
    "ledger.Inspection.AnnulledOnAppeal": _record(
        "inspections", annulled=_const(True), appeals=_appeal_ids
    ),
}


def _evaluation(event: Any) -> dict[str, Any]:
    return {
        "kind": event.kind.value, "period": event.period, "opened_on": _on(event),
        "stage": "opened", "result": None, "result_from": None, "decided_on": None,
        "original_result": None, "effective_on": None, "published": False, "appeals": [],
    }  # fmt: skip


def _decided(field: str) -> Handler:
    """A result judged by the evaluation itself (final grade, final result, assessment)."""
    return _record(
        "evaluations",
        stage=_const("final"),
        result=_field(field),
        original_result=_field(field),
        result_from=_date,
        decided_on=_date,
    )


def _stage(stage: str) -> Handler:
    return _record("evaluations", stage=_const(stage))


EVALUATION_HANDLERS: dict[str, Handler] = {
    "ledger.Evaluation.Opened": _created("evaluations", _evaluation),
    "ledger.Evaluation.SelfAssessmentSubmitted": _stage("self_assessed"),
    "ledger.Evaluation.InitialScoresRecorded": _stage("initial_scored"),
    "ledger.Evaluation.ResultProposed": _stage("result_proposed"),
    "ledger.Evaluation.ProposedResultCorrected": _stage("result_proposed"),
    "ledger.Evaluation.RectificationNoticeIssued": _stage("rectification_notified"),
    "ledger.Evaluation.Resubmitted": _stage("resubmitted"),
    "ledger.Evaluation.FinalGradeRecorded": _decided("grade"),
    "ledger.Evaluation.FinalResultRecorded": _decided("result"),
    "ledger.Evaluation.AssessmentRecorded": _decided("result"),
    "ledger.Evaluation.Publicised": _record(
        "evaluations",
        published=_const(True),
        stage=lambda r, e: "publicised" if r["stage"] == "final" else r["stage"],
    ),
    "ledger.Evaluation.BecameEffective": _record(
        "evaluations", stage=_const("effective"), effective_on=_date
    ),
    # Retroactive: the varied result stands from the date of the one it replaces.
    "ledger.Evaluation.VariedOnAppeal": _record(
        "evaluations",
        result=_field("result"),
        result_from=lambda r, e: r["result_from"] or _on(e),
        appeals=_appeal_ids,
    ),
    "ledger.Evaluation.AnnulledOnAppeal": _record(
        "evaluations",
        stage=_const("annulled"),
        result=_const(None),
        effective_on=_const(None),
        appeals=_appeal_ids,
    ),
    "ledger.Evaluation.PublicationWithdrawn": _record("evaluations", published=_const(False)),
}


def _complaint(event: Any) -> dict[str, Any]:
    # Deliberately not `complainant` nor `summary`: a profile carries no personal data.
    return {
        "channel": event.channel.value, "urgency": event.urgency.value,
        "received_on": _on(event), "stage": "received", "decided_on": None,
        "conclusion": None, "concluded_on": None, "replied_on": None, "rating": None,
        "case_id": None,
    }  # fmt: skip


def _complaint_step(stage: str, **more: Callable[[dict[str, Any], Any], Any]) -> Handler:
    return _record("complaints", stage=_const(stage), **more)


COMPLAINT_HANDLERS: dict[str, Handler] = {
    "ledger.Complaint.Received": _created("complaints", _complaint),
    "ledger.Complaint.Accepted": _complaint_step("accepted", decided_on=_date),
    "ledger.Complaint.NotAccepted": _complaint_step("not_accepted", decided_on=_date),
    "ledger.Complaint.Transferred": _complaint_step("transferred", decided_on=_date),
    "ledger.Complaint.InvestigationStarted": _complaint_step("investigating"),
    "ledger.Complaint.Concluded": _complaint_step(
        "concluded", conclusion=_field("conclusion"), concluded_on=_date
    ),
    "ledger.Complaint.Replied": _complaint_step("replied", replied_on=_date),
    "ledger.Complaint.Rated": _complaint_step("rated", rating=_field("rating")),
    "ledger.Complaint.ConvertedToCase": _record("complaints", case_id=lambda r, e: e.case_id.hex),
}


def _sanction(event: Any) -> dict[str, Any]:
    return {
        "case_number": event.case_number, "origin": event.origin.value,
        "opened_on": _on(event), "stage": "opened", "terms": None, "original_terms": None,
        "decided_by": None, "decided_on": None, "suspension": None, "served_on": None,
        "published_on": None, "publication_ends_on": None, "publication_withdrawn_on": None,
        "executed_on": None, "closed_on": None, "outcome": None, "annulled": False,
        "appeals": [],
    }  # fmt: skip


def _terms(_: Any, event: Any) -> dict[str, Any]:
    return {str(k): v for k, v in event.terms.model_dump(mode="json").items()}


def _period(_: Any, event: Any) -> list[str] | None:
    period = event.suspension
    return None if period is None else [period.starts_on.isoformat(), period.until.isoformat()]


def _case_stage(stage: str, **more: Callable[[dict[str, Any], Any], Any]) -> Handler:
    return _record("sanctions", stage=_const(stage), **more)


def _decision(by: str) -> Handler:
    return _case_stage(
        "decided",
        terms=_terms,
        original_terms=_terms,
        decided_by=_const(by),
        decided_on=_date,
        suspension=_period,
    )


SANCTION_HANDLERS: dict[str, Handler] = {
    "ledger.SanctionCase.Opened": _created("sanctions", _sanction),
    "ledger.SanctionCase.Investigated": _case_stage("investigated"),
    "ledger.SanctionCase.PreDecisionNoticeServed": _case_stage("notice_served"),
    "ledger.SanctionCase.HearingRequested": _case_stage("hearing_requested"),
    "ledger.SanctionCase.HearingHeld": _case_stage("hearing_held"),
    "ledger.SanctionCase.LegalReviewPassed": _case_stage("legal_review_passed"),
    "ledger.SanctionCase.DecisionProposed": _case_stage("proposed"),
    "ledger.SanctionCase.RecommendationSent": _case_stage("recommended"),
    "ledger.SanctionCase.Decided": _decision("district"),
    "ledger.SanctionCase.MunicipalDecisionRecorded": _decision("municipal"),
    "ledger.SanctionCase.Served": _case_stage("served", served_on=_date),
    "ledger.SanctionCase.Published": _case_stage(
        "published",
        published_on=_date,
        publication_ends_on=lambda r, e: e.ends_on.isoformat(),
    ),
    "ledger.SanctionCase.PublicationWithdrawn": _record(
        "sanctions", publication_withdrawn_on=_date
    ),
    "ledger.SanctionCase.Executed": _case_stage("executed", executed_on=_date),
    "ledger.SanctionCase.Closed": _case_stage("closed", closed_on=_date, outcome=_field("outcome")),
    "ledger.SanctionCase.VariedOnAppeal": _record(
        "sanctions", terms=_terms, suspension=_period, appeals=_appeal_ids
    ),
    "ledger.SanctionCase.AnnulledOnAppeal": _record(
        "sanctions", annulled=_const(True), appeals=_appeal_ids
    ),
}


def _appeal_filed(state: State, event: Any) -> State:
    target = event.target_id.hex
    if not any(target in state[s] for s in ("inspections", "evaluations", "sanctions")):
        return state
    appeal = {
        "kind": event.kind.value, "target_kind": event.target_kind, "target_id": target,
        "filed_on": _on(event), "status": "filed", "outcome": None, "decided_on": None,
    }  # fmt: skip
    return _put(state, "appeals", event.originator_id.hex, appeal)


APPEAL_HANDLERS: dict[str, Handler] = {
    "ledger.Appeal.Filed": _appeal_filed,
    "ledger.Appeal.Accepted": _record("appeals", status=_const("accepted")),
    "ledger.Appeal.Rejected": _record("appeals", status=_const("rejected"), decided_on=_date),
    "ledger.Appeal.Decided": _record(
        "appeals", status=_const("decided"), outcome=_field("outcome"), decided_on=_date
    ),
}

REGISTRATIONS = frozenset({"ledger.Organization.Registered", "ledger.Practitioner.Registered"})
HANDLERS: dict[str, Handler] = {
    **SUBJECT_HANDLERS,
    **INSPECTION_HANDLERS,
    **EVALUATION_HANDLERS,
    **COMPLAINT_HANDLERS,
    **SANCTION_HANDLERS,
    **APPEAL_HANDLERS,
}
TOPICS = frozenset(HANDLERS)
