"""Suspend, reinstate, revoke: the same lifecycle commands for organizations and practitioners."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter

from api.http.auth import (
    REGISTRY_WRITERS,
    allow,
)
from api.http.common import (
    accepted,
    meta_for,
)
from api.http.deps import (
    ActorDep,
    LedgerDep,
)
from api.http.problems import PROBLEM_RESPONSES
from api.http.registry.schemas import SuspensionCreate
from api.http.schemas import (
    CommandAccepted,
    CommandOnly,
)
from domain.core.values import article
from domain.ledger import Licensee


def add_licence_routes(router: APIRouter, cls: type[Licensee], noun: str) -> None:
    def _bind(name: str, summary: str, path: str) -> Callable[..., object]:
        return router.post(
            path,
            response_model=CommandAccepted,
            summary=summary,
            name=f"{noun}_{name}",
            responses=PROBLEM_RESPONSES,
            **allow(*REGISTRY_WRITERS),
        )

    @_bind(
        "suspend",
        f"Suspend {article(noun)}'s licence for a period (停止执业/停业整顿)",
        "/{entity_id}/suspension",
    )
    def suspend(
        entity_id: UUID, body: SuspensionCreate, actor: ActorDep, ledger: LedgerDep
    ) -> CommandAccepted:
        meta = meta_for(body, actor, ledger)
        return accepted(ledger.suspend_licence(meta, cls, entity_id, body.starts_on, body.until))

    @_bind("reinstate", f"Reinstate a suspended {noun}", "/{entity_id}/reinstatement")
    def reinstate(
        entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
    ) -> CommandAccepted:
        return accepted(ledger.reinstate_licence(meta_for(body, actor, ledger), cls, entity_id))

    @_bind("revoke", f"Revoke {article(noun)}'s licence (吊销)", "/{entity_id}/revocation")
    def revoke(
        entity_id: UUID, body: CommandOnly, actor: ActorDep, ledger: LedgerDep
    ) -> CommandAccepted:
        return accepted(ledger.revoke_licence(meta_for(body, actor, ledger), cls, entity_id))
