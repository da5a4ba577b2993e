"""`ledger verify`: recompute every leaf from the events table and hold it against the sealed
Merkle log and against every signed checkpoint.

What is checked, in one streaming pass over the stored events (memory O(log n)):
1. each checkpoint's signature, with the ledger's public key (or one given by the auditor), and
   that the table's root column says what the signed note says;
2. each stored event's leaf against the leaf sealed for its leaf index: the first disagreement
   is the first mismatching log position, classified as changed (same position, other bytes),
   missing (a sealed position no longer stored: deleted) or inserted (a stored position that
   was never sealed there);
3. the root of the recomputed leaves at each checkpoint's size against the signed root, and the
   sealed tree's root there too. A tree rebuilt to match rewritten events fails that one as
   well, and then roots are all there is: the first change lies after the largest checkpoint
   that still matches and within the smallest that does not (one range, reported once; every
   later checkpoint fails because it contains that change).
Guards in the database stop the application rewriting events; this finds what a superuser did.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from projections.integrity import merkle
from projections.integrity.checkpoints import checkpoint_fields
from projections.integrity.merkle import Frontier
from projections.integrity.proofs import (
    ProofError,
    open_note,
    parse_checkpoint,
    parse_public_key,
)
from projections.integrity.service import IntegrityService
from store.leaves import hash_leaves
from store.stored_rows import originator_problem, row_problem

UNREADABLE = b"\xff" * 32  # the leaf of a row that is not what the ledger wrote: matches nothing


@dataclass(frozen=True)
class Finding:
    kind: str  # changed | missing | inserted | rewritten | signature | checkpoint
    detail: str
    position: int | None = None
    subject: UUID | None = None
    leaf_index: int | None = None
    last_position: int | None = None  # a range of positions, when no single one is known


@dataclass
class AuditReport:
    events: int = 0  # stored events read
    sealed: int = 0  # leaves in the sealed tree
    checkpoints: int = 0  # checkpoints checked
    largest: tuple[int, bytes] | None = None  # size and root of the largest checkpoint checked
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def first(self) -> Finding | None:
        """The finding at the earliest log position (the first mismatching event)."""
        placed = [f for f in self.findings if f.position is not None]
        return min(placed, key=lambda f: f.position or 0) if placed else None


@dataclass
class _Target:
    size: int
    root: bytes
    label: str


class _Sealed:
    """Sealed leaves by leaf index, read a few chunks at a time."""

    def __init__(self, service: IntegrityService) -> None:
        self.view, self.db = service.view, service.db
        self.start = 0
        self.leaves = b""
        self.positions: tuple[int, ...] = ()
        self.subjects = b""

    def window(self, start: int, count: int) -> tuple[bytes, tuple[int, ...], bytes]:
        end = start + count
        if not (self.start <= start and end <= self.start + len(self.positions)):
            first = start >> self.view.chunk_level
            last = (end - 1) >> self.view.chunk_level if count else first
            with self.db.transaction(commit=False) as cursor:
                rows = self.view.chunk_rows(self.db, cursor, range(first, last + 1))
            ordered = [rows[c] for c in sorted(rows)]
            self.start = first << self.view.chunk_level
            self.leaves = b"".join(bytes(r["leaves"]) for r in ordered)
            raw = b"".join(bytes(r["positions"]) for r in ordered)
            self.positions = struct.unpack(f">{len(raw) // 8}Q", raw)
            self.subjects = b"".join(bytes(r["subjects"]) for r in ordered)
        a, b = start - self.start, end - self.start
        return self.leaves[a * 32 : b * 32], self.positions[a:b], self.subjects[a * 16 : b * 16]


def _stored_batches(
    service: IntegrityService, batch: int
) -> Iterable[list[tuple[tuple[Any, ...], str | None]]]:
    """Stored rows in log order, as the driver returns them, each with what is wrong with it
    (None if it is what the ledger wrote: see store.stored_rows)."""
    db, view = service.db, service.view
    after = 0
    while True:
        with db.transaction(commit=False) as cursor:
            rows = view.rows.raw(db, cursor, after=after, limit=batch)
        if not rows:
            return
        yield [(row, row_problem(*row[1:])) for row in rows]
        after = rows[-1][0]


def _targets(
    service: IntegrityService, public_key: str, notes: Sequence[str], report: AuditReport
) -> list[_Target]:
    name, raw = parse_public_key(public_key)
    targets: dict[int, _Target] = {}

    def add(note: str, label: str, stored_root: bytes | None = None) -> None:
        report.checkpoints += 1
        try:
            _, size, root = parse_checkpoint(open_note(note, name, raw))
        except ProofError as exc:
            report.findings.append(Finding("signature", f"{label}: {exc}"))
            return
        if stored_root is not None and stored_root != root:
            report.findings.append(
                Finding("checkpoint", f"{label}: the root column differs from the signed note")
            )
        known = targets.get(size)
        if known is not None and known.root != root:
            report.findings.append(
                Finding("checkpoint", f"{label} and {known.label} sign different roots (a fork)")
            )
        targets[size] = _Target(size, root, label)

    for checkpoint in service.checkpoints.all():
        add(checkpoint.note, f"checkpoint {checkpoint.tree_size}", checkpoint.root)
    for i, note in enumerate(notes, 1):
        try:
            size = checkpoint_fields(note)[1]
        except ProofError:
            size = -1
        add(note, f"external checkpoint #{i} (size {size})")
    return sorted(targets.values(), key=lambda t: t.size)


def audit(
    service: IntegrityService,
    *,
    public_key: str | None = None,
    notes: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    batch: int = 20_000,
) -> AuditReport:
    """Check the whole log; see the module docstring. `notes` are signed checkpoints held
    outside the database; `progress` is called with the number of events read per batch."""
    report = AuditReport(sealed=service.sealed_size())
    targets = _targets(service, public_key or service.signer.verifier_key, notes, report)
    if targets:
        report.largest = (targets[-1].size, targets[-1].root)
    pending = list(targets)
    sealed = _Sealed(service)
    frontier, chunk = Frontier(), service.view.chunk_size
    tail: list[bytes] = []
    index = 0
    event_finding: Finding | None = None
    positions_at: dict[int, int] = {}  # leaf index -> stored position, at checkpoint edges
    marks = {0} | {t.size - 1 for t in targets if t.size} | {t.size for t in targets}
    held: list[tuple[_Target, bool]] = []  # each checkpoint, and whether the events still match

    while pending and pending[0].size == 0:
        held.append((pending.pop(0), True))
    for rows in _stored_batches(service, batch):
        leaves, subjects = hash_leaves([row for row, _ in rows])
        for i, (_, problem) in enumerate(rows):
            if problem is not None:
                leaves[i] = UNREADABLE
        if event_finding is None and index < report.sealed:
            count = min(len(rows), report.sealed - index)
            event_finding = _compare(sealed, index, rows[:count], leaves[:count], subjects)
        if event_finding is None:
            event_finding = _malformed_unsealed(rows, index, report.sealed, subjects)
        for mark in marks:
            if index <= mark < index + len(rows):
                positions_at[mark] = rows[mark - index][0][0]
        done = 0
        while done < len(leaves):
            # Up to the end of the chunk or the next checkpoint's size, whichever comes first.
            step = chunk - len(tail)
            if pending:
                step = min(step, pending[0].size - index)
            taken = leaves[done : done + step]
            tail += taken
            done += len(taken)
            index += len(taken)
            if len(tail) == chunk:
                frontier.push(service.view.chunk_level, merkle.complete_subtree(b"".join(tail)))
                tail = []
            while pending and pending[0].size == index:
                target = pending.pop(0)
                held.append((target, frontier.root(tail) == target.root))
        report.events += len(rows)
        if progress is not None:
            progress(len(rows))

    for target in pending:
        report.findings.append(
            Finding(
                "checkpoint",
                f"{target.label} covers {target.size} events but only {index} are stored",
            )
        )
    if event_finding is None and index < report.sealed:
        leaf = service.view.leaf_at(service.db, index)
        event_finding = Finding(
            "missing",
            f"the sealed event at position {leaf.position} (leaf {index}) is no longer stored",
            leaf.position,
            leaf.subject,
            index,
        )
    if event_finding is not None:
        report.findings.insert(0, event_finding)
    report.findings += _checkpoint_findings(service, report, held, positions_at)
    return report


def _subject(row: Sequence[Any], oid: bytes) -> UUID | None:
    """The row's originator id, if it is readable as one."""
    return UUID(bytes=oid) if originator_problem(row[1]) is None else None


