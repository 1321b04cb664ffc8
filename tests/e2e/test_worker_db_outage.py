"""A worker whose database goes away for real (a TCP proxy cut, then restored): one line
when it is lost, one when it is back, no tracebacks, and no driver text on a record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.tcp_proxy import TcpProxy
from workers.device.adb import AdbServer
from workers.sim.adb_host import free_port

if TYPE_CHECKING:
    from tests.support.database import MariaDBServer

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_S = 6


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.mariadb
def test_an_outage_is_told_once_lost_and_once_back(
    mariadb_server: MariaDBServer, tmp_path: Path
) -> None:
    url = mariadb_server.create_database()
    direct = url.render_as_string(hide_password=False)
    adb_port = free_port()
    base = {
        **os.environ,
        "HOME": str(tmp_path),
        "FLEETDECK_DATA_DIR": str(tmp_path),
        "FLEETDECK_ADB_PORT": str(adb_port),
    }
    env = {**base, "FLEETDECK_DB": direct}
    assert _cli("db", "upgrade", env=env).returncode == 0
    submitted = _cli(
        "submit", "collect.titles", "--param", "creator=c003", "--param", "count=40",
        "--count", "2", "--lease", "10", "--json", env=env,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    batch = json.loads(submitted.stdout)["batch"]
    with TcpProxy(url.port or 3306) as proxy:
        through = url.set(port=proxy.port).render_as_string(hide_password=False)
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "worker", "--sim", "2",
             "--max-seconds", "20"],
            env={**base, "FLEETDECK_DB": through},
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(worker.stderr or ()), daemon=True)
        reader.start()
        try:
            _wait_for_line(lines, "registered as")
            time.sleep(4)  # the phones are connected and into their first flows
            proxy.cut()
            time.sleep(OUTAGE_S)
            proxy.restore()
            worker.wait(timeout=180)
        finally:
            worker.kill()
            worker.wait()
            reader.join(timeout=10)
            if worker.stderr is not None:
                worker.stderr.close()
            AdbServer(adb_port).kill()
    stderr = "".join(lines)
    assert "Traceback" not in stderr, stderr[-5000:]
    lost = [line for line in stderr.splitlines() if "database unreachable" in line]
    back = [line for line in stderr.splitlines() if "database back" in line]
    assert len(lost) == 1, stderr[-5000:]
    assert len(back) == 1, stderr[-5000:]
    assert "database step failed" not in stderr
    records = json.loads(_cli("records", "--batch", str(batch), "--json", env=env).stdout)
    messages = [record.get("message") or "" for record in records]
    assert not [m for m in messages if "pymysql" in m or "OperationalError" in m], messages


def _wait_for_line(lines: list[str], text: str) -> None:
    deadline = time.monotonic() + 60
    while not any(text in line for line in lines):
        assert time.monotonic() < deadline, "".join(lines)[-3000:]
        time.sleep(0.1)
