"""Helpers shared by the command routes: metadata from token + body, results, history."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from api.consistency import wait_for
from api.http.personal_data import without_personal_data
from api.http.schemas import (
    ActorPublic,
    CommandAccepted,
    CommandFields,
    HistoryEntry,
    HistoryPublic,
)
from api.services import Services
from domain.core.values import (
    Actor,
    EventMeta,
)
from domain.ledger import CommandResult, ComplianceLedger
from projections.runner.events import events_at

_META_FIELDS = set(CommandFields.model_fields)


def meta_for(body: CommandFields, actor: Actor, ledger: ComplianceLedger) -> EventMeta:
    command_id = body.command_id or f"api-{uuid.uuid4()}"
    if body.effective_on is None:
        return EventMeta.effective_today(
            actor=actor, reason=body.reason, today=ledger.today(), command_id=command_id
        )
    return EventMeta(
        actor=actor, reason=body.reason, effective_on=body.effective_on, command_id=command_id
    )


def changes_of(body: CommandFields) -> dict[str, Any]:
    """The fields a PATCH body actually sets (besides the command metadata)."""
    data = body.model_dump(exclude_unset=True, exclude=_META_FIELDS)
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}


def accepted(result: CommandResult) -> CommandAccepted:
    return CommandAccepted(
        command_id=result.command_id,
        id=result.subject_id,
        version=result.version,
        position=result.position,
        replayed=result.replayed,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


_NOT_PAYLOAD = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}


def payload_of(event: Any) -> dict[str, Any]:
    """The event's own fields, as JSON values."""
    return {k: _plain(v) for k, v in vars(event).items() if k not in _NOT_PAYLOAD}


def _entry(event: Any, position: int | None, personal_data: bool = True) -> HistoryEntry:
    meta = getattr(event, "meta", None)
    topic = type(event).TOPIC
    payload = payload_of(event)
    return HistoryEntry(
        entity_id=event.originator_id,
        entity=topic.rsplit(".", 1)[0],
        position=position,
        version=event.originator_version,
        event=topic,
        recorded_at=event.timestamp,
        effective_on=meta.effective_on if meta else None,
        actor=ActorPublic(**meta.actor.model_dump()) if meta else None,
        reason=meta.reason if meta else None,
        command_id=meta.command_id if meta else None,
        payload=payload if personal_data else without_personal_data(payload),
    )


def _entries(services: Services, entity_id: UUID) -> list[HistoryEntry]:
    positions = services.db.positions_of(entity_id)
    return [
        _entry(event, positions.get(event.originator_version))
        for event in services.ledger.history(entity_id)
    ]


def history_of(services: Services, entity_id: UUID) -> HistoryPublic:
    return HistoryPublic(id=entity_id, events=_entries(services, entity_id))


def subject_history_of(
    services: Services, subject_id: UUID, *, personal_data: bool = False
) -> HistoryPublic:
    """A supervised subject's own events and those of every record about it (inspections,
    evaluations, sanction cases, case-file reviews, complaints against it, appeals against any
    of those, notarization matters it handled), in log order, read from the subject index.
    The complainant's personal data is blanked unless `personal_data` (supervisor, admin)."""
    wait_for(services, services.subjects.name, None)
    rows = services.subjects.positions(services.db, subject_id)
    events = events_at(services.ledger, services.db, [int(r["position"]) for r in rows])
    entries = [_entry(event, position, personal_data) for position, event in events]
    return HistoryPublic(id=subject_id, events=entries)
