"""scripts/setup.sh: the install stamp, run under the script's own `set -e`, in a temp dir.

A fresh clone's first command (plain setup, no --dev) once exited 1 silently after the
install, because the stamp-writing group ended in `[ -n "$EXTRAS" ] && ...`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [*sorted((ROOT / "scripts").glob("*.sh")), ROOT / ".ci" / "run"]

# A fake interpreter for .venv/bin/python: it logs each pip call and succeeds.
FAKE_PYTHON = """#!/usr/bin/env bash
printf '%s\\n' "$*" >>"$(dirname "$0")/../pip-calls"
"""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of setup.sh and pyproject.toml with a fake, already created .venv."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def _install(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Source the script (its main() does not run) and do its install step under its
    # own `set -euo pipefail`, as `scripts/setup.sh [--dev]` would.
    script = f'source "{clone}/scripts/setup.sh" {" ".join(args)}; install_venv; echo done'
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


def _pip_installs(clone: Path) -> list[str]:
    calls = clone / ".venv" / "pip-calls"
    lines = calls.read_text().splitlines() if calls.exists() else []
    return [line for line in lines if " -e " in line]


def test_plain_setup_on_a_fresh_venv_succeeds_and_installs_once(clone: Path) -> None:
    first = _install(clone)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "done"
    assert _pip_installs(clone) == [f"-m pip install -q --disable-pip-version-check -e {clone}"]
    again = _install(clone)
    assert again.returncode == 0, again.stderr
    assert len(_pip_installs(clone)) == 1, "a second plain setup must not reinstall"


def test_dev_setup_after_plain_adds_the_extras_and_covers_both(clone: Path) -> None:
    assert _install(clone).returncode == 0
    dev = _install(clone, "--dev")
    assert dev.returncode == 0, dev.stderr
    assert _pip_installs(clone)[-1].endswith(f"-e {clone}[dev]")
    stamp = (clone / ".venv" / ".fleetdeck-installed").read_text().splitlines()
    assert len(stamp) == 2
    assert stamp[0] == stamp[1] + "[dev]"
    for args in ((), ("--dev",)):
        assert _install(clone, *args).returncode == 0
    assert len(_pip_installs(clone)) == 2, "after --dev, neither setup reinstalls"


def test_a_changed_pyproject_reinstalls(clone: Path) -> None:
    assert _install(clone).returncode == 0
    with (clone / "pyproject.toml").open("a") as file:
        file.write("\n# changed\n")
    assert _install(clone).returncode == 0
    assert len(_pip_installs(clone)) == 2


# `TEST && ACTION` as a statement: under `set -e` it fails its function or group when TEST
# is false and it comes last. The scripts write `if TEST; then ACTION; fi` instead.
SHORT_CIRCUIT_STATEMENT = re.compile(r"^\s*(\[\[?|test\s)[^|]*\]?\s*&&")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_scripts_use_if_not_a_test_and_action_statement(script: Path) -> None:
    offending = [
        f"{script.name}:{number}: {line.strip()}"
        for number, line in enumerate(script.read_text().splitlines(), start=1)
        if SHORT_CIRCUIT_STATEMENT.search(line) or re.search(r";\s*\[[^]]*\]\s*&&", line)
    ]
    assert offending == []
