"""What a stored event row holds when the ledger wrote it, and what to say when it does not.

The guards stop the application from changing the events table; a superuser can still change a
row in ways the ledger never would: another SQLite storage class (`replace(state, ...)` makes
the state TEXT), NULL, a truncated state, bytes that are not JSON. Every reader of raw rows
meets such a row as a located error, `StoredEventUnreadableError` naming the log position and
what is wrong, never as a crash deep inside a driver or a decoder.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import TopicError

from domain.core.errors import LedgerRuleError


class StoredEventUnreadableError(LedgerRuleError):
    """StoredEventsAsWritten: a stored row is not what the ledger wrote. Located by its log
    position where the reader knows it, else by the aggregate id and version."""

    rule = "StoredEventsAsWritten"
    zh = "存储的事件不是本系统写入的原样，请运行 ledger verify 查明位置"

    def __init__(
        self,
        position: int | None,
        problem: str,
        *,
        originator_id: object = None,
        version: object = None,
    ) -> None:
        where = (
            f"at log position {position}"
            if position is not None
            else f"version {version} of {originator_id}"
        )
        super().__init__(
            f"the stored event {where} is not what the ledger wrote ({problem}); "
            "run `ledger verify`",
            position=position,
            problem=problem,
        )
        self.position = position
        self.problem = problem


def _kind(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bytes"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a real number"
    return type(value).__name__


def originator_problem(value: Any) -> str | None:
    if isinstance(value, UUID):
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None if len(bytes(value)) == 16 else "its originator id is not 16 bytes"
    if isinstance(value, str):
        try:
            UUID(value)
        except ValueError:
            return "its originator id is not a UUID"
        return None
    return f"its originator id is stored as {_kind(value)}"


def row_problem(
    originator_id: Any, version: Any, topic: Any, state: Any, *, parse: bool = True
) -> str | None:
    """How a stored row (as the driver returns it) differs from what the ledger writes: an
    originator id (uuid, or its hex text on SQLite), a version >= 1, a topic, and a state
    that is bytes holding a JSON object (not parsed unless `parse`: a reader that decodes
    the state next finds out anyway). None if it is as written."""
    problem = originator_problem(originator_id)
    if problem is not None:
        return problem
    if isinstance(version, bool) or not isinstance(version, int):
        return f"its version is stored as {_kind(version)}, not an integer"
    if version < 1:
        return f"its version is {version}"
    if not isinstance(topic, str):
        return f"its topic is stored as {_kind(topic)}, not text"
    if not topic:
        return "its topic is empty"
    if not isinstance(state, (bytes, bytearray, memoryview)):
        return f"its state is stored as {_kind(state)}, not bytes"
    raw = bytes(state)
    if not parse:
        return None
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return f"its state ({len(raw)} bytes) is not JSON (truncated or rewritten?)"
    if not isinstance(parsed, dict):
        return "its state is JSON but not an object"
    return None


def check_row(
    position: int, originator_id: Any, version: Any, topic: Any, state: Any, *, parse: bool = True
) -> None:
    """Raise StoredEventUnreadableError if the row is not as the ledger writes it."""
    problem = row_problem(originator_id, version, topic, state, parse=parse)
    if problem is not None:
        raise StoredEventUnreadableError(position, problem)


def _undecodable(stored: StoredEvent) -> str:
    topic = stored.topic if isinstance(stored.topic, str) and stored.topic else None
    return f"its {topic} event cannot be decoded" if topic else "its topic is unreadable"


@cache
def _field_names(cls: type) -> frozenset[str]:
    """The field names of an event class (a dataclass); empty if it is none. A stored event
    may lack a field added later with a default (its method's default stands in), never
    have one its class does not know."""
    if not dataclasses.is_dataclass(cls):
        return frozenset()
    return frozenset(f.name for f in dataclasses.fields(cls))


class CheckedMapper(Mapper[UUID]):
    """The library's mapper, with every failure to decode a stored event (an unknown or NULL
    topic, a state that is not JSON, fields its event class does not have) raised as
    StoredEventUnreadableError. The decoder's own message is not repeated: it may quote the
    stored values, personal data among them."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            event = super().to_domain_event(stored_event)
        except (MapperDeserialisationError, TopicError, AttributeError, TypeError, ValueError):
            raise self._unreadable(stored_event, _undecodable(stored_event)) from None
        allowed = _field_names(type(event))
        if allowed:
            names = vars(event).keys()
            if "timestamp" not in names or not names <= allowed:
                raise self._unreadable(
                    stored_event, f"its state does not hold the fields of a {stored_event.topic}"
                )
        return event

    @staticmethod
    def _unreadable(stored_event: StoredEvent, problem: str) -> StoredEventUnreadableError:
        return StoredEventUnreadableError(
            None,
            problem,
            originator_id=stored_event.originator_id,
            version=stored_event.originator_version,
        )


def decode_stored(mapper: Mapper[Any], position: int, stored: StoredEvent) -> Any:
    """The domain event of a stored event; StoredEventUnreadableError, naming the position, if
    it cannot be decoded."""
    try:
        return mapper.to_domain_event(stored)
    except StoredEventUnreadableError as exc:
        raise StoredEventUnreadableError(position, exc.problem) from None
    except (MapperDeserialisationError, TopicError, AttributeError, TypeError, ValueError):
        raise StoredEventUnreadableError(position, _undecodable(stored)) from None