def _malformed_unsealed(
    rows: Sequence[tuple[tuple[Any, ...], str | None]],
    start: int,
    sealed_size: int,
    subjects: list[bytes],
) -> Finding | None:
    """The first row past the sealed leaves that is not what the ledger wrote, if any."""
    for i, (row, problem) in enumerate(rows):
        if start + i >= sealed_size and problem is not None:
            position = int(row[0])
            return Finding(
                "malformed",
                f"the stored event at position {position} (not sealed yet) is not what the "
                f"ledger wrote: {problem}",
                position,
                _subject(row, subjects[i]),
                None,
            )
    return None


def _compare(
    sealed: _Sealed,
    start: int,
    rows: Sequence[tuple[tuple[Any, ...], str | None]],
    leaves: list[bytes],
    subjects: list[bytes],
) -> Finding | None:
    """The first stored event that disagrees with its sealed leaf, if any, in this batch."""
    sealed_leaves, sealed_positions, sealed_subjects = sealed.window(start, len(rows))
    positions = tuple(row[0] for row, _ in rows)
    if positions == sealed_positions and b"".join(leaves) == sealed_leaves:
        return None
    for i, (row, problem) in enumerate(rows):
        position, subject = int(row[0]), _subject(row, subjects[i])
        sealed_position = sealed_positions[i]
        sealed_subject = UUID(bytes=sealed_subjects[i * 16 : i * 16 + 16])
        index = start + i
        if position > sealed_position:
            return Finding(
                "missing",
                f"the sealed event at position {sealed_position} (leaf {index}) is no longer "
                "stored",
                sealed_position,
                sealed_subject,
                index,
            )
        if position < sealed_position:
            return Finding(
                "inserted",
                f"the stored event at position {position} was never sealed (leaf {index} seals "
                f"position {sealed_position})",
                position,
                subject,
                index,
            )
        if leaves[i] != sealed_leaves[i * 32 : i * 32 + 32]:
            subject = subject or sealed_subject
            detail = f"the stored event at position {position} (leaf {index}) was changed"
            if problem is not None:
                detail += f": it is not what the ledger wrote ({problem})"
            if subject != sealed_subject:
                detail += f"; it was sealed as an event of {sealed_subject}"
            return Finding("changed", detail, position, subject, index)
    return None


