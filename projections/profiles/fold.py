"""The compliance profile's fold: `apply(state, event) -> state`, pure and free of dates.

The state of one subject (organization or practitioner) is a JSON document: its registration
and licence, and every record about it (inspections, evaluations, complaints, sanction cases,
appeals against those), each with the dates its facts took effect. What depends on the day
(a suspension in force, a rectification overdue, complaints of the last 12 months, the risk
tier) is not folded: `projections.profiles.render.render` derives it for the day asked. So one stored
document answers for any day, and the same fold serves the stored view, a rebuild and the
on-demand as-of folds.

`apply` never mutates the state it is given (records are copied on write) and is safe on any
event: events about other subjects or unknown records leave the state as it is. Adding an event
type is one entry in `handlers.HANDLERS`.

No complainant data enters the state: a complaint is its channel, dates, stage and conclusion.

Two time axes (`fold_profile`):
- effective (`effective_until=D`): only facts in effect on D. An appeal decision that varies
  or annuls a result applies from the date of the result it replaces (`effective_date`): it
  is retroactive, so a grade varied in June reads as varied in April
  (AppealVariationIsRetroactive).
- recorded (`recorded_until=T`): only events recorded at or before T, each taking effect on
  its own effective date: asked as of a time before the decision, the original stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from projections.profiles.combinators import State, topic_of
from projections.profiles.handlers import HANDLERS, REGISTRATIONS, TOPICS
from projections.runner.views import PositionedEvent

__all__ = ["TOPICS", "State", "apply", "effective_date", "fold_profile", "topic_of"]


def apply(state: State | None, event: Any) -> State | None:
    """The profile after `event`. A subject's profile starts with its own registration; before
    that every event leaves it absent. Returns `state` itself when the event changes nothing."""
    topic = topic_of(event)
    handler = HANDLERS.get(topic)
    if handler is None:
        return state
    if state is None:
        return handler(state, event) if topic in REGISTRATIONS else None  # type: ignore[arg-type]
    return handler(state, event)


# Appeal outcomes on a record, and the field holding the date of the result they replace.
RETROACTIVE: dict[str, tuple[str, str]] = {
    "ledger.Evaluation.VariedOnAppeal": ("evaluations", "result_from"),
    "ledger.Evaluation.AnnulledOnAppeal": ("evaluations", "result_from"),
    "ledger.Inspection.VariedOnAppeal": ("inspections", "concluded_on"),
    "ledger.Inspection.AnnulledOnAppeal": ("inspections", "concluded_on"),
    "ledger.SanctionCase.VariedOnAppeal": ("sanctions", "decided_on"),
    "ledger.SanctionCase.AnnulledOnAppeal": ("sanctions", "decided_on"),
}


def effective_date(state: State | None, event: Any) -> date | None:
    """The date from which `event` is in effect for this profile: its own effective date, or,
    for an appeal outcome on a result, the date of the result it replaces (retroactive)."""
    meta = getattr(event, "meta", None)
    if meta is None:
        return None
    own: date = meta.effective_on
    where = RETROACTIVE.get(topic_of(event))
    if where is not None and state is not None:
        record = state[where[0]].get(event.originator_id.hex)
        replaced = record.get(where[1]) if record is not None else None
        if replaced is not None:
            return min(own, date.fromisoformat(replaced))
    return own


def fold_profile(
    subject_id: UUID,
    events: Iterable[PositionedEvent],
    *,
    effective_until: date | None = None,
    recorded_until: datetime | None = None,
) -> tuple[State | None, int]:
    """One subject's profile folded from events in log order, and the log position of the last
    event that changed it. `effective_until` keeps what was in effect on that date;
    `recorded_until` keeps what had been recorded by that moment; both may be given."""
    state: State | None = None
    last = 0
    for position, event in events:
        if state is None and event.originator_id != subject_id:
            continue  # only the subject's own registration starts its profile
        if recorded_until is not None and event.timestamp > recorded_until:  # type: ignore[attr-defined]
            continue
        if effective_until is not None:
            since = effective_date(state, event)
            if since is not None and since > effective_until:
                continue
        new = apply(state, event)
        if new is not state:
            state, last = new, position
    return state, last
