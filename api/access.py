"""Who may run which command: one table for every way in.

An HTTP route that runs a command declares it (`**allow_command("ApproveSpotCheckPlan")`, in
api/http/auth.py): the route then admits exactly the roles listed here, and OpenAPI publishes them (`x-roles`) with
the command's name (`x-command`). A CLI command that acts as the holder of a token checks that
holder against the same entry before it acts (`check_command`), so a clerk's token is refused
at the console exactly as over HTTP. The names are the ledger's own command names, the ones
its receipts record.
"""

from __future__ import annotations

from domain.core.values import (
    Actor,
    Role,
)

PROPOSERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
SUPERVISORS = (Role.SUPERVISOR, Role.ADMIN)
ADMINS = (Role.ADMIN,)

COMMAND_ROLES: dict[str, tuple[Role, ...]] = {
    # Spot checks 双随机: a clerk may propose; supervisors approve (not the proposer), freeze,
    # draw, replace a recused inspector and void (not the requester).
    "ProposeSpotCheckPlan": PROPOSERS,
    "ApproveSpotCheckPlan": SUPERVISORS,
    "FreezeSpotCheckPools": SUPERVISORS,
    "DrawSpotChecks": SUPERVISORS,
    "ReplaceRecusedInspector": SUPERVISORS,
    "RequestDrawVoid": SUPERVISORS,
    "VoidDraw": SUPERVISORS,
    # The verifiable log: a checkpoint signed on demand.
    "SignCheckpoint": SUPERVISORS,
    # Bearer tokens: issue, revoke, rotate (revoke and issue the successor at once).
    "IssueToken": ADMINS,
    "RevokeToken": ADMINS,
    "RotateToken": ADMINS,
}


class RoleNotAllowedError(Exception):
    """The actor's role may not run the command (HTTP 403)."""

    def __init__(self, role: Role, allowed: tuple[Role, ...]) -> None:
        super().__init__(refusal(role, allowed))
        self.role = role
        self.allowed = allowed


def refusal(role: Role, allowed: tuple[Role, ...]) -> str:
    return f"role {role.value} may not do this; allowed: " + ", ".join(r.value for r in allowed)


def roles_for(command: str) -> tuple[Role, ...]:
    try:
        return COMMAND_ROLES[command]
    except KeyError:
        raise LookupError(f"no roles are declared for the command {command!r}") from None


def check_command(actor: Actor, command: str) -> None:
    """Raise RoleNotAllowedError unless `actor` may run `command`."""
    allowed = roles_for(command)
    if actor.role not in allowed:
        raise RoleNotAllowedError(actor.role, allowed)
