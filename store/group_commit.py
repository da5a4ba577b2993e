"""Group commit: commands saved at the same time by several threads share one transaction.

The library serialises writers (a table lock on PostgreSQL, the one writer of SQLite), so N
concurrent commands cost N lock-and-commit round trips one after another. Here the first
thread to arrive leads: it takes every save waiting at that moment (its own first) and inserts
them in ONE transaction; the threads that arrived meanwhile wait for the next round, which the
next of them leads. Nothing waits on a timer: a save that finds no one ahead of it commits at
once.

Each save keeps its own answer. If the combined insert fails (an optimistic-concurrency
conflict, i.e. an IntegrityError, or anything else), every save of the round is retried alone,
so only the one at fault fails, with its own error. Two saves of one round that write the same
aggregate version cannot both succeed: the later is moved to the next round, where it meets the
conflict on its own. A save with arguments other than `links` (tracking, for instance) commits
alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import StoredEvent

Insert = Callable[[Sequence[StoredEvent], dict[str, Any]], Sequence[int] | None]

MAX_EVENTS = 5000  # per round: bounded, so a round's transaction stays short


@dataclass
class _Save:
    events: Sequence[StoredEvent]
    kwargs: dict[str, Any]
    ready: threading.Event = field(default_factory=threading.Event)
    lead: bool = False  # woken to lead the next round, not because it is done
    ids: Sequence[int] | None = None
    error: BaseException | None = None

    @property
    def groupable(self) -> bool:
        return all(k == "links" or v is None for k, v in self.kwargs.items())

    def keys(self) -> set[tuple[Any, int]]:
        return {(e.originator_id, e.originator_version) for e in self.events}


class GroupCommit:
    def __init__(self, insert: Insert, max_events: int = MAX_EVENTS) -> None:
        self._insert = insert
        self._max_events = max_events
        self._lock = threading.Lock()
        self._waiting: list[_Save] = []
        self._leading = False
        # What the rounds did, for the benchmark and the tests: rounds, saves.
        self.rounds = 0
        self.saves = 0

    def insert(self, events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> Sequence[int] | None:
        save = _Save(events, kwargs)
        with self._lock:
            self._waiting.append(save)
            lead = not self._leading
            self._leading = True
        if not lead:
            save.ready.wait()  # done, or asked to lead the next round
            lead = save.lead
        if lead:
            self._lead(save)
        if save.error is not None:
            raise save.error
        return save.ids

    def _lead(self, own: _Save) -> None:
        """Commit one round, `own` first in it (a leader's save is the oldest waiting: no one
        else removes saves), then hand the lead to the oldest save still waiting."""
        with self._lock:
            round_ = self._take()
        self._commit(round_)
        with self._lock:
            if self._waiting:
                successor = self._waiting[0]
                successor.lead = True
                successor.ready.set()
            else:
                self._leading = False

    def _take(self) -> list[_Save]:
        """The saves of the next round (under the lock): the waiting ones in order, as long as
        they write different aggregate versions and stay under MAX_EVENTS."""
        taken: list[_Save] = []
        seen: set[tuple[Any, int]] = set()
        count = 0
        for save in list(self._waiting):
            keys = save.keys()
            if taken and (not save.groupable or not taken[0].groupable):
                break
            if taken and (keys & seen or count + len(save.events) > self._max_events):
                break
            taken.append(save)
            seen |= keys
            count += len(save.events)
        for save in taken:
            self._waiting.remove(save)
        return taken

    def _commit(self, saves: list[_Save]) -> None:
        self.rounds += 1
        self.saves += len(saves)
        if len(saves) == 1:
            self._alone(saves[0])
            return
        events = [e for save in saves for e in save.events]
        links = [link for save in saves for link in save.kwargs.get("links") or ()]
        try:
            ids = self._insert(events, {"links": links})
        except BaseException:
            for save in saves:  # each on its own: only the one at fault fails
                self._alone(save)
            return
        start = 0
        for save in saves:
            save.ids = None if ids is None else list(ids[start : start + len(save.events)])
            start += len(save.events)
            save.lead = False
            save.ready.set()

    def _alone(self, save: _Save) -> None:
        try:
            save.ids = self._insert(save.events, save.kwargs)
        except BaseException as exc:  # handed to the thread that saved
            save.error = exc
        save.lead = False
        save.ready.set()
