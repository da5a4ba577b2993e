"""Racing commands: the store's primary keys decide, and the loser gets a clear answer."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from api.services import Services
from domain.core.errors import DuplicateRegistrationError
from domain.core.values import (
    EventMeta,
    OrganizationKind,
    PractitionerKind,
)
from domain.ledger import CommandResult
from domain.registry.organizations import OrganizationDetails
from domain.registry.practitioners import PractitionerDetails
from tests.conftest import CLERK


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = calls[i]()
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _meta(command_id: str) -> EventMeta:
    return EventMeta(
        actor=CLERK, reason="race", effective_on=date(2024, 5, 1), command_id=command_id
    )


def test_the_same_number_registered_twice_at_once_is_one_registration(
    any_services: Services,
) -> None:
    ledger = any_services.ledger
    details = OrganizationDetails(name="竞争所（虚构）")
    outcomes = _race(
        [
            lambda i=i: ledger.register_organization(
                _meta(f"race-{i}"), OrganizationKind.LAW_FIRM, "RACE-1", details
            )
            for i in range(4)
        ]
    )
    winners = [o for o in outcomes if isinstance(o, CommandResult)]
    losers = [o for o in outcomes if isinstance(o, DuplicateRegistrationError)]
    assert len(winners) == 1 and len(losers) == 3, outcomes
    assert any_services.db.event_count() == 2  # one Registered + one receipt


def test_the_same_command_sent_twice_at_once_is_recorded_once(any_services: Services) -> None:
    ledger = any_services.ledger
    details = PractitionerDetails(name="重复提交（虚构）")
    outcomes = _race(
        [
            lambda: ledger.register_practitioner(
                _meta("same-command"), PractitionerKind.LAWYER, "RACE-L1", details
            )
            for _ in range(3)
        ]
    )
    assert all(isinstance(o, CommandResult) for o in outcomes), outcomes
    assert len({o.subject_id for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert any_services.db.event_count() == 2


def test_members_joining_one_firm_at_once_are_all_counted(any_services: Services) -> None:
    ledger = any_services.ledger
    firm = ledger.register_organization(
        _meta("firm"), OrganizationKind.LAW_FIRM, "RACE-F", OrganizationDetails(name="热门所")
    ).subject_id
    lawyers = [
        ledger.register_practitioner(
            _meta(f"l{i}"),
            PractitionerKind.LAWYER,
            f"RACE-J{i}",
            PractitionerDetails(name=f"人{i}"),
        ).subject_id
        for i in range(4)
    ]
    outcomes = _race(
        [lambda p=p: ledger.join_organization(_meta(f"join-{p}"), p, firm) for p in lawyers]
    )
    assert all(isinstance(o, CommandResult) for o in outcomes), outcomes
    assert ledger.get_organization(firm).members == set(lawyers)


def test_sixteen_commands_at_once_each_get_their_own_answer(any_services: Services) -> None:
    """Saved at the same moment, they may share transactions (group commit); each still gets
    its own receipt, its own subject and its own log position."""
    ledger = any_services.ledger
    group = ledger.recorder._group  # type: ignore[attr-defined]
    rounds, saves = group.rounds, group.saves
    outcomes = _race(
        [
            lambda i=i: ledger.register_organization(
                _meta(f"many-{i}"),
                OrganizationKind.LAW_FIRM,
                f"MANY-{i}",
                OrganizationDetails(name=f"并发所{i}"),
            )
            for i in range(16)
        ]
    )
    assert all(isinstance(o, CommandResult) for o in outcomes), outcomes
    assert len({o.subject_id for o in outcomes}) == 16
    assert len({o.position for o in outcomes}) == 16
    assert any_services.db.event_count() == 32  # 16 registrations + 16 receipts
    for o in outcomes:
        assert ledger.get_organization(o.subject_id).version == o.version == 1
    assert group.saves - saves == 16 and group.rounds - rounds <= 16
