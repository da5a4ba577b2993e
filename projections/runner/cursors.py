"""Opaque page cursors: a log position with a tag naming the list it belongs to, base64url.

A cursor from one list is refused by another (ValueError), so a client cannot page a list with
a position that means something else there."""

from __future__ import annotations

import base64


def encode_cursor(tag: str, position: int) -> str:
    return base64.urlsafe_b64encode(f"{tag}:{position}".encode()).decode().rstrip("=")


def decode_cursor(tag: str, cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        position = int(value)
        if prefix != tag or not 0 <= position < 2**63:
            raise ValueError(raw)
        return position
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"invalid cursor {cursor!r}") from exc
