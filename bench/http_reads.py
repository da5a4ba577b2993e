"""Read latency over HTTP for the benchmarks: `ledger serve` in its own interpreter, and p50/p99
of the compliance profile and the audit trail against it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from api.services import Services
from bench.projections_data import Made
from domain.core.values import (
    Actor,
    EventMeta,
    Role,
)

PROFILE = "/organizations/{id}/profile"
AUDIT_TRAIL = "/subjects/{id}/audit-trail"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(url: str, tmp: Path, projections: str = "in_process") -> Iterator[str]:
    """`ledger serve` in a subprocess (its own interpreter, as in production). `projections`:
    "external" for a server that never catches views up itself (reads as the views stand)."""
    import httpx

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    env.update(
        LEDGER_DATABASE_URL=url,
        LEDGER_SIGNING_KEY_FILE=str(tmp / "signing.key"),
        LEDGER_PROJECTIONS=projections,
    )
    log = (tmp / "serve.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from api.cli.main import main; main()",
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[1],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {tmp / 'serve.log'}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def latency(services: Services, made: Made, url: str, requests: int, tmp: Path) -> None:
    import httpx

    meta = EventMeta.effective_today(  # a token dated in the data's past would have expired
        actor=Actor(principal_id="bench", role=Role.ADMIN),
        reason="benchmark reads",
        today=services.ledger.today(),
        command_id=f"bench-token-{uuid.uuid4()}",
    )
    secret = services.ledger.issue_token(meta, "bench.supervisor", Role.SUPERVISOR).secret
    services.runner.catch_up_all()
    # Seal the verifiable log before serving: a fresh server would otherwise spend its first
    # minutes sealing the whole log in its background thread, beside the requests timed here.
    started = time.perf_counter()
    services.integrity.catch_up()
    print(f"  sealed the verifiable log before serving ({time.perf_counter() - started:.1f}s)")
    chance = random.Random(5)
    subjects = {
        PROFILE: made.firms,
        AUDIT_TRAIL: made.firms + made.lawyers,
    }
    with (
        served(url, tmp) as base,
        httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {secret}"}, timeout=30
        ) as client,
    ):
        paths = set(client.get("/openapi.json").json()["paths"])
        for route, ids in subjects.items():
            prefix, suffix = route.split("{id}")
            template = next(
                (p for p in paths if p.startswith(prefix) and p.endswith(suffix) and "{" in p),
                None,
            )
            if template is None:
                print(f"  GET {route}: not yet available")
                continue
            name = template[template.index("{") : template.index("}") + 1]
            for _ in range(20):  # warm up: connections, caches
                client.get(template.replace(name, str(chance.choice(ids))))
            timings: list[float] = []
            statuses: Counter[int] = Counter()
            for _ in range(requests):
                path = template.replace(name, str(chance.choice(ids)))
                started = time.perf_counter()
                response = client.get(path)
                timings.append(time.perf_counter() - started)
                statuses[response.status_code] += 1
            if set(statuses) != {200}:  # timing refusals would measure nothing
                raise SystemExit(f"GET {template}: answered {dict(statuses)}, not 200")
            timings.sort()
            p50 = timings[len(timings) // 2] * 1000
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))] * 1000
            print(
                f"  GET {template}: p50 {p50:.1f} ms, p99 {p99:.1f} ms over {requests} "
                f"requests (statuses {dict(statuses)})"
            )
