"""The registry view is kept exactly once: rows and tracking position commit together."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest

from api.services import Services
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import (
    Practitioner,
    PractitionerDetails,
)
from projections.registry.view import RegistryView
from projections.runner.views import (
    PositionedEvent,
    ViewRunner,
)
from tests.conftest import CLERK


def _populate(services: Services, firms: int = 3, lawyers: int = 7) -> None:
    ledger = services.ledger
    firm_ids = []
    for n in range(firms):
        meta = EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 1, 2), command_id=f"f{n}")
        firm_ids.append(
            ledger.register_organization(
                meta, OrganizationKind.LAW_FIRM, f"VR-F{n}", OrganizationDetails(name=f"所{n}")
            ).subject_id
        )
    for n in range(lawyers):
        meta = EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 1, 3), command_id=f"l{n}")
        lawyer = ledger.register_practitioner(
            meta, PractitionerKind.LAWYER, f"VR-L{n}", PractitionerDetails(name=f"人{n}")
        ).subject_id
        join = EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 1, 4), command_id=f"j{n}")
        ledger.join_organization(join, lawyer, firm_ids[n % firms])


def _rows(services: Services) -> list[dict[str, Any]]:
    return services.db.query(f"SELECT * FROM {services.registry.table} ORDER BY id")


def test_catch_up_reaches_the_head_and_is_idempotent(any_services: Services) -> None:
    _populate(any_services)
    head = any_services.db.head()
    assert any_services.runner.catch_up("registry") == head
    first = _rows(any_services)
    assert len(first) == 10
    assert any_services.runner.catch_up("registry") == head
    assert _rows(any_services) == first


def test_rebuild_equals_incremental(any_services: Services) -> None:
    _populate(any_services, lawyers=3)
    any_services.runner.catch_up("registry")  # part of the log, incrementally
    _populate_more = EventMeta(
        actor=CLERK, reason="r", effective_on=date(2024, 2, 1), command_id="x"
    )
    any_services.ledger.register_organization(
        _populate_more, OrganizationKind.NOTARY_OFFICE, "VR-N1", OrganizationDetails(name="公证处")
    )
    any_services.runner.catch_up("registry")
    incremental = _rows(any_services)
    any_services.runner.rebuild("registry")
    assert _rows(any_services) == incremental


class _Boom(Exception):
    pass


class _FailingView(RegistryView):
    """Writes its rows, then dies before the transaction commits (a runner killed mid-batch)."""

    def __init__(self, inner: RegistryView) -> None:
        self.table = inner.table
        self.periods = inner.periods
        self.fail = True

    def apply(self, db: Any, cursor: Any, events: Sequence[PositionedEvent]) -> None:
        super().apply(db, cursor, events)
        if self.fail:
            raise _Boom("killed after writing rows, before commit")


def test_a_batch_killed_midway_leaves_nothing_and_is_applied_once_later(
    any_services: Services,
) -> None:
    _populate(any_services)
    failing = _FailingView(any_services.registry)
    runner = ViewRunner(any_services.ledger, any_services.db, [failing])
    with pytest.raises(_Boom):
        runner.catch_up("registry")
    assert runner.position("registry") == 0
    assert _rows(any_services) == []
    failing.fail = False
    assert runner.catch_up("registry") == any_services.db.head()
    rows = _rows(any_services)
    assert len(rows) == 10
    # Nothing was applied twice: each row's version is its aggregate's real version.
    for row in rows:
        entity = row["entity"]
        getter = getattr(any_services.ledger, f"get_{entity}")
        from uuid import UUID

        assert row["version"] == getter(UUID(row["id"])).version


def test_concurrent_runners_apply_each_batch_once(any_services: Services) -> None:
    _populate(any_services, lawyers=20)
    runners = [
        ViewRunner(any_services.ledger, any_services.db, [RegistryView(any_services.db)])
        for _ in range(3)
    ]
    for runner in runners:
        runner.BATCH = 5
    errors: list[BaseException] = []

    def run(runner: ViewRunner) -> None:
        try:
            runner.catch_up("registry")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    concurrent = _rows(any_services)
    any_services.runner.rebuild("registry")
    assert _rows(any_services) == concurrent
    assert any_services.runner.position("registry") == any_services.db.head()


def test_a_view_whose_schema_changed_is_rebuilt_on_start(any_services: Services) -> None:
    _populate(any_services, lawyers=2)
    any_services.runner.catch_up("registry")
    rows = _rows(any_services)
    # Pretend the stored view was built by an older fold with another table shape.
    with any_services.db.transaction() as cursor:
        any_services.db.execute(cursor, f"DROP TABLE {any_services.registry.table}")
        any_services.db.execute(
            cursor, f"CREATE TABLE {any_services.registry.table} (id TEXT PRIMARY KEY)"
        )
        any_services.db.execute(
            cursor, f"UPDATE {any_services.runner.tracking} SET schema = 'registry-old'"
        )
    any_services.runner.create_tables()
    assert any_services.runner.position("registry") == 0
    any_services.runner.catch_up("registry")
    assert _rows(any_services) == rows


# -- every view together ----------------------------------------------------------------------


def _all_rows(services: Services) -> dict[str, list[str]]:
    from tests.integration.runner_support import snapshot

    return snapshot(services)


def test_views_at_one_position_are_read_for_together_each_event_decoded_once(
    any_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(any_services, lawyers=5)
    any_services.runner.rebuild_all()  # all views at the head, then more events
    _populate_more(any_services)
    head = any_services.db.head()
    behind = head - any_services.runner.position("registry")
    reads, decoded = _count_reads_and_decodes(any_services, monkeypatch)
    any_services.runner.catch_up_all()
    assert set(any_services.runner.positions().values()) == {head}
    # One read for all views (of the union of their topics); each event decoded once.
    assert len(reads) == 1 and 0 < reads[0] <= behind
    assert len(decoded) == len(set(decoded)) == reads[0]


def test_views_that_stand_apart_are_brought_together_then_read_for_together(
    any_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(any_services, lawyers=5)
    any_services.runner.catch_up("registry")
    _populate_more(any_services)
    reads, decoded = _count_reads_and_decodes(any_services, monkeypatch)
    any_services.runner.catch_up_all()
    head = any_services.db.head()
    assert set(any_services.runner.positions().values()) == {head}
    # The views behind first come up to the registry's position, then all go on as one.
    assert len(reads) == 2
    assert len(decoded) == len(set(decoded)) == sum(reads)
    incremental = _all_rows(any_services)
    any_services.runner.rebuild_all()
    assert _all_rows(any_services) == incremental


def test_rebuilding_all_in_one_pass_equals_rebuilding_each_and_keeping_up(
    any_services: Services,
) -> None:
    any_services.runner.BATCH = 4  # many small batches while the log grows
    _populate(any_services, lawyers=3)
    any_services.runner.catch_up_all()
    _populate_more(any_services)
    any_services.runner.catch_up_all()
    incremental = _all_rows(any_services)
    any_services.runner.rebuild_all(batch=7)
    assert _all_rows(any_services) == incremental
    for name in any_services.runner.views:
        any_services.runner.rebuild(name, batch=5)
    assert _all_rows(any_services) == incremental


def test_a_stopping_runner_finishes_its_batch_and_goes_no_further(any_services: Services) -> None:
    _populate(any_services, lawyers=6)
    any_services.runner.rebuild_all()
    _populate_more(any_services)
    start = any_services.runner.position("registry")
    batches: list[int] = []
    asked = iter([False, True])
    reached = any_services.runner.catch_up(
        "registry",
        batch=1,
        stop=lambda: next(asked),
        report=lambda _views, position, _read: batches.append(position),
    )
    assert len(batches) == 1 and reached == batches[0] == any_services.runner.position("registry")
    assert start < reached < any_services.db.head()


def test_a_view_without_a_tracking_row_is_an_error_not_a_loop(any_services: Services) -> None:
    _populate(any_services, firms=1, lawyers=0)
    with any_services.db.transaction() as cursor:
        any_services.db.execute(
            cursor, f"DELETE FROM {any_services.runner.tracking} WHERE name = 'registry'"
        )
    with pytest.raises(LookupError, match="registry"):
        any_services.runner.catch_up("registry")


def _populate_more(services: Services) -> None:
    meta = EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 2, 1), command_id="more")
    services.ledger.register_organization(
        meta, OrganizationKind.NOTARY_OFFICE, "VR-N9", OrganizationDetails(name="公证处")
    )
    lawyer = services.ledger.register_practitioner(
        EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 2, 2), command_id="more-l"),
        PractitionerKind.LAWYER,
        "VR-L99",
        PractitionerDetails(name="新人"),
    ).subject_id
    services.ledger.suspend_licence(
        EventMeta(actor=CLERK, reason="r", effective_on=date(2024, 2, 3), command_id="more-s"),
        Practitioner,
        lawyer,
        date(2024, 3, 1),
        date(2024, 4, 30),
    )


def _count_reads_and_decodes(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], list[int]]:
    """(events per log read, positions decoded) from now on."""
    reads: list[int] = []
    decoded: list[int] = []
    recorder, mapper = services.ledger.recorder, services.ledger.mapper
    select, to_event = recorder.select_notifications, mapper.to_domain_event

    def counting_select(*args: Any, **kwargs: Any) -> Any:
        found = select(*args, **kwargs)
        reads.append(len(found))
        return found

    def counting_decode(notification: Any) -> Any:
        decoded.append(notification.id)
        return to_event(notification)

    monkeypatch.setattr(recorder, "select_notifications", counting_select)
    monkeypatch.setattr(mapper, "to_domain_event", counting_decode)
    return reads, decoded
