"""Personal data: who may read it, and how it is kept from everyone else.

Complainants are natural persons: their name, phone and identity number are personal data
(DOMAIN.md), shown to supervisors and admins only. Until personal data is encrypted inside the
events, the stored bytes of an event that carries it (the `leaf_input` of a proof) go only to
those roles as well; everyone else gets the leaf hash and the inclusion path, which prove the
event without revealing it. Every route that shows an event's fields goes through here.
"""

from __future__ import annotations

from typing import Any

from domain.complaints.complaint import Complainant
from domain.core.values import (
    Actor,
    Role,
)

SEES_PERSONAL_DATA = frozenset({Role.SUPERVISOR, Role.ADMIN})

# Where personal data sits in an event's fields: the field holding a person -> its personal fields.
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {"complainant": Complainant.PERSONAL_FIELDS}


def sees_personal_data(actor: Actor | None) -> bool:
    """Whether `actor` (None: no token) may read personal data."""
    return actor is not None and actor.role in SEES_PERSONAL_DATA


def carries_personal_data(payload: dict[str, Any]) -> bool:
    """Whether an event's fields (as JSON values) hold any personal data."""
    for holder, fields in PERSONAL_FIELDS.items():
        person = payload.get(holder)
        if isinstance(person, dict) and any(person.get(f) is not None for f in fields):
            return True
    return False


def without_personal_data(payload: dict[str, Any]) -> dict[str, Any]:
    """An event's fields with every personal field blanked (None)."""
    blanked = dict(payload)
    for holder, fields in PERSONAL_FIELDS.items():
        person = payload.get(holder)
        if isinstance(person, dict):
            blanked[holder] = {**person, **dict.fromkeys(fields)}
    return blanked


def shown_to(actor: Actor | None, payload: dict[str, Any]) -> dict[str, Any]:
    """An event's fields as `actor` may see them."""
    return payload if sees_personal_data(actor) else without_personal_data(payload)
