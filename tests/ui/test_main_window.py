"""The console window opens, shows where it is connected, and closes cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ui.main_window import MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]


def test_window_opens_and_closes(qtbot: QtBot) -> None:
    window = MainWindow(
        version="9.9", database_label="mysql+pymysql://ops:***@db/fleet", host_name="pc-1"
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "FleetDeck 9.9" in window.windowTitle()
    assert "***" in window.windowTitle()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Phones",
        "Task pool",
        "Records",
    ]
    with qtbot.waitSignal(window.closed, timeout=2000):
        window.close()


def test_console_command_starts_and_exits_cleanly(tmp_path: Path) -> None:
    """Command 1's last step, end to end: a fresh data dir, migrated, window shown, closed."""
    shot = tmp_path / "console.png"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db",
            f"sqlite:///{tmp_path}/c.db",
            "console",
            "--exit-after",
            "1.5",
            "--screenshot",
            str(shot),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 1000
    assert (tmp_path / "c.db").exists()
