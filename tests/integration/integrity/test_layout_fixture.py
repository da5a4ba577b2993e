"""StoredEventsLoadForever: a database written by the code before the layout by capability
(tests/fixtures/layout_v1, see its README) opens with today's code, verifies, and rebuilds
every view to the same rows."""

from __future__ import annotations

import hashlib
import json
import lzma
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from api.services import open_services
from projections.integrity.audit import audit

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "layout_v1"


def table_digests(path: Path) -> dict[str, dict[str, Any]]:
    """Row count and SHA-256 of every view table (as the fixture's maker computed them)."""
    con = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('stored_events', 'merkle_checkpoints') ORDER BY name"
            )
        ]
        found = {}
        for name in names:
            digest = hashlib.sha256()
            rows = sorted(con.execute(f"SELECT * FROM {name}"), key=repr)
            for row in rows:
                cells = tuple(
                    bytes(x).hex() if isinstance(x, bytes | memoryview) else x for x in row
                )
                digest.update(repr(cells).encode())
            found[name] = {"rows": len(rows), "sha256": digest.hexdigest()}
        return found
    finally:
        con.close()


def schemas(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT name, schema FROM view_tracking"))
    finally:
        con.close()


def test_a_database_written_before_the_layout_move_rebuilds_identically(tmp_path: Path) -> None:
    expected = json.loads((FIXTURE / "views.json").read_text())
    clock = date.fromisoformat(expected["clock"])
    path = tmp_path / "old.db"
    services = open_services(f"sqlite:///{path}", clock=lambda: clock)
    try:
        with lzma.open(FIXTURE / "events.jsonl.xz", "rt", encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        with services.db.transaction() as cursor:
            cursor.executemany(
                f"INSERT INTO {services.db.events_table} "
                "(rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)",
                [(r["p"], r["o"], r["v"], r["t"], r["s"].encode("utf-8")) for r in rows],
            )
        assert services.db.event_count() == expected["events"] == len(rows)
        services.runner.rebuild_all()
        services.integrity.catch_up()
        services.integrity.checkpoint_now()
        report = audit(services.integrity)
        assert report.ok and report.events == len(rows), report.findings
    finally:
        services.close()

    now = schemas(path)
    digests = table_digests(path)
    for name, table in expected["tables"].items():
        view = OWNERS[name]
        if now[view] == expected["schemas"][view]:  # the view is as it was: the same rows
            assert digests[name] == {"rows": table["rows"], "sha256": table["sha256"]}, name
        # else the view changed on purpose since: rebuilt without error is what is held


OWNERS = {
        "registry_entries": "registry", "registry_suspensions": "registry",
        "subject_events": "subject_index", "subject_links": "subject_index",
        "superseded": "superseded", "superseded_standing": "superseded",
        "disclosure_records": "disclosures", "disclosure_subjects": "disclosures",
        "profile_documents": "profiles", "profile_links": "profiles",
        "merkle_chunks": "merkle", "merkle_nodes": "merkle",
}  # fmt: skip
