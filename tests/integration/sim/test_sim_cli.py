"""`sim catalog` and `sim start` as an operator runs them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workers.sim.faults import NUMBER_KEYS, PROBABILITY_KEYS
from workers.sim.simchannels.catalog import catalog_for as channels_catalog
from workers.sim.simvideo.catalog import catalog_for

if TYPE_CHECKING:
    from workers.sim.adb_host import AdbServer

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )


def test_catalog_json_is_the_seeds_catalog() -> None:
    result = run_cli("sim", "catalog", "--seed", "5", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == catalog_for(5).to_json()


def test_simchannels_catalog_json_is_its_own_at_any_time() -> None:
    at = "2026-01-02T06:00:00Z"
    first = run_cli("sim", "catalog", "--app", "simchannels", "--seed", "5", "--at", at, "--json")
    assert first.returncode == 0, first.stderr
    shown = json.loads(first.stdout)
    # Another process computes the same content: a pure function of (seed, time).
    assert shown == channels_catalog(5).to_json(datetime(2026, 1, 2, 6, tzinfo=UTC))
    assert shown["app"] == "simchannels"
    videos = [v for c in shown["creators"] for v in c["videos"]]
    assert "10万+" in {v["comment_count_shown"] for v in videos}
    assert not any("key" in v for v in videos)  # the app shows none


def test_catalog_summary_names_the_restricted_accounts() -> None:
    result = run_cli("sim", "catalog", "--seed", "7")
    assert result.returncode == 0
    restricted = [a.id for a in catalog_for(7).accounts if a.restricted]
    assert f"restricted: {', '.join(restricted)}" in result.stdout


def test_bad_faults_give_one_line_naming_the_key() -> None:
    result = run_cli("sim", "start", "--count", "2", "--faults", "latency_ms=40,flaky=1")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    known = sorted((*NUMBER_KEYS, *PROBABILITY_KEYS))  # every key the phones take
    assert "overheat" in known
    assert lines == [f"fleetdeck: error: faults: unknown key 'flaky' (known: {', '.join(known)})"]


def test_start_prints_serials_connects_them_and_stops_on_ctrl_c(
    sim_adb_server: AdbServer,
) -> None:
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "sim",
        "start",
        "--count",
        "2",
        "--seed",
        "21",
        "--adb-port",
        str(sim_adb_server.port),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout is not None
    phones: dict[str, str] = {}
    try:
        deadline = time.monotonic() + 30
        while len(phones) < 2 and time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("SIM-S21-"):
                serial, address, _model = line.split(maxsplit=2)
                phones[serial] = address
        assert sorted(phones) == ["SIM-S21-0001", "SIM-S21-0002"]
        states = sim_adb_server.states()
        assert all(states.get(address) == "device" for address in phones.values())
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert "stopped 2 simulated phones" in out
    finally:
        if process.poll() is None:
            process.kill()
        for address in phones.values():
            sim_adb_server.disconnect(address)
