"""What every list route shares: `cursor` and `limit` query parameters, the wait for the view to
reflect `after`, and a cursor from another list (or garbled) refused as 422 naming `cursor`.

A page's `next_cursor` is passed back as `?cursor=` with the same filters; null on the last
page. `position` is the log position the page reflects (a read of one view, at one position)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

from fastapi import Query

from api.consistency import AfterQuery, wait_for
from api.services import Services
from domain.core.errors import InvalidCommandError
from projections.records.view import InvalidCursorError

__all__ = ["AfterQuery", "CursorQuery", "LimitQuery", "check_period", "read_page"]

T = TypeVar("T")

CursorQuery = Annotated[
    str | None, Query(description="the previous page's next_cursor (same filters)")
]
LimitQuery = Annotated[int, Query(ge=1, le=500, description="items per page")]


def check_period(start: date, end: date) -> None:
    """A period's end is on or after its start (422 naming `end` otherwise)."""
    if end < start:
        raise InvalidCommandError(
            "the period ends on or after its start", field="end", location="query"
        )


def read_page(
    services: Services, view: str, after: int | None, read: Callable[[], T]
) -> tuple[T, int]:
    """`read()` once `view` reflects log position `after`, and the position it reflects."""
    position = wait_for(services, view, after)
    try:
        return read(), position
    except InvalidCursorError as exc:
        raise InvalidCommandError(str(exc), field="cursor", location="query") from None
