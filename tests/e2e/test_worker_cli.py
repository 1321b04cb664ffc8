"""``python main.py worker --sim N --until-idle``: the headless host as an operator runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workers.device.adb import AdbServer
from workers.sim.adb_host import free_port

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def test_worker_runs_queued_work_then_exits_when_idle(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "FLEETDECK_DB": f"sqlite:///{tmp_path}/farm.db",
        "FLEETDECK_DATA_DIR": str(tmp_path),
        "FLEETDECK_ADB_PORT": str(port),
    }
    try:
        submitted = cli("submit", "device.health", "--count", "3", "--json", env=env)
        assert submitted.returncode == 0, submitted.stderr
        batch = json.loads(submitted.stdout)["batch"]
        worker = cli(
            "worker",
            "--sim",
            "2",
            "--sim-seed",
            "5",
            "--until-idle",
            "--max-seconds",
            "150",
            env=env,
        )
        assert worker.returncode == 0, worker.stderr
        status = json.loads(cli("status", str(batch), "--json", env=env).stdout)
        assert status["state"] == "completed"
        assert status["tasks"]["succeeded"] == 3
        records = json.loads(cli("records", "--batch", str(batch), "--json", env=env).stdout)
        assert {r["device"] for r in records} <= {"SIM-S5-0001", "SIM-S5-0002"}
        assert all(r["outputs"][0]["serial"] == r["device"] for r in records)
    finally:
        AdbServer(port).kill()


def test_bench_flows_reports_its_figures(tmp_path: Path) -> None:
    env = {**os.environ, "FLEETDECK_DATA_DIR": str(tmp_path)}
    result = cli("bench", "flows", "--phones", "3", "--tasks", "6", "--json", env=env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    # "tasks" counts finished attempts: a retried one (a slow phone under load) adds one.
    assert figures["tasks"] >= 6
    assert figures["phones"] == 3
    assert figures["tasks_per_minute"] > 0
    assert 0 <= figures["idle_between_tasks_share"] < 1
    assert figures["stopped"] >= 1
    assert figures["stop_to_cancelled_ms_p99"] >= figures["stop_to_flow_ms_p50"] >= 0
    # The cost of the frame ring: the batch ran without it, then with it.
    off, on = figures["frame_ring"]["off"], figures["frame_ring"]["on"]
    assert off["tasks"] >= 6
    assert on["tasks"] >= 6
    assert off["frames_captured"] == 0
    assert on["frames_captured"] > 0
    assert on["frame_ring_cpu_share_of_one_core"] > 0
