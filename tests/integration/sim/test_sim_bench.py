"""`bench sim` runs end to end and reports every figure (values are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_sim_reports_its_figures() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "bench",
            "sim",
            "--phones",
            "2",
            "--seconds",
            "2",
            "--warmup",
            "0.2",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["phones"] == 2
    assert figures["errors"] == {}
    assert figures["thumbnail_calls"] > 0
    flow_kinds = ("shell", "rpc_info", "rpc_swipe", "rpc_dump")
    assert sum(figures[f"{kind}_calls"] for kind in flow_kinds) > 0
    for key in (
        "thumbnail_p99_ms",
        "flow_call_p99_ms",
        "thumbnails_per_s",
        "fleet_cpu_percent_of_one_core",
        "adb_server_cpu_percent",
        "goal_met",
    ):
        assert key in figures
