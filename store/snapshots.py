"""An aggregate's state as bytes, for the stored views that keep one per record (projections/
records): the transcoder's typed JSON (store/transcoder.py) plus the two shapes an aggregate's
state holds that events never do:

    "dataclass:TOPIC"  {field: value}   a frozen dataclass value (its module path as topic)
    "pairs"            [[key, value]]   a dict whose keys are not strings (UUIDs, enums)

Never pickle: a view table is not trusted more than the events table, and decoding these bytes
builds only the value types named above.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from store.transcoder import _from_tagged, to_plain

_TYPE = "_type_"
_DATA = "_data_"
# What the library keeps on every aggregate and restores itself.
_OWN = ("_id", "_version", "_pending_events")


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj) and not (_TYPE in obj and len(obj) == 2):
            return {k: _plain(v) for k, v in obj.items()}
        return {_TYPE: "pairs", _DATA: [[_plain(k), _plain(v)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, tuple):
        return {_TYPE: "tuple", _DATA: [_plain(v) for v in obj]}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return {_TYPE: "dataclass:" + get_topic(type(obj)), _DATA: fields}
    if isinstance(obj, (set, frozenset)):
        return {_TYPE: "set", _DATA: sorted((_plain(v) for v in obj), key=orjson.dumps)}
    if isinstance(obj, BaseModel):
        return to_plain(obj)
    return to_plain(obj)


def _typed(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_typed(v) for v in obj]
    if not isinstance(obj, dict):
        return obj
    if len(obj) == 2 and _TYPE in obj and _DATA in obj:
        name, data = obj[_TYPE], obj[_DATA]
        if name == "pairs":
            return {_typed(k): _typed(v) for k, v in data}
        if name == "tuple":
            return tuple(_typed(v) for v in data)
        if name == "set":
            return {_typed(v) for v in data}
        if name.startswith("dataclass:"):
            cls = resolve_topic(name.partition(":")[2])
            if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
                raise ValueError(f"{name!r} names no dataclass")
            return cls(**{k: _typed(v) for k, v in data.items()})
        return _from_tagged(name, data)
    return {k: _typed(v) for k, v in obj.items()}


def encode_state(aggregate: Aggregate) -> bytes:
    """The aggregate's attributes (not its id, version or pending events) as bytes."""
    state = {k: v for k, v in vars(aggregate).items() if k not in _OWN}
    return orjson.dumps(_plain(state), option=orjson.OPT_SORT_KEYS)


def decode_state(cls: type[Aggregate], aggregate_id: UUID, version: int, data: bytes) -> Any:
    """The aggregate `encode_state` wrote, as an instance of `cls` at `version`."""
    state = _typed(orjson.loads(data))
    if not isinstance(state, dict):
        raise ValueError("an aggregate's state is an object")
    state.update(_id=aggregate_id, _version=version, _pending_events=[])
    aggregate = object.__new__(cls)
    object.__setattr__(aggregate, "__dict__", state)
    return aggregate
