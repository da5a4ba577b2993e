"""Bearer-token authentication and per-route role declarations.

Every route declares who may call it with `**allow(...)` or `**public()`; the declaration is
both enforced (a dependency) and published (`x-roles` in OpenAPI), and a test walks every route
to check 401 without a token and 403 with a role not declared.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.access import refusal, roles_for
from domain.core.values import (
    Actor,
    Role,
)

ALL_ROLES = tuple(Role)
REGISTRY_WRITERS = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
ADMINS = (Role.ADMIN,)

_bearer = HTTPBearer(auto_error=False, description="token from `ledger token create`")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": "Bearer"},
    )


def current_actor(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> Actor:
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("a bearer token is required")
    actor = request.app.state.services.ledger.authenticate(credentials.credentials)
    if actor is None:
        raise _unauthorized("the token is unknown, revoked or expired")
    request.state.actor = actor
    return actor  # type: ignore[no-any-return]


class RoleGuard:
    def __init__(self, roles: tuple[Role, ...]) -> None:
        self.roles = roles

    def __call__(self, actor: Actor = Depends(current_actor)) -> Actor:
        if actor.role not in self.roles:
            raise HTTPException(
                status_code=status.HTTP_403_FORBIDDEN, detail=refusal(actor.role, self.roles)
            )
        return actor


def allow(*roles: Role) -> dict[str, Any]:
    """Route keyword arguments that restrict a route to `roles`."""
    return {
        "dependencies": [Depends(RoleGuard(roles))],
        "openapi_extra": {"x-roles": [r.value for r in roles]},
    }


def public() -> dict[str, Any]:
    return {"openapi_extra": {"x-public": True}}


def allow_command(command: str) -> dict[str, Any]:
    """Route keyword arguments for a route that runs `command`: the roles api/access.py gives
    it, enforced and published, with the command's name (`x-command`)."""
    kwargs = allow(*roles_for(command))
    kwargs["openapi_extra"]["x-command"] = command
    return kwargs
