"""`ledger draw` after the draw: re-verifying it (from the database, or offline from exported
inputs), the public record, the list of plans, and exporting a round's inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer

from api.cli.draw.common import (
    console,
    opened,
    say,
)
from api.http.spot_checks import actions
from projections.integrity import proofs
from projections.records.view import every
from projections.spot_checks.verify import (
    DrawInputs,
    verify_inputs,
)


def verify(
    plan_id: Annotated[UUID | None, typer.Argument(help="the plan (from the database)")] = None,
    inputs: Annotated[Path | None, typer.Option(help="recorded inputs (offline)")] = None,
    public_key: Annotated[
        str | None, typer.Option(help="verifier key, or a file holding it (with --inputs)")
    ] = None,
) -> None:
    """Re-run the draw from the recorded inputs: prints identical, or the first difference
    (exit 1)."""
    if inputs is not None:
        if public_key is None:
            console.print("[red]--inputs needs --public-key (GET /integrity/public-key)[/]")
            raise typer.Exit(2)
        key_path = Path(public_key).expanduser()
        key = key_path.read_text(encoding="utf-8") if key_path.is_file() else public_key
        recorded = DrawInputs.model_validate_json(inputs.read_text(encoding="utf-8"))
        try:
            report = verify_inputs(recorded, key)
        except proofs.ProofError as exc:
            console.print(f"[red]cannot verify[/]: {exc}")
            raise typer.Exit(2) from None
        identical, difference = report.identical, report.first_difference
        console.print(f"plan {recorded.plan_id} round {recorded.round}:")
        for check in report.checks:
            console.print(f"  {'ok  ' if check.ok else 'DIFF'} {check.name}: {check.detail}")
    elif plan_id is not None:
        with opened(read_only=True) as services:
            result = actions.verify(services, plan_id)
        identical, difference = result.identical, result.first_difference
        for r in result.rounds:
            console.print(f"round {r.round}{' (voided)' if r.voided else ''}:")
            for c in r.checks:
                console.print(f"  {'ok  ' if c.ok else 'DIFF'} {c.name}: {c.detail}")
        if not result.rounds:
            console.print("no draw recorded yet")
    else:
        console.print("[red]give a PLAN or --inputs FILE[/]")
        raise typer.Exit(2)
    if not identical:
        console.print(f"[red]DIFFERENT[/]: {difference}")
        raise typer.Exit(1)
    console.print("[green]identical[/]: the recorded draw re-runs to the same result")


def show(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    as_json: Annotated[bool, typer.Option("--json", help="the public document, as JSON")] = False,
) -> None:
    """The public record 一公开: the plan, its draws and each result's publication status."""
    with opened(read_only=True) as services:
        view = actions.public_view(services, plan_id)
    if as_json:
        print(view.model_dump_json(indent=2))
        return
    console.print(f"[bold]{view.title}[/] ({view.year}, {view.subject_kind}): {view.status.value}")
    for r in view.round_details:
        state = "voided" if r.voided else ("drawn" if r.drawn_on else "frozen")
        say(
            f"round {r.round} {state}: {r.targets_in_pool} targets, {r.inspectors_in_pool} "
            f"inspectors in the pools; targets pool {r.targets_hash}"
        )
        # One block per drawn target, each value whole (licence and certificate numbers are
        # copied from here): a table this wide would fold them in an 80-column terminal.
        for d in r.draws:
            status = d.inspection
            say(f"  {d.target.number}  {d.target.name}  [{d.tier}]")
            say("    inspectors: " + ", ".join(f"{i.name} {i.number}" for i in d.inspectors))
            if status is not None:
                published = status.published_on or ("OVERDUE" if status.overdue else "not yet")
                say(
                    f"    inspection {status.status.value}; publication due "
                    f"{status.publication_due or '-'}; published {published}"
                )


def list_plans() -> None:
    """Every spot-check plan."""
    with opened(read_only=True) as services:
        records = services.records.spot_checks
        services.runner.catch_up(records.view.name)
        every_plan = every(lambda cursor: records.list(cursor=cursor, limit=500))
        plans = [actions.summary(p) for p in every_plan]
    for p in plans:
        say(f"{p.id}  {p.title}  {p.year}  {p.status.value}, {p.rounds} rounds, {p.drawn} drawn")


def export(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    round_number: Annotated[int | None, typer.Option("--round", help="latest drawn")] = None,
) -> None:
    """Write a round's recorded inputs (pools included) for `ledger draw verify --inputs`."""
    with opened(read_only=True) as services:
        found = actions.recorded_inputs(services, plan_id)
    chosen = [i for i in found if round_number is None or i.round == round_number]
    if not chosen:
        console.print("[red]no such drawn round[/]")
        raise typer.Exit(2)
    output.write_text(json.dumps(chosen[-1].model_dump(mode="json"), indent=1), encoding="utf-8")
    console.print(f"wrote round {chosen[-1].round} of plan {plan_id} to {output}")
