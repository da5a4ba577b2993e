"""`ledger draw ...`: spot-check plans and draws (双随机、一公开) at the console.

    ledger draw commit                     a random value and its commitment (keep the value)
    ledger draw plan --title T --year Y --checklist ID [--ratio high=1 --count low=5 ...]
    ledger draw approve PLAN --commitment HEX
    ledger draw freeze PLAN
    ledger draw run PLAN --reveal HEX [--checkpoint-now]
    ledger draw recuse PLAN --target ID --inspector ID [--party]
    ledger draw void-request PLAN --reason R ; ledger draw void PLAN --commitment HEX
    ledger draw verify PLAN | --inputs FILE --public-key KEY (offline)
    ledger draw show PLAN [--json] ; ledger draw list ; ledger draw export PLAN -o FILE

Commands act as the holder of `--token` (or LEDGER_TOKEN): four eyes needs two people, so the
proposer, the approver and the void's two sides each use their own token. Without one, the
console's operator acts (admin role).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, TypeVar
from uuid import UUID

import typer
from pydantic import ValidationError
from rich.console import Console

from api.access import RoleNotAllowedError, check_command
from api.cli.opening import (
    cli_actor,
    open_ledger,
    unwrapped,
)
from api.http.spot_checks import actions
from api.services import Services
from domain.core.errors import LedgerError
from domain.core.values import (
    Actor,
    EventMeta,
)
from domain.spot_checks.pools import (
    TierCount,
    TierQuota,
)
from domain.spot_checks.rounds import SpotCheckScope
from domain.spot_checks.seed import commitment_of
from projections.integrity import proofs
from projections.spot_checks.verify import (
    DrawInputs,
    verify_inputs,
)

draw_app = typer.Typer(
    help="Spot checks 双随机、一公开: plan, approve, freeze, draw, verify, show."
)
console = Console()
notices = Console(stderr=True)
say = unwrapped(console)
T = TypeVar("T")

TokenOption = Annotated[
    str | None,
    typer.Option("--token", envvar="LEDGER_TOKEN", help="act as this token's holder"),
]
ReasonOption = Annotated[str, typer.Option(help="why (recorded with the event)")]
OnOption = Annotated[
    str | None, typer.Option("--effective-on", help="business date YYYY-MM-DD (today)")
]
CommandIdOption = Annotated[str | None, typer.Option(help="idempotency key (generated)")]


@contextmanager
def _opened(*, read_only: bool = False) -> Iterator[Services]:
    services = open_ledger(read_only=read_only, announce=notices)
    try:
        yield services
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}")
        raise typer.Exit(2) from None
    except ValidationError as exc:
        console.print(f"[red]invalid input[/]: {exc}")
        raise typer.Exit(2) from None
    finally:
        services.close()


def _actor(services: Services, token: str | None) -> Actor:
    if token is None:
        return cli_actor()
    actor = services.ledger.authenticate(token)
    if actor is None:
        console.print("[red]the token is unknown, revoked or expired[/]")
        raise typer.Exit(2)
    return actor  # type: ignore[no-any-return]


def _meta(
    services: Services, token: str | None, reason: str, on: str | None, command_id: str | None
) -> EventMeta:
    actor = _actor(services, token)
    command_id = command_id or f"cli-{uuid.uuid4()}"
    if on is None:
        return EventMeta.effective_today(
            actor=actor, reason=reason, today=services.ledger.today(), command_id=command_id
        )
    return EventMeta(
        actor=actor, reason=reason, effective_on=date.fromisoformat(on), command_id=command_id
    )


# The ledger command(s) each CLI command runs: a token's holder is checked against the roles
# api/access.py gives them, the table the HTTP routes apply too.
ACTS_AS: dict[str, tuple[str, ...]] = {
    "plan": ("ProposeSpotCheckPlan",),
    "approve": ("ApproveSpotCheckPlan",),
    "freeze": ("FreezeSpotCheckPools",),
    "run": ("DrawSpotChecks",),  # with --checkpoint-now also SignCheckpoint
    "recuse": ("ReplaceRecusedInspector",),
    "void-request": ("RequestDrawVoid",),
    "void": ("VoidDraw",),
}


def _command(
    cli: str,
    token: str | None,
    reason: str,
    on: str | None,
    command_id: str | None,
    act: Callable[[Services, EventMeta], Any],
    done: str,
    also: tuple[str, ...] = (),
    quiet: bool = False,
) -> None:
    """Run `act` as the token's holder, once api/access.py admits them to every ledger command
    the CLI command `cli` runs (and `also`). `quiet`: print the record's id only."""
    with _opened() as services:
        meta = _meta(services, token, reason, on, command_id)
        try:
            for command in (*ACTS_AS[cli], *also):
                check_command(meta.actor, command)
        except RoleNotAllowedError as exc:
            console.print(f"[red]forbidden[/]: {exc}")
            raise typer.Exit(2) from None
        result = act(services, meta)
    if quiet:
        print(result.subject_id)
        return
    console.print(f"{done}: {result.subject_id} (version {result.version})")


