"""`ledger verify | checkpoint | export-proof | verify-proof | public-key`: the verifiable log
at the console. `verify-proof` opens no database: it needs the bundle and the public key only."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from api.cli.opening import (
    fail,
    open_ledger,
    settings,
    unwrapped,
)
from api.integrity_setup import integrity_options
from domain.core.errors import (
    EntityNotFoundError,
    LedgerError,
)
from projections.integrity import proofs
from projections.integrity.checkpoints import (
    public_key_pem,
    raw_public_key,
)
from projections.integrity.proofs import verifier_key
from projections.integrity.service import b64

console = Console()
notices = Console(stderr=True)  # the first-run key message, away from output meant for pipes


def _key_text(argument: str) -> str:
    """A public key given as text (verifier key) or as a file holding one or a PEM."""
    path = Path(argument).expanduser()
    return path.read_text(encoding="utf-8") if path.is_file() else argument


def verify(
    public_key: Annotated[
        str | None,
        typer.Option(help="verifier key or PEM file to check signatures with; default: own key"),
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(help="a signed checkpoint held outside the database (repeatable)"),
    ] = None,
) -> None:
    """Recompute every leaf from the stored events; check them against the sealed log and every
    signed checkpoint. Exits 1 at the first mismatch, naming its log position and subject."""
    from projections.integrity.audit import audit

    notes = [p.read_text(encoding="utf-8") for p in checkpoint or []]
    config = settings()
    services = open_ledger(config, read_only=True, announce=notices)
    where = services.config.where
    if public_key is None and not config.signing_key_file.expanduser().exists():
        services.close()
        fail(
            f"no signing key at {config.signing_key_file} (LEDGER_SIGNING_KEY_FILE) to check "
            "the checkpoints' signatures with: give the ledger's key with --public-key"
        )
    try:
        total = services.db.event_count()
        with Progress(
            TextColumn("verifying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("events", total=total)
            report = audit(
                services.integrity,
                public_key=_key_text(public_key) if public_key else None,
                notes=notes,
                progress=lambda n: bar.advance(task, n),
            )
    except proofs.ProofError as exc:
        console.print(f"[red]cannot verify[/]: {exc}")
        raise typer.Exit(2) from None
    finally:
        services.close()
    largest = (
        f"the largest of size {report.largest[0]}, root {b64(report.largest[1])}"
        if report.largest
        else "none signed yet"
    )
    console.print(
        f"checked {where}: {report.events} stored events, {report.sealed} sealed; "
        f"{report.checkpoints} signed checkpoints ({largest})",
        soft_wrap=True,
    )
    if report.events > report.sealed:
        console.print(f"{report.events - report.sealed} events are not sealed yet")
    if report.ok:
        console.print("[green]OK[/]: every sealed event and every checkpoint checks out")
        return
    first = report.first
    if first is not None:
        at = (
            f"at log position {first.position}, subject {first.subject or 'unknown'}"
            if first.last_position is None
            else f"among log positions {first.position}..{first.last_position}"
        )
        console.print(f"[red bold]MISMATCH[/] {at}: {first.detail}")
    for finding in report.findings:
        if finding is not first:
            console.print(f"[red]{finding.kind}[/]: {finding.detail}")
    raise typer.Exit(1)


def checkpoint(
    reason: Annotated[str, typer.Option(help="why it is signed now")] = "signed at the console",
) -> None:
    """Seal the log and sign a checkpoint now; prints the signed note."""
    services = open_ledger(announce=notices)
    try:
        signed, created = services.integrity.checkpoint_now(f"cli:{getpass.getuser()}", reason)
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}")
        raise typer.Exit(1) from None
    finally:
        services.close()
    if not created:
        console.print(f"the latest checkpoint (size {signed.tree_size}) already covers the log")
    print(signed.note, end="")


def export_proof(
    position: Annotated[int, typer.Argument(help="the event's log position")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (proof-POSITION.json)")
    ] = None,
    size: Annotated[
        int | None, typer.Option(help="tree size of a signed checkpoint; default the latest")
    ] = None,
) -> None:
    """Write an offline proof bundle: the event's bytes, leaf index, inclusion path and the
    signed checkpoint. Check it anywhere with `ledger verify-proof` (or proofs.py alone)."""
    services = open_ledger(read_only=True, announce=notices)
    head = services.db.head()
    try:
        if not 1 <= position <= head:
            fail(f"no event at log position {position}: the log holds positions 1 to {head}")
        bundle = services.integrity.bundle(position, size)
    except EntityNotFoundError as exc:
        if "checkpoint" in exc.detail:
            fail("no signed checkpoint covers it yet: sign one with `ledger checkpoint`")
        fail(f"no event at log position {position}: the log holds positions 1 to {head}")
    except LedgerError as exc:
        console.print(f"[red]{exc.rule}[/]: {exc.detail}", soft_wrap=True)
        if exc.rule in ("EventWithinTreeSize", "EventSealedBeforeProof"):
            console.print("(sign a newer checkpoint with `ledger checkpoint`)")
        raise typer.Exit(1) from None
    finally:
        services.close()
    target = output or Path(f"proof-{position}.json")
    target.write_text(json.dumps(bundle, indent=2) + "\n", encoding="utf-8")
    console.print(
        f"wrote {target}: event at position {position} is leaf {bundle['leaf_index']} of the "
        f"checkpoint of size {bundle['tree_size']}"
    )


def verify_proof(
    bundle: Annotated[Path, typer.Argument(help="a bundle from `ledger export-proof`")],
    public_key: Annotated[
        str,
        typer.Option(help="the ledger's verifier key (name+id+key), or a file with it or a PEM"),
    ],
) -> None:
    """Check a proof bundle offline: no database, only hashlib and the public key."""
    try:
        proven = proofs.verify_bundle(
            json.loads(bundle.read_text(encoding="utf-8")), _key_text(public_key)
        )
    except (OSError, ValueError) as exc:
        console.print(f"[red]FAILED[/]: {exc}")
        raise typer.Exit(1) from None
    console.print(
        f"[green]VERIFIED[/]: the event at log position {proven['position']} "
        f"(subject {proven['originator_id']}, version {proven['originator_version']}, "
        f"{proven['topic']}) is leaf {proven['leaf_index']} of {proven['origin']} "
        f"at tree size {proven['tree_size']}, root {proven['root']}"
    )
    console.print(proven["state"], markup=False, highlight=False)


def public_key(
    pem: Annotated[bool, typer.Option(help="print the PEM form instead")] = False,
) -> None:
    """Print the checkpoint verifier key (give it to auditors). Opens no database; the key is
    generated on first use, as by `ledger serve`."""
    config = settings()
    key = integrity_options(config, unwrapped(notices))["signing_key"]  # generated on first use
    print(public_key_pem(key) if pem else verifier_key(config.log_origin, raw_public_key(key)))


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command("export-proof")(export_proof)
    app.command("verify-proof")(verify_proof)
    app.command("public-key")(public_key)
