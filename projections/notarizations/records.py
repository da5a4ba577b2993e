"""The notarization views and their reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.core.calendar import WorkingCalendar
from domain.notarizations.assistance import AssistanceArrangement
from domain.notarizations.imports import ImportedNotarizationRecord
from domain.notarizations.matter import NotarizationMatter
from domain.notarizations.values import OPEN_ACCEPTED, NotarizationStage
from projections.records.view import (
    Column,
    Count,
    Due,
    InvalidCursorError,
    Keys,
    Page,
    RecordKind,
    RecordView,
    decode_keyset,
    encode_keyset,
    equal_filters,
    every,
)
from store.database import Database

AGE_BANDS = ("0-15", "16-30", "31-60", ">60")


def age_band(working_days: int) -> str:
    if working_days <= 15:
        return "0-15"
    if working_days <= 30:
        return "16-30"
    if working_days <= 60:
        return "31-60"
    return ">60"


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _issuance(matter: NotarizationMatter) -> list[Due]:
    due = matter.issuance_due
    if matter.stage is NotarizationStage.APPROVED and due is not None:
        return [Due("issuance", due, matter.issuance_due_provisional)]
    return []


def _offices(record: Any) -> list[str]:
    return [office.hex for office in record.offices]


def _matter_counts(m: NotarizationMatter) -> list[Count]:
    """Applied (assisted ones too) on the day applied for; accepted and issued on theirs."""
    found: list[Count] = [(m.applied_on.isoformat(), "applied", 1)]
    if m.assisting_office_id is not None:
        found.append((m.applied_on.isoformat(), "assisted_applied", 1))
    for name, day in (("accepted", m.accepted_on), ("issued", m.issued_on)):
        if day is not None:
            found.append((day.isoformat(), name, 1))
    return found


MATTERS = RecordKind(
    name="notarizations",
    aggregate=NotarizationMatter,
    columns=(
        Column("stage", lambda m: m.stage.value),
        Column("matter_type", lambda m: m.matter_type.value),
        Column("applied_on", lambda m: m.applied_on.isoformat()),
        Column("accepted_on", lambda m: _day(m.accepted_on)),
        Column("issued_on", lambda m: _day(m.issued_on)),
        Column("assisted", lambda m: int(m.assisting_office_id is not None), "INTEGER"),
        Column("paused_working_days", lambda m: m.paused_working_days, "INTEGER"),
        Column("paused_since", lambda m: _day(m.paused_since)),
    ),
    indexes=(
        ("stage", "opened_position"),
        ("applied_on",),
        ("accepted_on",),
        ("issued_on",),
        ("stage", "accepted_on"),
    ),
    keys=(Keys("office", _offices),),
    deadlines=_issuance,
    counts=_matter_counts,
)

ARRANGEMENTS = RecordKind(
    name="assistance_arrangements",
    aggregate=AssistanceArrangement,
    columns=(
        Column("helping_office_id", lambda a: a.helping_office_id.hex),
        Column("helped_office_id", lambda a: a.helped_office_id.hex),
    ),
)

IMPORTED = RecordKind(
    name="imported_notarizations",
    aggregate=ImportedNotarizationRecord,
    columns=(
        Column("stage", lambda r: r.stage.value),
        Column("irregular", lambda r: int(bool(r.issuance_irregularities())), "INTEGER"),
    ),
    indexes=(("irregular", "opened_position"), ("stage", "opened_position")),
    keys=(Keys("office", _offices),),
)


@dataclass
class OfficeBacklog:
    office_id: UUID
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGE_BANDS, 0))
    assisted: int = 0  # of which matters handled with assistance (for or by this office)

    @property
    def total(self) -> int:
        return sum(self.bands.values())


@dataclass(frozen=True)
class MissedIssuance:
    """漏发: approved, no certificate, past the issuance due date."""

    matter: NotarizationMatter
    due: date
    working_days_overdue: int


@dataclass(frozen=True)
class MissedIssuances:
    items: list[MissedIssuance | ImportedMissedIssuance]
    next_cursor: str | None


@dataclass(frozen=True)
class IssuanceIrregularity:
    """A certificate that the ledger's own commands would have refused (错发). Matters
    recorded through the ledger's commands cannot have one
    (tests/properties/notarizations/test_notarization_properties.py states that as a law)."""

    record: ImportedNotarizationRecord
    rule: str
    detail: str


@dataclass(frozen=True)
class ImportedMissedIssuance:
    """漏发 in an imported record: approved, never issued, past the issuance deadline."""

    record: ImportedNotarizationRecord
    due: date
    working_days_overdue: int


class NotarizationRecords:
    def __init__(
        self,
        db: Database,
        calendar: WorkingCalendar,
        age: Callable[[date, int, date | None, date], int],
        imported_due: Callable[[ImportedNotarizationRecord, date], date | None],
    ) -> None:
        """`age` and `imported_due`: the ledger's (working days, paused time, the policy)."""
        self.db = db
        self.calendar = calendar
        self.age = age
        self.imported_due = imported_due
        self.view = RecordView(db, MATTERS)
        self.arrangements = RecordView(db, ARRANGEMENTS)
        self.imported = RecordView(db, IMPORTED)

    def views(self) -> list[RecordView]:
        return [self.view, self.arrangements, self.imported]

    def list(
        self,
        *,
        office_id: UUID | None = None,
        stage: str | None = None,
        matter_type: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> Page:
        """Matters (of an office, its own or assisted) in the order they were applied for."""
        where, params = equal_filters({"stage": stage, "matter_type": matter_type})
        return self.view.page(
            self.db,
            tag="notarizations",
            where=where,
            params=params,
            keyed=("office", office_id.hex) if office_id else None,
            cursor=cursor,
            limit=limit,
        )

    def metrics(self, start: date, end: date) -> dict[str, int]:
        """Matters applied for (assisted ones too), accepted and issued in [start, end]."""
        counted = self.view.counts(self.db, start.isoformat(), end.isoformat())
        names = ("applied", "accepted", "issued", "assisted_applied")
        return {name: counted[name] for name in names}

    def backlog(self, as_of: date) -> list[OfficeBacklog]:
        """Open accepted matters per office by age band on `as_of`; an assisted matter counts for
        both the helped and the helping office. Counted in SQL by (office, day accepted, pause):
        the age of a group is computed once, so the cost follows the days of the backlog, not
        the number of matters. Of the matters open now (accepted by `as_of`)."""
        open_stages = sorted(s.value for s in OPEN_ACCEPTED)
        groups = self.db.query(
            f"SELECT k.value AS office, r.accepted_on, r.paused_working_days, r.paused_since, "
            f"r.assisted, COUNT(*) AS n FROM {self.view.table} r "
            f"JOIN {self.view.keys_table} k ON k.id = r.id AND k.name = 'office' "
            f"WHERE r.stage IN ({', '.join('?' * len(open_stages))}) AND r.accepted_on > '' "
            "AND r.accepted_on <= ? "
            "GROUP BY k.value, r.accepted_on, r.paused_working_days, r.paused_since, r.assisted",
            [*open_stages, as_of.isoformat()],
        )
        rows: dict[UUID, OfficeBacklog] = {}
        for g in groups:
            paused_since = date.fromisoformat(g["paused_since"]) if g["paused_since"] else None
            age = self.age(
                date.fromisoformat(g["accepted_on"]), int(g["paused_working_days"]), paused_since,
                as_of,
            )  # fmt: skip
            office = UUID(g["office"])
            row = rows.setdefault(office, OfficeBacklog(office))
            row.bands[age_band(age)] += int(g["n"])
            row.assisted += int(g["n"]) if g["assisted"] else 0
        return sorted(rows.values(), key=lambda r: str(r.office_id))

    def missed_issuances(
        self, as_of: date, *, cursor: str | None = None, limit: int = 50
    ) -> MissedIssuances:
        """漏发 on `as_of`: the ledger's approved matters with no certificate past their issuance
        due date, the oldest first, then the imported records in the same state (in the order
        imported). One list, paged: the cursor says which part it is in."""
        tag = f"missed:{as_of.isoformat()}"
        part, inner = "ledger", cursor
        if cursor is not None:
            part, inner = decode_keyset(tag, cursor, 2)
            valid = isinstance(inner, str) and (part == "ledger" or inner.isdigit())
            if part not in ("ledger", "imported") or not valid:
                raise InvalidCursorError(f"invalid cursor {cursor!r}")
            inner = inner or None
        items: list[MissedIssuance | ImportedMissedIssuance] = []
        if part == "ledger":
            page = self.view.overdue(self.db, as_of, cursor=inner, limit=limit)
            items += [
                MissedIssuance(
                    o.record, o.due.on, self.calendar.working_days_between(o.due.on, as_of)
                )
                for o in page.items
            ]
            if page.next_cursor is not None:
                return MissedIssuances(items, encode_keyset(tag, ["ledger", page.next_cursor]))
            part, inner = "imported", None
        # The imported records approved and not issued are few (an office's import is a snapshot
        # of its open matters): computed whole for the day, paged by place.
        start = int(inner) if inner else 0
        imported = self.imported_missed_issuances(as_of)
        room = limit - len(items)
        items += imported[start : start + room]
        if start + room >= len(imported):
            return MissedIssuances(items, None)
        return MissedIssuances(items, encode_keyset(tag, ["imported", str(start + room)]))

    def list_arrangements(self, *, cursor: str | None = None, limit: int = 50) -> Page:
        return self.arrangements.page(self.db, tag="arrangements", cursor=cursor, limit=limit)

    def list_imported(
        self, *, office_id: UUID | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page:
        """Imported records (of an office) in the order they were imported."""
        return self.imported.page(
            self.db,
            tag="imported",
            keyed=("office", office_id.hex) if office_id else None,
            cursor=cursor,
            limit=limit,
        )

    def wrong_issuances(
        self, *, cursor: str | None = None, limit: int = 50
    ) -> tuple[list[IssuanceIrregularity], str | None]:
        """错发: imported certificates issued with no approval before them, or approved by the
        handling notary; a page of records, each with its irregularities."""
        page = self.imported.page(
            self.db, tag="wrong", where=["r.irregular = 1"], cursor=cursor, limit=limit
        )
        found = [
            IssuanceIrregularity(record, rule, detail)
            for record in page.items
            for rule, detail in record.issuance_irregularities()
        ]
        return found, page.next_cursor

    def imported_missed_issuances(self, as_of: date) -> list[ImportedMissedIssuance]:
        """漏发 in imported records on `as_of`: read from the records approved and not issued
        (their deadline depends on the day asked, through any pause still open)."""
        read = lambda cursor: self.imported.page(  # noqa: E731
            self.db,
            tag="imported-approved",
            where=["r.stage = ?"],
            params=[NotarizationStage.APPROVED.value],
            cursor=cursor,
            limit=500,
        )
        missed = []
        for record in every(read):
            due = self.imported_due(record, as_of)
            if due is not None and as_of > due:
                overdue = self.calendar.working_days_between(due, as_of)
                missed.append(ImportedMissedIssuance(record, due, overdue))
        return missed
