"""Which events superseded which: rules as data, a pure fold, and its stored view.

Corrections are new events, never edits (DESIGN.md): an appeal varies a grade with
`VariedOnAppeal`, a withdrawal ends a publication, a reinstatement ends a suspension. An audit
trail shows, beside each event, the later events that superseded it; this view keeps those links
so a trail page costs a few indexed reads instead of a scan of the log.

A rule says: an event of topic `by` supersedes the LATEST earlier event of the SAME record whose
topic is in `of` and which nothing has superseded yet (it is "standing"). A second variation on
appeal therefore supersedes the first variation, not the original grade again; a second
suspension is ended by the second reinstatement. Adding a correcting event type is one more
entry in `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from domain.notarizations.values import ReviewOutcome
from projections.runner.views import PositionedEvent
from store.database import Database


def _always(_event: Any) -> bool:
    return True


def _corrects_or_revokes(event: Any) -> bool:
    return getattr(event, "outcome", None) in (ReviewOutcome.CORRECT, ReviewOutcome.REVOKE)


@dataclass(frozen=True)
class Supersedes:
    """An event of topic `by` supersedes the latest standing event of its record in `of`."""

    rule: str
    by: str
    of: tuple[str, ...]
    when: Callable[[Any], bool] = _always  # only events that satisfy it supersede


def _topics(aggregate: str, *events: str) -> tuple[str, ...]:
    return tuple(f"ledger.{aggregate}.{e}" for e in events)


EVALUATION_RESULTS = _topics(
    "Evaluation",
    "FinalGradeRecorded",
    "FinalResultRecorded",
    "AssessmentRecorded",
    "VariedOnAppeal",
)
INSPECTION_RESULTS = _topics("Inspection", "ResultRecorded", "VariedOnAppeal")
SANCTION_DECISIONS = _topics(
    "SanctionCase", "Decided", "MunicipalDecisionRecorded", "VariedOnAppeal"
)


def _details(aggregate: str) -> Supersedes:
    return Supersedes(
        f"{aggregate}DetailsReplaced",
        f"ledger.{aggregate}.DetailsChanged",
        _topics(aggregate, "Registered", "DetailsChanged"),
    )


def _reinstated(aggregate: str) -> Supersedes:
    return Supersedes(
        f"{aggregate}ReinstatementEndsSuspension",
        f"ledger.{aggregate}.LicenceReinstated",
        _topics(aggregate, "LicenceSuspended"),
    )


RULES: tuple[Supersedes, ...] = (
    # Appeals (异议, 复议, 诉讼): the decision's consequences on the target record.
    Supersedes("AppealVariesEvaluation", "ledger.Evaluation.VariedOnAppeal", EVALUATION_RESULTS),
    Supersedes("AppealAnnulsEvaluation", "ledger.Evaluation.AnnulledOnAppeal", EVALUATION_RESULTS),
    Supersedes(
        "SupervisorCorrectsProposedResult",
        "ledger.Evaluation.ProposedResultCorrected",
        _topics("Evaluation", "ResultProposed", "ProposedResultCorrected"),
    ),
    Supersedes(
        "EvaluationPublicityWithdrawn",
        "ledger.Evaluation.PublicationWithdrawn",
        _topics("Evaluation", "Publicised"),
    ),
    Supersedes("AppealVariesInspection", "ledger.Inspection.VariedOnAppeal", INSPECTION_RESULTS),
    Supersedes("AppealAnnulsInspection", "ledger.Inspection.AnnulledOnAppeal", INSPECTION_RESULTS),
    Supersedes(
        "InspectionPublicationWithdrawn",
        "ledger.Inspection.PublicationWithdrawn",
        _topics("Inspection", "Published"),
    ),
    Supersedes("AppealVariesSanction", "ledger.SanctionCase.VariedOnAppeal", SANCTION_DECISIONS),
    Supersedes("AppealAnnulsSanction", "ledger.SanctionCase.AnnulledOnAppeal", SANCTION_DECISIONS),
    # A sanction case: a new pre-decision notice replaces the one in force and withdraws a
    # proposal made under it; a new proposal replaces one not yet approved.
    Supersedes(
        "NewNoticeReplacesNotice",
        "ledger.SanctionCase.PreDecisionNoticeServed",
        _topics("SanctionCase", "PreDecisionNoticeServed"),
    ),
    Supersedes(
        "NewNoticeWithdrawsProposal",
        "ledger.SanctionCase.PreDecisionNoticeServed",
        _topics("SanctionCase", "DecisionProposed"),
    ),
    Supersedes(
        "NewProposalReplacesProposal",
        "ledger.SanctionCase.DecisionProposed",
        _topics("SanctionCase", "DecisionProposed"),
    ),
    Supersedes(
        "SanctionPublicationWithdrawn",
        "ledger.SanctionCase.PublicationWithdrawn",
        _topics("SanctionCase", "Published"),
    ),
    # The registry: new details replace the previous ones; a reinstatement ends a suspension.
    _details("Organization"),
    _details("Practitioner"),
    _details("Inspector"),
    _reinstated("Organization"),
    _reinstated("Practitioner"),
    Supersedes(
        "InspectorReactivationEndsDeactivation",
        "ledger.Inspector.Reactivated",
        _topics("Inspector", "Deactivated"),
    ),
    # A notarization review (复查) that corrects or revokes the certificate.
    Supersedes(
        "ReviewCorrectsOrRevokesCertificate",
        "ledger.NotarizationMatter.ReviewDecided",
        _topics("NotarizationMatter", "CertificateIssued"),
        _corrects_or_revokes,
    ),
    Supersedes("TokenRevoked", "ledger.ApiToken.Revoked", _topics("ApiToken", "Issued")),
)

RULES_BY_TOPIC: dict[str, tuple[Supersedes, ...]] = {}
for _rule in RULES:
    RULES_BY_TOPIC[_rule.by] = (*RULES_BY_TOPIC.get(_rule.by, ()), _rule)
SUPERSEDABLE = frozenset(topic for rule in RULES for topic in rule.of)
TOPICS = tuple(sorted(SUPERSEDABLE | set(RULES_BY_TOPIC)))


def topic_of(event: Any) -> str:
    return str(type(event).TOPIC)


@dataclass(frozen=True, order=True)
class Supersession:
    """The event at `position` was superseded by the later event at `by_position` (same
    record)."""

    position: int
    by_position: int
    topic: str
    by_topic: str
    originator_id: UUID
    rule: str


Standing = tuple[int, str]  # (position, topic) of an event a later one may still supersede


@dataclass
class SupersededFold:
    """The fold's state: per record, its standing events. Records what it added to and removed
    from that state since it was built, so the stored view writes only the difference."""

    standing: dict[UUID, list[Standing]] = field(default_factory=dict)
    added: set[tuple[UUID, int, str]] = field(default_factory=set)
    removed: set[tuple[UUID, int, str]] = field(default_factory=set)

    @classmethod
    def of(cls, known: Mapping[UUID, Iterable[Standing]]) -> SupersededFold:
        return cls(standing={k: sorted(v) for k, v in known.items()})

    def apply(self, position: int, event: Any) -> list[Supersession]:
        topic = topic_of(event)
        record = event.originator_id
        standing = self.standing.setdefault(record, [])
        found: list[Supersession] = []
        for rule in RULES_BY_TOPIC.get(topic, ()):
            if not rule.when(event):
                continue
            candidates = [s for s in standing if s[1] in rule.of]
            if not candidates:
                continue
            target = max(candidates)  # the latest: positions grow with the log
            standing.remove(target)
            self._forget(record, target)
            found.append(Supersession(target[0], position, target[1], topic, record, rule.rule))
        if topic in SUPERSEDABLE:
            standing.append((position, topic))
            self.added.add((record, position, topic))
        return found

    def _forget(self, record: UUID, target: Standing) -> None:
        key = (record, *target)
        if key in self.added:
            self.added.discard(key)
        else:
            self.removed.add(key)

    def rows(self) -> list[tuple[UUID, int, str]]:
        return sorted((r, p, t) for r, items in self.standing.items() for p, t in items)


def fold_superseded(events: Iterable[PositionedEvent]) -> tuple[list[Supersession], SupersededFold]:
    """Every supersession, folded on demand from events in log order (no database), and the
    fold's final state."""
    fold = SupersededFold()
    found: list[Supersession] = []
    for position, event in events:
        found += fold.apply(position, event)
    return sorted(found), fold


