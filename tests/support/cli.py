"""The real command line in a subprocess, with its own HOME, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

ROOT = Path(__file__).resolve().parents[2]


def run_fleetdeck(
    *args: str,
    home: Path,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS`` with HOME (and so every default folder) under ``home``."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLEETDECK_", "XDG_"))
    }
    clean["HOME"] = str(home)
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        input=stdin,
        timeout=timeout,
        cwd=home,
        env=clean,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed command; fails the test on anything else."""
    assert result.returncode != 0, f"exit 0; stdout: {result.stdout[-2000:]}"
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-4000:]
    return lines[0]
