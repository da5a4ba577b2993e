"""Publishing policy versions, and finding the version in force on a date."""

from __future__ import annotations

from datetime import date

from eventsourcing.application import AggregateNotFoundError

from domain.core.pipeline import (
    CommandResult,
    Decision,
    LedgerCore,
)
from domain.core.policy import (
    DEFAULT_POLICY,
    Policy,
    PolicyBook,
)
from domain.core.values import EventMeta


class PolicyCommands(LedgerCore):
    def policy_book(self) -> PolicyBook | None:
        try:
            book: object = self.repository.get(PolicyBook.ID)
        except AggregateNotFoundError:
            return None
        assert isinstance(book, PolicyBook)
        return book

    def policy_on(self, day: date) -> Policy:
        """The policy in force on `day` (the built-in default before any is published)."""
        book = self.policy_book()
        return book.on(day) if book is not None else DEFAULT_POLICY

    def policy_versions(self) -> tuple[Policy, ...]:
        book = self.policy_book()
        return (DEFAULT_POLICY, *(book.versions if book else ()))

    def publish_policy(self, meta: EventMeta, policy: Policy) -> CommandResult:
        def decide() -> Decision:
            book = self.policy_book() or PolicyBook(meta=meta)
            book.publish(meta, policy)
            return book.id, [book]

        return self._execute("PublishPolicy", meta, {"policy": policy}, decide)
