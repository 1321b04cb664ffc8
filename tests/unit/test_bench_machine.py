"""The machine's busy share that ``bench pool`` prints beside its latencies."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest

from app.bench.machine import busy_percent, cpu_times

if TYPE_CHECKING:
    from pathlib import Path


def _stat(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "stat"
    path.write_text(f"{line}\ncpu0 1 2 3 4\n", encoding="ascii")
    return path


def test_busy_share_counts_idle_and_io_wait_as_not_busy(tmp_path: Path) -> None:
    # user nice system idle iowait irq softirq steal guest guest_nice
    before = cpu_times(_stat(tmp_path, "cpu  100 0 50 800 50 0 0 0 30 0"))
    after = cpu_times(_stat(tmp_path, "cpu  400 0 150 1000 50 0 0 0 90 0"))
    assert before == (150, 1000)  # guest time is already inside user: not counted twice
    assert after == (550, 1600)
    assert busy_percent(before, after) == 66.7  # 400 busy of 600


def test_no_reading_gives_no_figure_rather_than_a_wrong_one(tmp_path: Path) -> None:
    assert cpu_times(tmp_path / "missing") is None
    assert cpu_times(_stat(tmp_path, "intr 1 2 3")) is None
    assert busy_percent(None, (1, 2)) is None
    assert busy_percent((5, 10), (5, 10)) is None  # no time passed


def test_a_busy_process_shows_on_this_machine() -> None:
    before = cpu_times()
    if before is None:
        pytest.skip("no /proc/stat: not Linux")
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        pass
    share = busy_percent(before, cpu_times())
    assert share is not None
    assert share > 0
