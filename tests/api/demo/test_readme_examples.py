"""The README's examples run as written on the demo, in bash, with the `ledger` of this
environment, in a fresh folder where `ledger demo` has just loaded the demo district: the API
block against `ledger serve`, and the spot-check block, which draws a sample (the counts the
README states) and re-verifies it twice."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[3] / "README.md"


def readme_block(after: str) -> str:
    """The first ```sh block after the line that contains `after`."""
    text = README.read_text(encoding="utf-8")
    start = text.index(after)
    match = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    assert match, f"no sh block after {after!r}"
    return match.group(1)


@pytest.fixture
def demo_folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "120"
    loaded = subprocess.run(
        ["ledger", "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    return tmp_path, env


def test_the_spot_check_example_draws_a_sample_and_verifies(
    demo_folder: tuple[Path, dict[str, str]],
) -> None:
    folder, env = demo_folder
    block = readme_block("On the demo (after `make run`, or `ledger demo`)")
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = ran.stdout + ran.stderr
    assert ran.returncode == 0, output
    stated = re.search(r"# the public record: (\d+) firms \(([^)]*)\)", block)
    assert stated, "the README states what the draw takes"
    total, tiers = stated.groups()
    assert f"would draw {total} targets ({tiers})" in output, output
    assert output.count(f"draw: {total} targets assigned") == 2, output  # database and offline
    assert output.count("identical: the recorded draw re-runs to the same result") == 2
    assert int(total) > 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_curl_example_registers_a_firm_and_reads_its_history(
    demo_folder: tuple[Path, dict[str, str]],
) -> None:
    """The API block, run twice against `ledger serve` on the demo (at a free port instead of
    8000, the one change: the machine may be serving something there)."""
    folder, env = demo_folder
    port = _free_port()
    block = readme_block("With `make run` serving the demo").replace(
        "127.0.0.1:8000", f"127.0.0.1:{port}"
    )
    server = subprocess.Popen(
        ["ledger", "serve", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        for _ in range(2):  # the fixed command_id makes a second run a replay
            ran = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=folder, env=env,
                                 capture_output=True, text=True, timeout=120)  # fmt: skip
            assert ran.returncode == 0, ran.stdout + ran.stderr
            history = json.loads(ran.stdout)
            assert [e["event"] for e in history["events"]] == ["ledger.Organization.Registered"]
            assert history["events"][0]["reason"] == "设立登记"
    finally:
        server.terminate()
        server.wait(timeout=30)
