"""The project's event transcoder: orjson, with typed values tagged so they come back as typed.

Stored form (documented, because the Merkle log hashes these exact bytes):
- JSON object keys sorted; no whitespace; UTF-8.
- Plain JSON values (str, int, finite float, bool, null, list, object with str keys) as
  themselves; anything that would not come back unchanged (other keys, NaN, a dict that looks
  like a tag) is refused rather than silently altered.
- Typed values as {"_type_": NAME, "_data_": DATA}:
    "uuid"            hex string            "date"      ISO date
    "datetime"        ISO 8601 with offset  "decimal"   string (exact)
    "tuple"           list                  "set"       sorted list
    "enum:TOPIC"      member value          "model:TOPIC"  pydantic model_dump(mode="json")
  TOPIC is the class's stable topic (its TOPIC attribute, registered with eventsourcing).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

_TYPE = "_type_"
_DATA = "_data_"


def _tag(name: str, data: Any) -> dict[str, Any]:
    return {_TYPE: name, _DATA: data}


def to_plain(obj: Any) -> Any:
    """Turn a value tree into plain JSON values, tagging every typed value."""
    if obj is None or (isinstance(obj, (bool, int, str)) and not isinstance(obj, Enum)):
        return obj
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError(f"cannot store {obj!r}: JSON has no NaN or infinity")
        return obj
    if isinstance(obj, dict):
        if len(obj) == 2 and _TYPE in obj and _DATA in obj:
            raise ValueError(f"a stored dict may not have exactly the keys {_TYPE!r}, {_DATA!r}")
        for key in obj:
            if not isinstance(key, str) or isinstance(key, Enum):
                raise TypeError(f"cannot store a dict key of type {type(key).__qualname__}")
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [to_plain(v) for v in obj]
    if isinstance(obj, BaseModel):
        return _tag("model:" + get_topic(type(obj)), obj.model_dump(mode="json"))
    if isinstance(obj, Enum):
        return _tag("enum:" + get_topic(type(obj)), obj.value)
    if isinstance(obj, UUID):
        return _tag("uuid", obj.hex)
    if isinstance(obj, datetime):
        if obj.tzinfo is None:
            raise TypeError(f"naive datetime {obj!r}: time is timezone-aware inside the ledger")
        return _tag("datetime", obj.isoformat())
    if isinstance(obj, date):
        return _tag("date", obj.isoformat())
    if isinstance(obj, Decimal):
        return _tag("decimal", str(obj))
    if isinstance(obj, tuple):
        return _tag("tuple", [to_plain(v) for v in obj])
    if isinstance(obj, (set, frozenset)):
        return _tag("set", sorted((to_plain(v) for v in obj), key=orjson.dumps))
    raise TypeError(f"cannot store a value of type {type(obj).__qualname__}: {obj!r}")


def _from_tagged(name: str, data: Any) -> Any:
    if name == "uuid":
        return UUID(data)
    if name == "date":
        return date.fromisoformat(data)
    if name == "datetime":
        return datetime.fromisoformat(data)
    if name == "decimal":
        return Decimal(data)
    if name == "tuple":
        return tuple(from_plain(v) for v in data)
    if name == "set":
        return {from_plain(v) for v in data}
    kind, _, topic = name.partition(":")
    if kind == "model":
        return resolve_topic(topic).model_validate(data)
    if kind == "enum":
        return resolve_topic(topic)(data)
    raise ValueError(f"unknown stored type tag {name!r}")


def from_plain(obj: Any) -> Any:
    if isinstance(obj, list):
        return [from_plain(v) for v in obj]
    if isinstance(obj, dict):
        if len(obj) == 2 and _TYPE in obj and _DATA in obj:
            return _from_tagged(obj[_TYPE], obj[_DATA])
        return {k: from_plain(v) for k, v in obj.items()}
    return obj


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(to_plain(obj), option=orjson.OPT_SORT_KEYS)

    def decode(self, data: bytes) -> Any:
        return from_plain(orjson.loads(data))
