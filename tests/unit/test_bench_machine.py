"""The machine's busy share that ``bench pool`` prints beside its latencies."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from app.bench.machine import CoreWaitClock, busy_percent, core_wait_figures, cpu_times

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


def test_slow_claims_split_into_waiting_for_a_core_and_the_rest() -> None:
    # 200 claims of 5 ms with no wait, and two slow ones: 40 ms of which 30 waiting for
    # a core, 60 ms of which 10 waiting.
    claims = [(5.0, 0.0)] * 200 + [(40.0, 30.0), (60.0, 10.0)]
    less_wait, slowest_wait_pct = core_wait_figures(claims)
    assert less_wait == 5.0  # with a core of their own, 99% took 5 ms
    assert slowest_wait_pct == 40.0  # the slowest 1% (two): 40 of their 100 ms
    assert core_wait_figures([]) == (None, None)
    assert core_wait_figures([(10.0, 2.5)]) == (7.5, 25.0)


def test_the_wait_for_a_core_grows_while_other_threads_hold_every_core() -> None:
    clock = CoreWaitClock()
    before = clock.waited_ns()
    if before is None:
        pytest.skip("no schedstat: not Linux, or the kernel keeps no scheduler statistics")
    cores = os.cpu_count() or 1
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2 * cores)
    ]
    try:
        end = time.perf_counter() + 0.5
        while time.perf_counter() < end:  # busy too: we queue behind the spinners
            pass
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    after = clock.waited_ns()
    clock.close()
    assert after is not None
    assert after - before > 10_000_000  # over 10 ms of 500 spent waiting for a core


def test_the_wait_is_the_second_of_schedstat_fields(tmp_path: Path) -> None:
    schedstat = tmp_path / "schedstat"
    schedstat.write_text("91000000 2500000 7\n", encoding="ascii")  # run, wait (ns), slices
    assert CoreWaitClock(str(schedstat)).waited_ns() == 2_500_000
    schedstat.write_text("garbage\n", encoding="ascii")
    assert CoreWaitClock(str(schedstat)).waited_ns() is None
    assert CoreWaitClock(str(tmp_path / "missing")).waited_ns() is None