@dataclass(frozen=True)
class EventRef:
    position: int
    topic: str


class SupersededView:
    """Stored view: `superseded` (one row per link) and `superseded_standing` (the fold's
    state: the events that may still be superseded)."""

    name = "superseded"
    schema = "2"  # 2: notices and proposals of sanction cases are superseded too
    topics: Sequence[str] = TOPICS  # only the events a rule names

    def __init__(self, db: Database) -> None:
        self.table = db.table("superseded")
        self.standing_table = db.table("superseded_standing")
        self.by_index = "superseded_by_position"  # an index is named without its schema

    def create(self, db: Database, cursor: Any) -> None:
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.table} (position BIGINT NOT NULL, "
            "topic TEXT NOT NULL, by_position BIGINT NOT NULL, by_topic TEXT NOT NULL, "
            "originator_id TEXT NOT NULL, rule TEXT NOT NULL, "
            "PRIMARY KEY (position, by_position))",
        )
        # The reverse link (what an event supersedes) is read by `by_position`.
        db.execute(
            cursor,
            f"CREATE INDEX IF NOT EXISTS {self.by_index} ON {self.table} (by_position)",
        )
        db.execute(
            cursor,
            f"CREATE TABLE IF NOT EXISTS {self.standing_table} (originator_id TEXT NOT NULL, "
            "position BIGINT NOT NULL, topic TEXT NOT NULL, PRIMARY KEY (originator_id, position))",
        )

    def drop(self, db: Database, cursor: Any) -> None:
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.table}")  # drops its index too
        db.execute(cursor, f"DROP TABLE IF EXISTS {self.standing_table}")

    def _known(self, db: Database, cursor: Any, records: set[UUID]) -> SupersededFold:
        """The fold's state for the records this batch touches."""
        known: dict[UUID, list[Standing]] = {}
        rows = db.select_in(
            cursor,
            f"SELECT originator_id, position, topic FROM {self.standing_table} "
            "WHERE originator_id IN ({in})",
            {r.hex for r in records},
        )
        for row in rows:
            key = UUID(row["originator_id"])
            known.setdefault(key, []).append((int(row["position"]), row["topic"]))
        return SupersededFold.of(known)

    def apply(self, db: Database, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        fold = self._known(db, cursor, {e.originator_id for _, e in events})
        links: list[Supersession] = []
        for position, event in events:
            links += fold.apply(position, event)
        if fold.removed:
            cursor.executemany(
                db.sql(
                    f"DELETE FROM {self.standing_table} WHERE originator_id = ? AND position = ?"
                ),
                [(r.hex, p) for r, p, _t in sorted(fold.removed)],
            )
        db.insert_many(
            cursor,
            self.standing_table,
            ("originator_id", "position", "topic"),
            [(r.hex, p, t) for r, p, t in sorted(fold.added)],
        )
        db.insert_many(
            cursor,
            self.table,
            ("position", "topic", "by_position", "by_topic", "originator_id", "rule"),
            [
                (s.position, s.topic, s.by_position, s.by_topic, s.originator_id.hex, s.rule)
                for s in links
            ],
        )

    # -- reads ---------------------------------------------------------------------------------

    def superseded_by(
        self, db: Database, positions: Sequence[int], *, upto: int
    ) -> dict[int, list[EventRef]]:
        """For each of these positions, the later events (up to `upto`) that superseded it."""
        return self._links(db, positions, upto, "position", "by_position", "by_topic")

    def supersedes(
        self, db: Database, positions: Sequence[int], *, upto: int
    ) -> dict[int, list[EventRef]]:
        """For each of these positions, the earlier events it superseded."""
        return self._links(db, positions, upto, "by_position", "position", "topic")

    def _links(
        self, db: Database, positions: Sequence[int], upto: int, key: str, other: str, topic: str
    ) -> dict[int, list[EventRef]]:
        found: dict[int, list[EventRef]] = {}
        wanted = sorted(set(positions))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = db.query(
                f"SELECT {key} AS k, {other} AS p, {topic} AS t FROM {self.table} "
                f"WHERE {key} IN ({marks}) AND by_position <= ? ORDER BY {key}, {other}",
                [*chunk, upto],
            )
            for row in rows:
                found.setdefault(int(row["k"]), []).append(EventRef(int(row["p"]), row["t"]))
        return found

    def all_links(self, db: Database) -> list[Supersession]:
        rows = db.query(f"SELECT * FROM {self.table} ORDER BY position, by_position")
        return sorted(
            Supersession(
                int(r["position"]),
                int(r["by_position"]),
                r["topic"],
                r["by_topic"],
                UUID(r["originator_id"]),
                r["rule"],
            )
            for r in rows
        )

    def standing_rows(self, db: Database) -> list[tuple[UUID, int, str]]:
        rows = db.query(f"SELECT * FROM {self.standing_table}")
        return sorted((UUID(r["originator_id"]), int(r["position"]), r["topic"]) for r in rows)
