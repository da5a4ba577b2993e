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
console's operator acts (admin role). planning, drawing and records hold the commands, in the
order of a draw; common what they share.
"""

from __future__ import annotations

import typer

from api.cli.draw import drawing, planning, records
from api.cli.draw.common import ACTS_AS

__all__ = ["ACTS_AS", "draw_app", "register"]

draw_app = typer.Typer(
    help="Spot checks 双随机、一公开: plan, approve, freeze, draw, verify, show."
)
# In the order of a draw, which is the order `ledger draw --help` lists them.
for name, command in (
    ("commit", planning.commit),
    ("checklists", planning.checklists),
    ("plan", planning.plan),
    ("approve", planning.approve),
    ("freeze", drawing.freeze),
    ("run", drawing.run_draw),
    ("recuse", drawing.recuse),
    ("void-request", drawing.void_request),
    ("void", drawing.void),
    ("verify", records.verify),
    ("show", records.show),
    ("list", records.list_plans),
    ("export", records.export),
):
    draw_app.command(name)(command)


def register(app: typer.Typer) -> None:
    app.add_typer(draw_app, name="draw")
