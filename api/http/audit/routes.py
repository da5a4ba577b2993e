"""The audit trail of a supervised subject (organization, practitioner, inspector): every event
that concerns it, in log order, with the events that superseded each one; paginated, filterable
by event kind and effective date, exportable whole as CSV or JSON.

Read from two stored views (the subject index and the superseded links), bounded by the log
position both reflect, so a page and an export are consistent snapshots. The complainant's
personal data is blanked unless the caller is a supervisor or an admin, exports included.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.consistency import AfterQuery, wait_for
from api.http.audit.schemas import (
    AuditEntryPublic,
    AuditTrailExport,
    AuditTrailPage,
    EventRefPublic,
    ExportFormat,
)
from api.http.auth import (
    ALL_ROLES,
    allow,
)
from api.http.common import payload_of
from api.http.deps import (
    ActorDep,
    ServicesDep,
)
from api.http.personal_data import (
    sees_personal_data,
    without_personal_data,
)
from api.http.problems import PROBLEM_RESPONSES
from api.services import Services
from domain.core.errors import (
    EntityNotFoundError,
    InvalidCommandError,
)
from projections.audit.superseded import EventRef
from projections.audit.trail import (
    AuditTrail,
    TrailEntry,
    TrailFilter,
    UnknownKindError,
    is_subject,
    topics_for,
)

router = APIRouter(prefix="/subjects", tags=["audit trail"], responses=PROBLEM_RESPONSES)

MAX_LIMIT = 500
EXPORT_BATCH = 500
CSV_COLUMNS = (
    "position", "record_id", "record_version", "record_kind", "event", "topic", "relation",
    "actor", "role", "reason", "effective_on", "recorded_at", "superseded_by", "supersedes",
    "data",
)  # fmt: skip
# The header row people read in a spreadsheet (lang=zh, the default); lang=en gives the names.
CSV_HEADERS_ZH = {
    "position": "日志位置", "record_id": "记录编号", "record_version": "记录版本",
    "record_kind": "记录类型", "event": "事件", "topic": "事件主题", "relation": "与主体关系",
    "actor": "操作人", "role": "角色", "reason": "理由或依据", "effective_on": "生效日期",
    "recorded_at": "记录时间（UTC）", "superseded_by": "被以下事件取代", "supersedes": "取代",
    "data": "事件内容",
}  # fmt: skip
BOM = "\ufeff"  # Excel on Chinese Windows reads a CSV without it as GBK: garbled

KindQuery = Annotated[
    list[str],
    Query(
        max_length=30,
        description="event kind, repeatable: a record kind (Evaluation) or one of its events "
        "(Evaluation.VariedOnAppeal); any of them matches",
    ),
]
FromQuery = Annotated[
    date | None, Query(alias="from", description="effective on or after this date")
]
ToQuery = Annotated[date | None, Query(description="effective on or before this date")]
DataQuery = Annotated[bool, Query(description="include each event's own fields (data)")]


def _filter(kind: list[str], effective_from: date | None, to: date | None) -> TrailFilter:
    try:
        topics = topics_for(kind)
    except UnknownKindError as exc:
        raise InvalidCommandError(str(exc), field="kind", location="query", kind=exc.kind) from None
    if effective_from is not None and to is not None and effective_from > to:
        raise InvalidCommandError(
            f"the date range is empty: from {effective_from} is after to {to}",
            field="from",
            location="query",
        )
    return TrailFilter(topics=topics, effective_from=effective_from, effective_to=to)


def _check_subject(services: Services, subject_id: UUID) -> None:
    if not is_subject(services.db, subject_id):
        raise EntityNotFoundError(subject_id, "organization, practitioner or inspector")


def _reflected(services: Services, after: int | None) -> int:
    """The log position both views reflect (after waiting for `after`, if given)."""
    return min(
        wait_for(services, services.subjects.name, after),
        wait_for(services, services.superseded.name, after),
    )


def _trail(services: Services) -> AuditTrail:
    return AuditTrail(services.subjects, services.superseded)


def _refs(refs: list[EventRef]) -> list[EventRefPublic]:
    return [EventRefPublic(position=r.position, event=r.topic.rsplit(".", 1)[1]) for r in refs]


def _public(entry: TrailEntry, personal_data: bool) -> AuditEntryPublic:
    data: dict[str, Any] | None = None
    if entry.event is not None:
        data = payload_of(entry.event)
        data = data if personal_data else without_personal_data(data)
    return AuditEntryPublic(
        position=entry.position,
        record_id=entry.record_id,
        record_version=entry.record_version,
        record_kind=entry.record_kind,
        event=entry.event_name,
        topic=entry.topic,
        relation=entry.relation,
        actor=entry.actor,
        role=entry.role,
        reason=entry.reason,
        effective_on=entry.effective_on,
        recorded_at=entry.recorded_at,
        superseded_by=_refs(entry.superseded_by),
        supersedes=_refs(entry.supersedes),
        data=data,
    )


@router.get(
    "/{subject_id}/audit-trail",
    response_model=AuditTrailPage,
    summary="A subject's audit trail: every event that concerns it, in log order, with what "
    "superseded it",
    **allow(*ALL_ROLES),
)
def audit_trail(
    subject_id: UUID,
    services: ServicesDep,
    actor: ActorDep,
    kind: KindQuery = [],  # noqa: B006 (FastAPI copies the default per request)
    effective_from: FromQuery = None,
    to: ToQuery = None,
    cursor: Annotated[int, Query(ge=0, description="log position: entries after it")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    data: DataQuery = True,
    after: AfterQuery = None,
) -> AuditTrailPage:
    trail_filter = _filter(kind, effective_from, to)
    _check_subject(services, subject_id)
    upto = _reflected(services, after)
    page = _trail(services).page(
        services.db,
        subject_id,
        trail_filter,
        after=cursor,
        upto=upto,
        limit=limit,
        app=services.ledger if data else None,
    )
    personal_data = sees_personal_data(actor)
    return AuditTrailPage(
        subject_id=subject_id,
        items=[_public(e, personal_data) for e in page.entries],
        next_cursor=page.next_cursor,
        position=upto,
    )


def _entries(
    services: Services, subject_id: UUID, trail_filter: TrailFilter, upto: int, data: bool
) -> Iterator[TrailEntry]:
    """The whole filtered trail, read a batch at a time."""
    trail = _trail(services)
    cursor = 0
    while True:
        page = trail.page(
            services.db,
            subject_id,
            trail_filter,
            after=cursor,
            upto=upto,
            limit=EXPORT_BATCH,
            app=services.ledger if data else None,
        )
        yield from page.entries
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _csv_refs(refs: list[EventRefPublic]) -> str:
    return ";".join(f"{r.position}:{r.event}" for r in refs)


# A cell a spreadsheet would run as a formula (CSV injection): reasons and names are free text
# written by whoever issued a command, and an auditor opens the export in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell: absent values empty; text a spreadsheet would take for a formula
    gets a leading apostrophe (the JSON export keeps it verbatim)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(entry: AuditEntryPublic) -> list[str]:
    """One CSV row: lists as `position:event;...`, data as JSON, absent values empty."""
    values = entry.model_dump(mode="json")
    values["superseded_by"] = _csv_refs(entry.superseded_by)
    values["supersedes"] = _csv_refs(entry.supersedes)
    values["data"] = None if entry.data is None else json.dumps(values["data"], ensure_ascii=False)
    return [csv_cell(values[c]) for c in CSV_COLUMNS]


def _csv_chunks(entries: Iterator[AuditEntryPublic], lang: str, bom: bool) -> Iterator[str]:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([CSV_HEADERS_ZH[c] for c in CSV_COLUMNS] if lang == "zh" else CSV_COLUMNS)
    for n, entry in enumerate(entries, 1):
        writer.writerow(csv_row(entry))
        if n % EXPORT_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_chunks(subject_id: UUID, upto: int, entries: Iterator[AuditEntryPublic]) -> Iterator[str]:
    yield f'{{"subject_id":"{subject_id}","position":{upto},"items":['
    for n, entry in enumerate(entries):
        yield ("," if n else "") + entry.model_dump_json()
    yield "]}"


@router.get(
    "/{subject_id}/audit-trail/export",
    response_model=AuditTrailExport,
    summary="The whole filtered audit trail of a subject, streamed as CSV (default) or JSON",
    responses={
        200: {
            "description": "CSV (UTF-8 with a byte-order mark unless bom=false, so spreadsheets "
            "read it as UTF-8; a header row in Chinese, or English with lang=en), or the JSON "
            "document below",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
    **allow(*ALL_ROLES),
)
def audit_trail_export(
    subject_id: UUID,
    services: ServicesDep,
    actor: ActorDep,
    kind: KindQuery = [],  # noqa: B006
    effective_from: FromQuery = None,
    to: ToQuery = None,
    data: DataQuery = True,
    export_format: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.CSV,
    lang: Annotated[
        Literal["zh", "en"], Query(description="CSV header row: Chinese (default) or English")
    ] = "zh",
    bom: Annotated[
        bool, Query(description="CSV: begin with a UTF-8 byte-order mark (Excel needs it)")
    ] = True,
    after: AfterQuery = None,
) -> StreamingResponse:
    # Everything that can fail is checked before the first byte is sent: a streamed response
    # can no longer become a problem document.
    trail_filter = _filter(kind, effective_from, to)
    _check_subject(services, subject_id)
    upto = _reflected(services, after)
    personal_data = sees_personal_data(actor)
    entries = (
        _public(e, personal_data) for e in _entries(services, subject_id, trail_filter, upto, data)
    )
    name = f"audit-trail-{subject_id}-{upto}.{export_format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if export_format is ExportFormat.CSV:
        return StreamingResponse(
            _csv_chunks(entries, lang, bom), media_type="text/csv; charset=utf-8", headers=headers
        )
    return StreamingResponse(
        _json_chunks(subject_id, upto, entries), media_type="application/json", headers=headers
    )
