"""`ledger draw` before the draw: the commitment, the checklists a plan names, proposing a
plan (with what it would draw) and approving it."""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from uuid import UUID

import typer
from pydantic import ValidationError

from api.cli.draw.common import (
    CommandIdOption,
    OnOption,
    ReasonOption,
    TokenOption,
    console,
    notices,
    opened,
    run_command,
    say,
)
from api.http.spot_checks import actions
from api.services import Services
from domain.core.values import (
    EventMeta,
)
from domain.spot_checks.pools import (
    TierCount,
    TierQuota,
)
from domain.spot_checks.rounds import SpotCheckScope
from domain.spot_checks.seed import commitment_of
from projections.records.view import every


def commit(
    shell: Annotated[
        bool, typer.Option(help="print COMMITMENT=... and VALUE=... for a shell's eval")
    ] = False,
) -> None:
    """Make a random value and its commitment: give the commitment when approving (or voiding),
    keep the value secret until the draw."""
    reveal = secrets.token_bytes(32)
    if shell:
        print(f"COMMITMENT={commitment_of(reveal)}\nVALUE={reveal.hex()}")
        return
    console.print(f"commitment (record it now):   {commitment_of(reveal)}", soft_wrap=True)
    console.print(f"value (reveal it at the draw): {reveal.hex()}", soft_wrap=True)


def checklists(
    kind: Annotated[
        str | None, typer.Option(help="only checklists of this kind, e.g. law_firm")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print the ids only")] = False,
) -> None:
    """The published checklists 抽查事项清单 a plan can name (`--checklist ID`)."""
    with opened(read_only=True) as services:
        records = services.records.inspections
        services.runner.catch_up(records.checklists.name)
        found = list(
            every(lambda cursor: records.list_checklists(kind=kind, cursor=cursor, limit=500))
        )
    if quiet:
        for c in found:
            print(c.id)
        return
    for c in found:
        latest = c.versions[-1] if c.versions else None
        version = f"version {latest.version}: {latest.title}" if latest else "no version yet"
        say(f"{c.id}  {c.kind.value}  {c.code}  {version}")


def _quotas(ratios: list[str], counts: list[str]) -> list[TierQuota] | None:
    quotas = []
    for items, kind in ((ratios, "ratio"), (counts, "count")):
        for item in items:
            tier, _, value = item.partition("=")
            try:
                number: Decimal | int = Decimal(value) if kind == "ratio" else int(value)
            except (InvalidOperation, ValueError):
                console.print(f"[red]--{kind} {item}[/]: give TIER={kind.upper()}")
                raise typer.Exit(2) from None
            try:
                quotas.append(TierQuota.model_validate({"tier": tier.strip(), kind: number}))
            except ValidationError as exc:
                console.print(f"[red]--{kind} {item}[/]: {exc.errors()[0]['msg']}")
                raise typer.Exit(2) from None
    return quotas or None


def plan(
    title: Annotated[str, typer.Option(help="the plan's title")],
    year: Annotated[int, typer.Option(help="the period: a calendar year")],
    checklist: Annotated[UUID, typer.Option(help="checklist id (its kind is the targets')")],
    checklist_version: Annotated[int | None, typer.Option(help="latest if omitted")] = None,
    ratio: Annotated[list[str] | None, typer.Option(help="TIER=RATIO, e.g. medium=0.2")] = None,
    count: Annotated[list[str] | None, typer.Option(help="TIER=COUNT, e.g. low=5")] = None,
    per_target: Annotated[int | None, typer.Option(help="inspectors per target")] = None,
    max_per_year: Annotated[int, typer.Option(help="draws per target per year")] = 2,
    organization: Annotated[list[UUID] | None, typer.Option(help="only these (repeat)")] = None,
    supervising_unit: Annotated[str | None, typer.Option(help="unit supervising them")] = None,
    unit: Annotated[list[str] | None, typer.Option(help="inspectors' units (repeat)")] = None,
    specialty: Annotated[list[str] | None, typer.Option(help="inspectors' specialties")] = None,
    token: TokenOption = None,
    reason: ReasonOption = "spot-check plan",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print the plan's id only")] = False,
) -> None:
    """Propose a plan (a clerk or a supervisor); another supervisor approves it. --ratio and
    --count change only the tiers they name; the others keep the policy's ratio."""
    quotas = _quotas(ratio or [], count or [])
    scope = SpotCheckScope(
        organization_ids=tuple(organization or ()),
        supervising_unit=supervising_unit,
        inspector_units=tuple(unit or ()),
        inspector_specialties=tuple(specialty or ()),
    )

    def act(services: Services, meta: EventMeta) -> Any:
        result = services.ledger.propose_spot_check_plan(
            meta, title, year, checklist, checklist_version, scope, quotas, per_target,
            max_per_year,
        )  # fmt: skip
        proposed = services.ledger.get_spot_check_plan(result.subject_id)
        _show_expected(actions.expected_draw(services, proposed, meta.effective_on))
        return result

    run_command("plan", token, reason, effective_on, command_id, act, "proposed plan", quiet=quiet)


def _show_expected(counts: list[TierCount]) -> None:
    tiers = ", ".join(f"{c.tier} {c.drawn} of {c.eligible}" for c in counts)
    total = sum(c.drawn for c in counts)
    notices.print(f"as the record stands it would draw {total} targets ({tiers})", soft_wrap=True)
    if not total:
        notices.print(
            "[yellow]it draws nothing: approval will be refused (PlanDrawsSomething); change "
            "--ratio/--count or the scope[/]",
            soft_wrap=True,
        )


def approve(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    commitment: Annotated[str, typer.Option(help="from `ledger draw commit`")],
    token: TokenOption = None,
    reason: ReasonOption = "spot-check plan approved",
    effective_on: OnOption = None,
    command_id: CommandIdOption = None,
) -> None:
    """Approve a plan (not its proposer), committing to the seed's random value."""

    def act(services: Services, meta: EventMeta) -> Any:
        return actions.approve(services, meta, plan_id, commitment)

    run_command("approve", token, reason, effective_on, command_id, act, "approved plan")
