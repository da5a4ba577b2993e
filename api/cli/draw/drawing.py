"""`ledger draw` at the draw: freezing the pools, drawing, replacing a recused inspector, and
voiding a round (requested by one, done by another)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import typer

from api.cli.draw.common import (
    CommandIdOption,
    OnOption,
    ReasonOption,
    TokenOption,
    run_command,
)
from api.http.spot_checks import actions
from api.services import Services
from domain.core.values import (
    EventMeta,
)


def freeze(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    token: TokenOption = None,
    reason: ReasonOption = "pools frozen",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """Freeze both pools, computed from the record, with their hashes."""

    def act(services: Services, meta: EventMeta) -> Any:
        return actions.freeze(services, meta, plan_id)

    run_command("freeze", token, reason, effective_on, command_id, act, "froze the pools of plan")


def run_draw(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    reveal: Annotated[str, typer.Option(help="the value committed to, hex")],
    checkpoint_now: Annotated[
        bool, typer.Option(help="sign a checkpoint first if none covers the freeze yet")
    ] = False,
    token: TokenOption = None,
    reason: ReasonOption = "spot-check draw",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """Draw: reveal the value; the seed also takes the first signed checkpoint after the freeze."""

    def act(services: Services, meta: EventMeta) -> Any:
        if checkpoint_now:
            services.integrity.checkpoint_now(meta.actor.principal_id, "spot-check draw")
        return actions.draw(services, meta, plan_id, reveal)

    also = ("SignCheckpoint",) if checkpoint_now else ()
    run_command("run", token, reason, effective_on, command_id, act, "drew plan", also)


def recuse(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    target: Annotated[UUID, typer.Option(help="the drawn target")],
    inspector: Annotated[UUID, typer.Option(help="the inspector stepping aside 回避")],
    party: Annotated[bool, typer.Option(help="at a party's request")] = False,
    token: TokenOption = None,
    reason: ReasonOption = "回避",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """An inspector steps aside; a recorded re-draw fills the slot."""

    def act(services: Services, meta: EventMeta) -> Any:
        return services.ledger.replace_recused_inspector(meta, plan_id, target, inspector, party)

    run_command(
        "recuse", token, reason, effective_on, command_id, act, "replaced the inspector in plan"
    )


def void_request(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    reason: Annotated[str, typer.Option(help="why the round must be voided")],
    token: TokenOption = None,
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """Ask to void the current round; another supervisor approves with `void`."""

    def act(services: Services, meta: EventMeta) -> Any:
        return services.ledger.request_draw_void(meta, plan_id)

    run_command(
        "void-request", token, reason, effective_on, command_id, act, "requested the void of plan"
    )


def void(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    commitment: Annotated[str, typer.Option(help="the next round's, from `ledger draw commit`")],
    token: TokenOption = None,
    reason: ReasonOption = "void approved",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """Approve the void (not its requester); the round stays on the record."""

    def act(services: Services, meta: EventMeta) -> Any:
        return services.ledger.void_draw(meta, plan_id, commitment)

    run_command("void", token, reason, effective_on, command_id, act, "voided the round of plan")
