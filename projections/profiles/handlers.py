"""How each event changes a compliance profile document (`projections.profiles.fold` folds
them), built from projections.profiles.combinators. One entry per event type in `HANDLERS`; a
handler returns the state it was given when the event is not about the subject or one of its
records, and copies what it changes.

A document: the subject's registration and licence (`status`, `suspensions`, affiliation or
member count) and its records by id (hex) in `inspections`, `evaluations`, `complaints`,
`sanctions` and `appeals`, every date an ISO string. No complainant data, nor a complaint's
text: a complaint is its channel, dates, stage and conclusion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projections.profiles.combinators import (
    SECTIONS,
    Handler,
    State,
    const,
    effective_date,
    effective_iso,
    field_of,
    is_about_me,
    own,
    put,
    record_fields,
)

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
            "registered_on": effective_iso(event),
            "status": "active",
            "status_since": effective_iso(event),
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


_NO_SUSPENSION = {"suspensions": const([]), "status_since": effective_date}

SUBJECT_HANDLERS: dict[str, Handler] = {}
for _entity, _aggregate in (("organization", "Organization"), ("practitioner", "Practitioner")):
    _t = f"ledger.{_aggregate}."
    SUBJECT_HANDLERS.update(
        {
            _t + "Registered": _registered(_entity),  # type: ignore[dict-item]
            _t + "DetailsChanged": own(name=lambda s, e: e.details.name),
            _t + "LicenceSuspended": own(
                status=const("suspended"), status_since=effective_date, suspensions=_suspensions
            ),
            _t + "LicenceReinstated": own(status=const("active"), **_NO_SUSPENSION),
            _t + "LicenceRevoked": own(status=const("revoked"), **_NO_SUSPENSION),
        }
    )
SUBJECT_HANDLERS.update(
    {
        "ledger.Organization.Deregistered": own(status=const("deregistered"), **_NO_SUSPENSION),
        "ledger.Practitioner.Deregistered": own(
            status=const("deregistered"),
            organization_id=const(None),
            joined_on=const(None),
            **_NO_SUSPENSION,
        ),
        "ledger.Organization.MemberJoined": own(members=lambda s, e: s["members"] + 1),
        "ledger.Organization.MemberLeft": own(members=lambda s, e: max(0, s["members"] - 1)),
        "ledger.Practitioner.Joined": own(
            organization_id=lambda s, e: e.organization_id.hex, joined_on=effective_date
        ),
        "ledger.Practitioner.Left": own(organization_id=const(None), joined_on=const(None)),
    }
)


# -- records about the subject ---------------------------------------------------------------


def _created(section: str, build: Callable[[Any], dict[str, Any]]) -> Handler:
    def handle(state: State, event: Any) -> State:
        if not is_about_me(state, event):
            return state
        return put(state, section, event.originator_id.hex, build(event))

    return handle


def _inspection(event: Any) -> dict[str, Any]:
    return {
        "kind": event.kind.value, "planned_on": effective_iso(event), "failed_items": [],
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
    "ledger.Inspection.FindingsRecorded": record_fields("inspections", failed_items=_findings),
    "ledger.Inspection.ResultRecorded": record_fields(
        "inspections",
        result=field_of("result"),
        original_result=field_of("result"),
        concluded_on=effective_date,
    ),
    "ledger.Inspection.RectificationOrdered": record_fields(
        "inspections",
        rectification_ordered_on=effective_date,
        rectification_due=lambda r, e: e.due_on.isoformat(),
        rectification_passed=const(None),
        rectification_verified_on=const(None),
    ),
    "ledger.Inspection.RectificationVerified": record_fields(
        "inspections",
        rectification_passed=field_of("passed"),
        rectification_verified_on=effective_date,
    ),
    "ledger.Inspection.ReferredForSanction": record_fields(
        "inspections", referred_on=effective_date
    ),
    "ledger.Inspection.Published": record_fields("inspections", published_on=effective_date),
    "ledger.Inspection.PublicationWithdrawn": record_fields(
        "inspections", published_on=const(None)
    ),
    "ledger.Inspection.Closed": record_fields("inspections", closed_on=effective_date),
    # A spot check of a voided draw: it never took place.
    "ledger.Inspection.Cancelled": record_fields("inspections", cancelled_on=effective_date),
    "ledger.Inspection.VariedOnAppeal": record_fields(
        "inspections", result=field_of("result"), appeals=_appeal_ids
    ),
    "ledger.Inspection.AnnulledOnAppeal": record_fields(
        "inspections", annulled=const(True), appeals=_appeal_ids
    ),
}


def _evaluation(event: Any) -> dict[str, Any]:
    return {
        "kind": event.kind.value, "period": event.period, "opened_on": effective_iso(event),
        "stage": "opened", "result": None, "result_from": None, "decided_on": None,
        "original_result": None, "effective_on": None, "published": False, "appeals": [],
    }  # fmt: skip


def _decided(field: str) -> Handler:
    """A result judged by the evaluation itself (final grade, final result, assessment)."""
    return record_fields(
        "evaluations",
        stage=const("final"),
        result=field_of(field),
        original_result=field_of(field),
        result_from=effective_date,
        decided_on=effective_date,
    )


def _stage(stage: str) -> Handler:
    return record_fields("evaluations", stage=const(stage))


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
    "ledger.Evaluation.Publicised": record_fields(
        "evaluations",
        published=const(True),
        stage=lambda r, e: "publicised" if r["stage"] == "final" else r["stage"],
    ),
    "ledger.Evaluation.BecameEffective": record_fields(
        "evaluations", stage=const("effective"), effective_on=effective_date
    ),
    # Retroactive: the varied result stands from the date of the one it replaces.
    "ledger.Evaluation.VariedOnAppeal": record_fields(
        "evaluations",
        result=field_of("result"),
        result_from=lambda r, e: r["result_from"] or effective_iso(e),
        appeals=_appeal_ids,
    ),
    "ledger.Evaluation.AnnulledOnAppeal": record_fields(
        "evaluations",
        stage=const("annulled"),
        result=const(None),
        effective_on=const(None),
        appeals=_appeal_ids,
    ),
    "ledger.Evaluation.PublicationWithdrawn": record_fields("evaluations", published=const(False)),
}


def _complaint(event: Any) -> dict[str, Any]:
    # Deliberately not `complainant` nor `summary`: a profile carries no personal data.
    return {
        "channel": event.channel.value, "urgency": event.urgency.value,
        "received_on": effective_iso(event), "stage": "received", "decided_on": None,
        "conclusion": None, "concluded_on": None, "replied_on": None, "rating": None,
        "case_id": None,
    }  # fmt: skip


def _complaint_step(stage: str, **more: Callable[[dict[str, Any], Any], Any]) -> Handler:
    return record_fields("complaints", stage=const(stage), **more)


COMPLAINT_HANDLERS: dict[str, Handler] = {
    "ledger.Complaint.Received": _created("complaints", _complaint),
    "ledger.Complaint.Accepted": _complaint_step("accepted", decided_on=effective_date),
    "ledger.Complaint.NotAccepted": _complaint_step("not_accepted", decided_on=effective_date),
    "ledger.Complaint.Transferred": _complaint_step("transferred", decided_on=effective_date),
    "ledger.Complaint.InvestigationStarted": _complaint_step("investigating"),
    "ledger.Complaint.Concluded": _complaint_step(
        "concluded", conclusion=field_of("conclusion"), concluded_on=effective_date
    ),
    "ledger.Complaint.Replied": _complaint_step("replied", replied_on=effective_date),
    "ledger.Complaint.Rated": _complaint_step("rated", rating=field_of("rating")),
    "ledger.Complaint.ConvertedToCase": record_fields(
        "complaints", case_id=lambda r, e: e.case_id.hex
    ),
}


def _sanction(event: Any) -> dict[str, Any]:
    return {
        "case_number": event.case_number, "origin": event.origin.value,
        "opened_on": effective_iso(event), "stage": "opened", "terms": None, "original_terms": None,
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
    return record_fields("sanctions", stage=const(stage), **more)


def _decision(by: str) -> Handler:
    return _case_stage(
        "decided",
        terms=_terms,
        original_terms=_terms,
        decided_by=const(by),
        decided_on=effective_date,
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
    "ledger.SanctionCase.Served": _case_stage("served", served_on=effective_date),
    "ledger.SanctionCase.Published": _case_stage(
        "published",
        published_on=effective_date,
        publication_ends_on=lambda r, e: e.ends_on.isoformat(),
    ),
    "ledger.SanctionCase.PublicationWithdrawn": record_fields(
        "sanctions", publication_withdrawn_on=effective_date
    ),
    "ledger.SanctionCase.Executed": _case_stage("executed", executed_on=effective_date),
    "ledger.SanctionCase.Closed": _case_stage(
        "closed", closed_on=effective_date, outcome=field_of("outcome")
    ),
    "ledger.SanctionCase.VariedOnAppeal": record_fields(
        "sanctions", terms=_terms, suspension=_period, appeals=_appeal_ids
    ),
    "ledger.SanctionCase.AnnulledOnAppeal": record_fields(
        "sanctions", annulled=const(True), appeals=_appeal_ids
    ),
}


def _appeal_filed(state: State, event: Any) -> State:
    target = event.target_id.hex
    if not any(target in state[s] for s in ("inspections", "evaluations", "sanctions")):
        return state
    appeal = {
        "kind": event.kind.value, "target_kind": event.target_kind, "target_id": target,
        "filed_on": effective_iso(event), "status": "filed", "outcome": None, "decided_on": None,
    }  # fmt: skip
    return put(state, "appeals", event.originator_id.hex, appeal)


APPEAL_HANDLERS: dict[str, Handler] = {
    "ledger.Appeal.Filed": _appeal_filed,
    "ledger.Appeal.Accepted": record_fields("appeals", status=const("accepted")),
    "ledger.Appeal.Rejected": record_fields(
        "appeals", status=const("rejected"), decided_on=effective_date
    ),
    "ledger.Appeal.Decided": record_fields(
        "appeals", status=const("decided"), outcome=field_of("outcome"), decided_on=effective_date
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
