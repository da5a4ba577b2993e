"""What the recorders write in the transaction that stores events: each event's Merkle leaf
hash, and the links the command side looks records up by. Both are append-only; sealing reads
the hashes, `ledger verify` does not trust them; links a ledger written before them lacks are
backfilled from its events on first open."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from api.services import Services, open_services
from domain.appeals.appeal import AppealKind
from domain.core.values import EventMeta, PractitionerKind
from domain.registry.practitioners import PractitionerDetails
from domain.sanctions.rules import CaseOrigin
from projections.integrity.audit import audit
from projections.integrity.proofs import encode_event, leaf_hash
from store.recorders import LEAVES, LINKS
from tests.conftest import CLERK, fixed_clock
from tests.fixture_data import fixture_rows, write_events_only_ledger
from tests.integration.integrity_support import change_one_byte, record, stored


def _leaves(services: Services) -> dict[int, tuple[bytes, bytes]]:
    rows = services.db.query(f"SELECT position, leaf, originator FROM {services.db.table(LEAVES)}")
    return {int(r["position"]): (bytes(r["leaf"]), bytes(r["originator"])) for r in rows}


def test_each_event_is_hashed_in_the_transaction_that_stores_it(any_services: Services) -> None:
    record(any_services, 4)
    leaves = _leaves(any_services)
    events = stored(any_services)
    assert sorted(leaves) == [e["position"] for e in events] and len(events) == 8
    for e in events:
        d = encode_event(
            e["position"], e["originator_id"].bytes, e["originator_version"], e["topic"], e["state"]
        )
        assert leaves[e["position"]] == (leaf_hash(d), e["originator_id"].bytes)


@pytest.mark.parametrize("table", [LEAVES, LINKS])
@pytest.mark.parametrize("operation", ["UPDATE {t} SET position = 0", "DELETE FROM {t}"])
def test_leaves_and_links_are_append_only(
    any_services: Services, table: str, operation: str
) -> None:
    _cases(any_services, 1)  # a lawyer and a sanction case: events, leaves and a link
    count = f"SELECT COUNT(*) AS n FROM {any_services.db.table(table)}"
    before = any_services.db.query(count)[0]["n"]
    assert before > 0
    with (
        pytest.raises(Exception, match="append-only"),
        any_services.db.transaction() as cursor,
    ):
        any_services.db.execute(cursor, operation.format(t=any_services.db.table(table)))
    assert any_services.db.query(count)[0]["n"] == before


def test_an_event_rewritten_before_it_was_sealed_is_named_by_verify(
    any_services: Services,
) -> None:
    """Sealing takes the hash written with the event; a superuser who rewrites the event's
    bytes before it is sealed leaves that hash behind, and verify, which recomputes every leaf
    from the stored bytes, names the event."""
    record(any_services, 5)
    target = stored(any_services)[6]["position"]
    change_one_byte(any_services, target)
    any_services.integrity.catch_up()
    report = audit(any_services.integrity)
    assert not report.ok
    assert [(f.kind, f.position) for f in report.findings if f.position is not None][:1] == [
        ("changed", target)
    ]


def _meta(key: str, day: date) -> EventMeta:
    return EventMeta(actor=CLERK, reason="links", effective_on=day, command_id=f"links-{key}")


def _cases(services: Services, count: int) -> tuple[list[UUID], list[UUID]]:
    """Two lawyers and `count` sanction cases, alternately of each; (lawyers, cases)."""
    ledger = services.ledger
    lawyers = [
        ledger.register_practitioner(
            _meta(f"lawyer-{n}", date(2020, 1, 2)),
            PractitionerKind.LAWYER,
            f"LINK-{n}",
            PractitionerDetails(name=f"律师{n}"),
        ).subject_id
        for n in range(2)
    ]
    opened = [
        ledger.open_sanction_case(
            _meta(f"case-{n}", date(2024, 3, 1 + n)),
            f"京兴司罚〔2024〕链{n}号",
            lawyers[n % 2],
            CaseOrigin.INSPECTION,
            "违规收费",
        ).subject_id
        for n in range(count)
    ]
    return lawyers, opened


def test_the_command_side_finds_a_subjects_cases_by_link(any_services: Services) -> None:
    ledger = any_services.ledger
    lawyers, opened = _cases(any_services, 5)
    found = [c.id for c in ledger._linked(type(ledger.get_sanction_case(opened[0])),
                                           "sanction_cases_of", lawyers[0])]  # fmt: skip
    assert found == [opened[0], opened[2], opened[4]]
    assert ledger.recorder.linked("sanction_cases_of", lawyers[1]) == [opened[1], opened[3]]


def test_links_are_backfilled_for_a_ledger_written_before_them(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_events_only_ledger(path)
    services = open_services(f"sqlite:///{path}", clock=lambda: date(2025, 1, 10))
    try:
        filed = [r for r in fixture_rows() if r["t"] == "ledger.Appeal.Filed"]
        assert filed
        for row in filed:
            appeal = services.ledger.get_appeal(UUID(row["o"]))
            assert appeal in services.ledger.appeals_of(appeal.target_id)
            assert appeal.kind in set(AppealKind)
        opened = [r for r in fixture_rows() if r["t"] == "ledger.SanctionCase.Opened"]
        links = services.db.query(f"SELECT name, COUNT(*) AS n FROM {LINKS} GROUP BY name")
        assert {r["name"]: r["n"] for r in links} == {
            "appeals_of": len(filed),
            "sanction_cases_of": len(opened),
        }
    finally:
        services.close()
    # Opening again finds the links done: none is written twice.
    again = open_services(f"sqlite:///{path}", clock=fixed_clock)
    again.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute(f"SELECT COUNT(*) FROM {LINKS}").fetchone()[0] == len(filed) + len(
            opened
        )
    finally:
        con.close()