@draw_app.command()
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


@draw_app.command()
def checklists(
    kind: Annotated[
        str | None, typer.Option(help="only checklists of this kind, e.g. law_firm")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print the ids only")] = False,
) -> None:
    """The published checklists 抽查事项清单 a plan can name (`--checklist ID`)."""
    with _opened(read_only=True) as services:
        found = [c for c in services.ledger.list_checklists() if kind in (None, c.kind.value)]
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


@draw_app.command()
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

    _command("plan", token, reason, effective_on, command_id, act, "proposed plan", quiet=quiet)


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


@draw_app.command()
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

    _command("approve", token, reason, effective_on, command_id, act, "approved plan")


@draw_app.command()
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

    _command("freeze", token, reason, effective_on, command_id, act, "froze the pools of plan")


@draw_app.command("run")
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
    _command("run", token, reason, effective_on, command_id, act, "drew plan", also)


@draw_app.command()
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

    _command(
        "recuse", token, reason, effective_on, command_id, act, "replaced the inspector in plan"
    )


@draw_app.command("void-request")
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

    _command(
        "void-request", token, reason, effective_on, command_id, act, "requested the void of plan"
    )


@draw_app.command()
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

    _command("void", token, reason, effective_on, command_id, act, "voided the round of plan")


@draw_app.command()
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
        with _opened(read_only=True) as services:
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


@draw_app.command()
def show(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    as_json: Annotated[bool, typer.Option("--json", help="the public document, as JSON")] = False,
) -> None:
    """The public record 一公开: the plan, its draws and each result's publication status."""
    with _opened(read_only=True) as services:
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


@draw_app.command("list")
def list_plans() -> None:
    """Every spot-check plan."""
    with _opened(read_only=True) as services:
        plans = [actions.summary(p) for p in services.ledger.list_spot_check_plans()]
    for p in plans:
        say(f"{p.id}  {p.title}  {p.year}  {p.status.value}, {p.rounds} rounds, {p.drawn} drawn")


@draw_app.command()
def export(
    plan_id: Annotated[UUID, typer.Argument(help="the plan")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")],
    round_number: Annotated[int | None, typer.Option("--round", help="latest drawn")] = None,
) -> None:
    """Write a round's recorded inputs (pools included) for `ledger draw verify --inputs`."""
    with _opened(read_only=True) as services:
        found = actions.recorded_inputs(services, plan_id)
    chosen = [i for i in found if round_number is None or i.round == round_number]
    if not chosen:
        console.print("[red]no such drawn round[/]")
        raise typer.Exit(2)
    output.write_text(json.dumps(chosen[-1].model_dump(mode="json"), indent=1), encoding="utf-8")
    console.print(f"wrote round {chosen[-1].round} of plan {plan_id} to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(draw_app, name="draw")
