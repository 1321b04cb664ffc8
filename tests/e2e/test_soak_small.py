"""``bench soak --small``: the pool under every fault of the soak, on a MariaDB of its
own, loses nothing and runs nothing twice (the full soak is a benchmark; README)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Three workers, 50 phones and a MariaDB of its own load both cores for two minutes: it
# runs alone, after the parallel part of the suite (scripts/test.sh), so that it starves
# no test whose flows or lock waits must finish in time.
pytestmark = pytest.mark.serial

ROOT = Path(__file__).resolve().parents[2]
FAULTS = {
    "db_kill",
    "db_hang",
    "net_drop",
    "net_blackhole",
    "net_slow",
    "worker_kill",
    "phones_offline",
    "phones_unauthorized",
}


@pytest.mark.slow
@pytest.mark.mariadb
def test_the_small_soak_keeps_every_promise(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "bench",
            "soak",
            "--small",
            "--json",
            "--keep",
            str(tmp_path / "soak"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    figures = json.loads(done.stdout)
    assert set(figures) == {
        "tasks",
        "succeeded_once",
        "double_successes",
        "left_unfinished",
        "fanout_items",
        "fanout_tasks",
        "records_lost",
        "faults",
    }
    assert figures["tasks"] >= 600
    # Every task terminal, none succeeded twice, no attempt without its record.
    assert figures["left_unfinished"] == 0, figures
    assert figures["double_successes"] == 0, figures
    assert figures["records_lost"] == 0, figures
    # Restricted accounts hand their tasks on, faults are retried: nearly all succeed
    # (a task may fail for good after its retries; it is then terminal, not lost).
    assert figures["succeeded_once"] >= 0.9 * figures["tasks"], figures
    # Every fan-out item became exactly one downstream task.
    assert figures["fanout_items"] > 0
    assert figures["fanout_tasks"] == figures["fanout_items"], figures
    faults = {fault["kind"]: fault for fault in figures["faults"]}
    assert set(faults) == FAULTS
    # Work went on after every fault (on the hosts or phones it touched).
    assert all(fault["recovery_s"] is not None for fault in faults.values()), faults
    logs = "".join(p.read_text() for p in (tmp_path / "soak").glob("pc*/worker-*.log"))
    assert "Traceback" not in logs
