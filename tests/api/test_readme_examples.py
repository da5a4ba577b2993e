"""The README's examples run as written on the demo: the spot-check block, in bash, with the
`ledger` of this environment, in a fresh folder where `ledger demo` has just loaded the demo
district. It draws a sample (the counts the README states) and re-verifies it twice."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


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
