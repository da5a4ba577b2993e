"""The superseded view and the audit trail on SQLite and PostgreSQL: the stored links equal the
on-demand fold, a rebuild equals the incremental view, and a subject's trail read from the two
stored views equals the trail folded from the whole log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from api.services import Services
from domain.appeals.appeal import (
    AppealKind,
    AppealOutcome,
)
from domain.core.values import EventMeta
from domain.registry.practitioners import Practitioner
from projections.audit.subjects import fold_index
from projections.audit.superseded import fold_superseded
from projections.audit.trail import (
    AuditTrail,
    TrailFilter,
    topics_for,
)
from projections.runner.events import iter_events
from tests.application.appeals.test_appeals import (
    file,
    m,
    served_warning,
)

Meta = Callable[..., EventMeta]


def _history(services: Services, meta: Meta) -> tuple[UUID, UUID]:
    """A lawyer whose details change, whose licence is suspended and reinstated, and whose
    published warning is annulled on reconsideration. Returns (lawyer, case)."""
    ledger = services.ledger
    case = served_warning(ledger, meta, publish=True)
    lawyer = ledger.get_sanction_case(case).subject_id
    ledger.change_practitioner_details(m(meta, date(2024, 4, 2)), lawyer, {"name": "改名（虚构）"})
    ledger.suspend_licence(
        m(meta, date(2024, 4, 3)), Practitioner, lawyer, date(2024, 4, 10), date(2024, 5, 9)
    )
    ledger.reinstate_licence(m(meta, date(2024, 4, 20)), Practitioner, lawyer)
    appeal = file(ledger, meta, case, AppealKind.RECONSIDERATION, date(2024, 4, 15))
    ledger.accept_appeal(m(meta, date(2024, 4, 16)), appeal)
    ledger.decide_appeal(m(meta, date(2024, 5, 6)), appeal, AppealOutcome.ANNULLED)
    ledger.change_practitioner_details(m(meta, date(2024, 5, 7)), lawyer, {"name": "再改（虚构）"})
    return lawyer, case


def _stored(services: Services) -> tuple[list[object], list[object]]:
    view = services.superseded
    return list(view.all_links(services.db)), list(view.standing_rows(services.db))


def test_stored_supersessions_equal_the_on_demand_fold(any_services: Services, meta: Meta) -> None:
    _lawyer, case = _history(any_services, meta)
    any_services.runner.catch_up("superseded")
    links, standing = _stored(any_services)
    expected, state = fold_superseded(iter_events(any_services.ledger))
    assert links == expected
    assert standing == state.rows()
    rules = {s.rule for s in expected}
    assert {
        "AppealAnnulsSanction",
        "SanctionPublicationWithdrawn",
        "PractitionerDetailsReplaced",
        "PractitionerReinstatementEndsSuspension",
    } <= rules
    annulled = next(s for s in expected if s.rule == "AppealAnnulsSanction")
    assert annulled.originator_id == case
    assert annulled.topic == "ledger.SanctionCase.Decided"


def test_rebuilt_and_batch_by_batch_views_equal_the_incremental_one(
    any_services: Services, meta: Meta
) -> None:
    runner = any_services.runner
    served_warning(any_services.ledger, meta, publish=True)
    runner.catch_up("superseded")  # part of the log first
    _history(any_services, meta)
    runner.catch_up("superseded")
    incremental = _stored(any_services)
    runner.rebuild("superseded")
    assert _stored(any_services) == incremental
    runner.BATCH = 1  # every event in its own transaction, resumed from the stored state
    runner.rebuild("superseded")
    assert _stored(any_services) == incremental


def test_the_trail_from_stored_views_equals_the_trail_folded_from_the_log(
    any_services: Services, meta: Meta
) -> None:
    lawyer, _case = _history(any_services, meta)
    head = any_services.runner.catch_up_all()
    upto = min(head["subject_index"], head["superseded"])
    trail = AuditTrail(any_services.subjects, any_services.superseded)
    stored = trail.page(
        any_services.db, lawyer, TrailFilter(), after=0, upto=upto, limit=10_000
    ).entries

    events = list(iter_events(any_services.ledger))
    index = [e for e in fold_index(events) if e.subject_id == lawyer]
    links, _state = fold_superseded(events)
    later = {p: [(s.by_position, s.by_topic) for s in links if s.position == p] for p, _ in events}
    assert [
        (e.position, e.record_id, e.record_version, e.topic, e.relation, e.actor, e.role,
         e.reason, e.effective_on, e.recorded_at, [(r.position, r.topic) for r in e.superseded_by])
        for e in stored
    ] == [
        (i.position, i.originator_id, i.originator_version, i.topic, i.relation, i.actor, i.role,
         i.reason, date.fromisoformat(i.effective_on) if i.effective_on else None, i.recorded_at,
         later[i.position])
        for i in index
    ]  # fmt: skip
    kinds = {e.record_kind for e in stored}
    assert kinds == {"Practitioner", "SanctionCase", "Appeal"}
    assert any(e.superseded_by for e in stored) and any(e.supersedes for e in stored)

    # A filtered page is the full trail with the others left out, in the same order.
    wanted = TrailFilter(
        topics=topics_for(["SanctionCase", "Practitioner.DetailsChanged"]),
        effective_from=date(2024, 3, 20),
        effective_to=date(2024, 5, 6),
    )
    filtered = trail.page(any_services.db, lawyer, wanted, after=0, upto=upto, limit=10_000)
    assert [e.position for e in filtered.entries] == [
        e.position
        for e in stored
        if e.topic in wanted.topics
        and e.effective_on is not None
        and date(2024, 3, 20) <= e.effective_on <= date(2024, 5, 6)
    ]
    assert filtered.entries and filtered.next_cursor is None
