from __future__ import annotations

from enum import Enum
from uuid import UUID

from api.consistency import AfterQuery, wait_for
from api.http.registry.schemas import (
    RegistryEntry,
    RegistryPage,
)
from api.services import Services
from domain.core.errors import InvalidCommandError

__all__ = ["AfterQuery", "list_entries"]  # routes listing the registry take ?after= from here


def list_entries(
    services: Services,
    entity: str,
    kind: Enum | None,
    status: Enum | None,
    organization_id: UUID | None,
    cursor: str | None,
    limit: int,
    after: int | None = None,
) -> RegistryPage:
    """List from the registry view once it reflects log position `after` (a command's
    `position`): caught up in-process, or waited for while `ledger project` catches up."""
    position = wait_for(services, services.registry.name, after)
    try:
        page = services.registry.list(
            services.db,
            entity=entity,
            today=services.ledger.today(),
            kind=kind.value if kind else None,
            status=status.value if status else None,
            organization_id=organization_id,
            cursor=cursor,
            limit=limit,
        )
    except ValueError as exc:
        raise InvalidCommandError(str(exc), field="cursor", location="query") from None
    items = [RegistryEntry.model_validate(row) for row in page.items]
    return RegistryPage(items=items, next_cursor=page.next_cursor, position=position)
