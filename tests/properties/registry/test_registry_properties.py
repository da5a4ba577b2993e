"""Laws of the registry for any sequence of valid and invalid commands, each on a fresh SQLite
database in memory: (a) replay == live; (b) the store holds exactly the events of the accepted
commands, in order, and a refused command or a replayed retry adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from hypothesis import HealthCheck, given, settings

from domain.core.errors import (
    EffectiveDateInFutureError,
    IdempotencyConflictError,
    LedgerError,
)
from domain.core.receipts import CommandReceipt
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)
from domain.ledger import CommandResult, ComplianceLedger
from tests.conftest import TODAY
from tests.properties.registry.registry_properties_support import (
    Command,
    Model,
    fresh_ledger,
    plan,
    steps,
)

CLERK = Actor(principal_id="clerk.prop", role=Role.CLERK)


@dataclass
class Sent:
    command: Command
    meta: EventMeta
    key: tuple[Any, ...]
    result: CommandResult


def run(ledger: ComplianceLedger, sequence: list[tuple[Command, date, Any]]) -> dict[str, int]:
    """Send the commands, checking each one's effect on the store as it goes."""
    model = Model()
    expected: list[tuple[UUID, str]] = []  # (originator, topic) of every event, in order
    versions: dict[UUID, int] = {}
    history: list[tuple[Command, EventMeta]] = []
    owners: dict[str, Sent] = {}  # command_id -> the accepted command that holds it
    outcomes = {"accepted": 0, "refused": 0, "replayed": 0}

    for command, effective_on, reuse in sequence:
        earlier = history[reuse[0] % len(history)] if reuse is not None and history else None
        if earlier is not None and reuse[1]:
            command, meta = earlier  # a retry: the earlier command, meta and all
        else:
            command_id = earlier[1].command_id if earlier is not None else f"cmd-{uuid4()}"
            meta = EventMeta(
                actor=CLERK, reason="property", effective_on=effective_on, command_id=command_id
            )
        history.append((command, meta))
        step = plan(ledger, model, command)
        owner = owners.get(meta.command_id)
        must_fail: type[LedgerError] | None = None
        if meta.effective_on > TODAY:
            must_fail = EffectiveDateInFutureError
        elif owner is not None and (owner.key, owner.meta) != (step.key, meta):
            must_fail = IdempotencyConflictError
        must_replay = must_fail is None and owner is not None

        before = ledger.recorder.max_notification_id()
        try:
            result = step.send(meta)
        except LedgerError as error:
            assert ledger.recorder.max_notification_id() == before, f"{error!r} wrote events"
            assert not must_replay, f"a retry of an accepted command was refused: {error!r}"
            if must_fail is not None:
                assert isinstance(error, must_fail)
            else:
                assert not isinstance(error, IdempotencyConflictError | EffectiveDateInFutureError)
            outcomes["refused"] += 1
            continue

        assert must_fail is None, f"{command} should have failed with {must_fail}"
        if must_replay:
            assert owner is not None
            assert result.replayed
            assert (result.subject_id, result.version) == (
                owner.result.subject_id,
                owner.result.version,
            )
            assert ledger.recorder.max_notification_id() == before
            outcomes["replayed"] += 1
            continue

        assert not result.replayed
        events = step.events(result)
        for originator_id, _topic in events:
            versions[originator_id] = versions.get(originator_id, 0) + 1
        if step.subject is not None:
            assert result.subject_id == step.subject
        assert result.version == versions[result.subject_id]
        receipt_id = CommandReceipt.id_for(meta.command_id)
        expected += [*events, (receipt_id, "ledger.CommandReceipt.Accepted")]
        versions[receipt_id] = 1
        step.accepted(result)
        owners[meta.command_id] = Sent(command, meta, step.key, result)
        outcomes["accepted"] += 1
        notifications = ledger.recorder.select_notifications(start=None, limit=100_000)
        assert result.position == notifications[-1].id

    # The whole log: exactly the accepted commands' events, in order, and each aggregate's
    # versions 1..n without a gap.
    notifications = ledger.recorder.select_notifications(start=None, limit=100_000)
    assert [(UUID(str(n.originator_id)), n.topic) for n in notifications] == expected
    seen: dict[UUID, int] = {}
    for n in notifications:
        originator_id = UUID(str(n.originator_id))
        seen[originator_id] = seen.get(originator_id, 0) + 1
        assert n.originator_version == seen[originator_id]
    assert seen == versions
    return outcomes


def state(aggregate: Aggregate) -> dict[str, Any]:
    # With the type: a StrEnum member equals its plain string, a replay must keep the member.
    return {k: (type(v), v) for k, v in vars(aggregate).items() if k != "_pending_events"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_store_holds_exactly_the_events_of_accepted_commands(
    sequence: list[tuple[Command, date, Any]],
) -> None:
    with fresh_ledger() as ledger:
        run(ledger, sequence)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_replaying_stored_events_yields_the_live_aggregate(
    sequence: list[tuple[Command, date, Any]],
) -> None:
    with fresh_ledger() as ledger:
        run(ledger, sequence)
        stored_ids = {
            UUID(str(n.originator_id))
            for n in ledger.recorder.select_notifications(start=None, limit=100_000)
        }
        assert set(ledger.live) == stored_ids
        for aggregate_id, live in ledger.live.items():
            assert live.collect_events() == []  # everything it did was saved
            # Asking for a version replays every stored event from the first, past any cache.
            rebuilt = ledger.repository.get(aggregate_id, version=live.version)
            assert type(rebuilt) is type(live)
            assert rebuilt is not live
            assert state(rebuilt) == state(live)
            # And the ordinary read (cached and fast-forwarded, if configured) agrees.
            assert state(ledger.repository.get(aggregate_id)) == state(live)