def _checkpoint_findings(
    service: IntegrityService,
    report: AuditReport,
    held: list[tuple[_Target, bool]],
    positions_at: dict[int, int],
) -> list[Finding]:
    """One finding per checkpoint whose root the stored events no longer have; and, when the
    sealed tree was rebuilt over changed events (so comparing leaves found nothing), where the
    first difference can be shown to lie: after the largest checkpoint that still matches and
    before the end of the smallest that does not. Nothing finer is known from roots alone, and
    no range is given that might not hold the change."""
    failed = [target for target, matches in held if not matches]
    findings = [
        Finding("checkpoint", f"the stored events no longer have the root {t.label} signed")
        for t in failed
    ]
    if not failed:
        return findings
    first = failed[0]
    if first.size <= report.sealed and (
        merkle.root(service.view.source(service.db), first.size) == first.root
    ):
        return findings  # the sealed tree still has it: the leaf comparison names the event
    start = max((t.size for t, matches in held if matches and t.size < first.size), default=0)
    end = first.size - 1
    lo, hi = positions_at.get(start), positions_at.get(end)
    findings.append(
        Finding(
            "rewritten",
            f"the sealed tree no longer has the root {first.label} signed either (rebuilt over "
            f"changed events?): the first change lies among leaves {start}..{end} (log "
            f"positions {lo}..{hi}), after what the last matching checkpoint covers; later "
            "checkpoints fail because they contain it",
            lo,
            None,
            start,
            last_position=hi,
        )
    )
    return findings
