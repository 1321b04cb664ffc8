"""The translation catalogs match the source: nothing unfinished, no stale .qm."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogs_are_complete_and_compiled() -> None:
    """lupdate finds nothing new, unfinished or obsolete; lrelease gives the committed .qm."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
