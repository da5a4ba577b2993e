"""Helpers shared by the command routes: metadata from token + body, results, history."""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from api.schemas import ActorPublic, CommandAccepted, CommandFields, HistoryEntry, HistoryPublic
from api.services import Services
from domain.ledger import CommandResult, ComplianceLedger
from domain.values import Actor, EventMeta

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


def _entries(services: Services, entity_id: UUID) -> list[HistoryEntry]:
    events = services.ledger.history(entity_id)
    positions = services.db.positions_of(entity_id)
    entity = getattr(services.ledger.repository.get(entity_id), "TOPIC", "")
    entries = []
    for event in events:
        meta = getattr(event, "meta", None)
        state = vars(event)
        entries.append(
            HistoryEntry(
                entity_id=entity_id,
                entity=entity,
                position=positions.get(event.originator_version),
                version=event.originator_version,
                event=type(event).TOPIC,  # type: ignore[attr-defined]
                recorded_at=event.timestamp,
                effective_on=meta.effective_on if meta else None,
                actor=ActorPublic(**meta.actor.model_dump()) if meta else None,
                reason=meta.reason if meta else None,
                command_id=meta.command_id if meta else None,
                payload={k: _plain(v) for k, v in state.items() if k not in _NOT_PAYLOAD},
            )
        )
    return entries


def history_of(services: Services, entity_id: UUID) -> HistoryPublic:
    return HistoryPublic(id=entity_id, events=_entries(services, entity_id))


def subject_history_of(services: Services, subject_id: UUID) -> HistoryPublic:
    """A supervised subject's own events and those of every record about it (inspections,
    evaluations, sanction cases, appeals against them), in log order."""
    entries = _entries(services, subject_id)
    for record_id in services.ledger.records_about(subject_id):
        entries += _entries(services, record_id)
    entries.sort(key=lambda e: (e.position is None, e.position or 0))
    return HistoryPublic(id=subject_id, events=entries)
