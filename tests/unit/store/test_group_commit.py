"""Group commit (store/group_commit.py) with a stand-in for the database: saves that wait while
another commits share the next transaction; each keeps its own positions and its own error."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent

from store.group_commit import GroupCommit


class FakeLog:
    """Inserts all or nothing, like one transaction; an event of version 0 is a conflict. The
    first insert is held until the others are waiting, so they form one round."""

    def __init__(self, hold_first_until: int = 0) -> None:
        self.positions = 0
        self.transactions: list[int] = []  # events per transaction
        self.hold_first_until = hold_first_until
        self.group: GroupCommit | None = None
        self.lock = threading.Lock()

    def insert(self, events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> list[int]:
        if not self.transactions and self.group is not None:
            deadline = time.monotonic() + 5
            while len(self.group._waiting) < self.hold_first_until:
                assert time.monotonic() < deadline, "the other saves never queued"
                time.sleep(0.001)
        with self.lock:
            if any(e.originator_version == 0 for e in events):
                raise IntegrityError("conflict")
            self.transactions.append(len(events))
            start = self.positions
            self.positions += len(events)
            return list(range(start + 1, self.positions + 1))


def event(version: int = 1, originator: uuid.UUID | None = None) -> StoredEvent:
    return StoredEvent(
        originator_id=originator or uuid.uuid4(), originator_version=version, topic="t", state=b"{}"
    )


def save_concurrently(group: GroupCommit, saves: list[list[StoredEvent]]) -> list[Any]:
    outcomes: list[Any] = [None] * len(saves)

    def run(i: int) -> None:
        try:
            outcomes[i] = group.insert(saves[i], {"links": [("n", "k", "i", 1)]})
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(saves))]
    for t in threads:
        t.start()
        time.sleep(0.002)  # the first one leads; the others queue behind it in order
    for t in threads:
        t.join()
    return outcomes


def test_saves_waiting_behind_a_commit_share_the_next_transaction() -> None:
    log = FakeLog(hold_first_until=15)
    group = GroupCommit(log.insert)
    log.group = group
    saves = [[event(), event()] for _ in range(16)]
    outcomes = save_concurrently(group, saves)
    assert log.transactions == [2, 30]  # the first alone, the 15 that waited together
    assert (group.rounds, group.saves) == (2, 16)
    positions = [p for o in outcomes for p in o]
    assert sorted(positions) == list(range(1, 33))  # each its own, none shared
    assert all(len(o) == 2 for o in outcomes)


def test_a_conflict_fails_only_the_save_at_fault() -> None:
    log = FakeLog(hold_first_until=5)
    group = GroupCommit(log.insert)
    log.group = group
    saves = [[event()] for _ in range(6)]
    saves[3] = [event(), event(version=0)]  # conflicts with what is stored
    outcomes = save_concurrently(group, saves)
    assert isinstance(outcomes[3], IntegrityError)
    assert [len(o) for i, o in enumerate(outcomes) if i != 3] == [1] * 5
    # The round of five failed as a whole, then each was saved alone: only #3 failed.
    assert log.transactions == [1, 1, 1, 1, 1]


def test_two_saves_of_one_aggregate_version_never_share_a_round() -> None:
    log = FakeLog(hold_first_until=3)
    group = GroupCommit(log.insert)
    log.group = group
    same = uuid.uuid4()
    saves = [[event()], [event(1, same)], [event(1, same)], [event()]]
    outcomes = save_concurrently(group, saves)
    assert all(isinstance(o, list) for o in outcomes)  # the stand-in has no keys to collide
    assert log.transactions == [1, 1, 2]  # the second save of `same` went to the next round


def test_a_save_alone_commits_at_once() -> None:
    log = FakeLog()
    group = GroupCommit(log.insert)
    assert group.insert([event()], {}) == [1]
    assert group.insert([event(), event()], {}) == [2, 3]
    assert log.transactions == [1, 2] and group.rounds == 2
