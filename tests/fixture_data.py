"""The stored events of tests/fixtures/layout_v1 (the demo district and a draw, as written by
c4605ff, before the layout by capability), and a ledger file holding only them, as a ledger
written by earlier code holds them: the library's events table, none of today's side tables."""

from __future__ import annotations

import json
import lzma
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "layout_v1"


@cache
def fixture_rows() -> tuple[dict[str, Any], ...]:
    """(p)osition, (o)riginator id hex, (v)ersion, (t)opic, (s)tate of every stored event."""
    with lzma.open(FIXTURE / "events.jsonl.xz", "rt", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines)


def write_events_only_ledger(path: Path) -> int:
    """A SQLite ledger file with the fixture's events in the library's own table, nothing else
    (what the first open of today's code finds in a ledger written before it). Returns the
    number of events."""
    rows = fixture_rows()
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        con.executemany(
            "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            [(r["p"], r["o"], r["v"], r["t"], r["s"].encode("utf-8")) for r in rows],
        )
        con.commit()
    finally:
        con.close()
    return len(rows)
