"""The building blocks of the profile handlers: a document's shape (State), and handlers made
from field computations — of the subject's own events (`own`) or of its records' (`record_fields`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

State = dict[str, Any]
Handler = Callable[[State, Any], State]

SECTIONS = ("inspections", "evaluations", "complaints", "sanctions", "appeals")


def topic_of(event: Any) -> str:
    return str(type(event).TOPIC)


def effective_iso(event: Any) -> str:
    return str(event.meta.effective_on.isoformat())


def plain(value: Any) -> Any:
    return getattr(value, "value", value)


def is_mine(state: State, event: Any) -> bool:
    return bool(event.originator_id.hex == state["id"])


def is_about_me(state: State, event: Any) -> bool:
    subject = getattr(event, "subject_id", None)
    return isinstance(subject, UUID) and subject.hex == state["id"]


def own(**changes: Callable[[State, Any], Any]) -> Handler:
    """An event of the subject itself: set fields computed from the state and the event."""

    def handle(state: State, event: Any) -> State:
        if not is_mine(state, event):
            return state
        return {**state, **{key: compute(state, event) for key, compute in changes.items()}}

    return handle


def put(state: State, section: str, record_id: str, record: dict[str, Any]) -> State:
    return {**state, section: {**state[section], record_id: record}}


def record_fields(section: str, **changes: Callable[[dict[str, Any], Any], Any]) -> Handler:
    """A later event of a record about the subject: set fields of that record."""

    def handle(state: State, event: Any) -> State:
        key = event.originator_id.hex
        record = state[section].get(key)
        if record is None:
            return state
        updated = {**record, **{name: compute(record, event) for name, compute in changes.items()}}
        return put(state, section, key, updated)

    return handle


def const(value: Any) -> Callable[..., Any]:
    return lambda *_: value


def effective_date(_: Any, event: Any) -> str:
    return effective_iso(event)


def field_of(name: str) -> Callable[[Any, Any], Any]:
    return lambda _, event: plain(getattr(event, name))
