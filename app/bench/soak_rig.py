"""What ``bench soak`` runs and breaks: its MariaDB, adb servers, simulated phones and
worker processes, and the proxy on one worker's path to the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.bench.mariadb_instance import MariaDBInstance
from app.bench.tcp_proxy import TcpProxy
from workers.sim.adb_host import AdbServer, free_port
from workers.sim.fleet import SimFleet

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[2]
SLOW_PHONE_FAULTS = "latency_ms=150,offline=0.02,u2_crash=0.03"  # every fifth phone
PHONE_FAULTS = "offline=0.02,u2_crash=0.03"  # per phone per minute of activity


@dataclass
class WorkerProcess:
    """One ``main.py worker`` of the soak: its host name, adb server and database URL."""

    index: int
    host_name: str
    adb: AdbServer
    db_url: str
    home: Path
    process: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    def start(self) -> None:
        """Start (or start again) the worker process; each start writes a log of its own."""
        log_path = self.home / f"worker-{len(self.logs) + 1}.log"
        self.logs.append(log_path)
        env = {
            **os.environ,
            "FLEETDECK_ADB_PORT": str(self.adb.port),
            "FLEETDECK_DATA_DIR": str(self.home),
            "FLEETDECK_HOST_NAME": self.host_name,
            "FLEETDECK_HEARTBEAT_SECONDS": "2",
            # Restricted accounts fail their tasks (device class); draining their
            # phones would leave each-device tasks waiting for an operator.
            "FLEETDECK_DRAIN_AFTER_DEVICE_FAILURES": "0",
            "QT_QPA_PLATFORM": "offscreen",
        }
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "--db", self.db_url, "worker"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        """SIGKILL: no shutdown, no finish reports, as a PC losing power."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """SIGTERM and wait: running attempts are recorded as the worker ends."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.kill()


class SoakRig:
    """The soak's own database, phones and workers; ``close()`` ends all of them."""

    def __init__(self, scratch: Path, phones: int, workers: int, seed: int) -> None:
        self.scratch = scratch
        self.db = MariaDBInstance(scratch / "mariadb")
        self.phone_count, self.worker_count, self.seed = phones, workers, seed
        self.adbs: list[AdbServer] = []
        self.fleets: list[SimFleet] = []
        self.phone_owner: dict[int, SimFleet] = {}  # phone index -> its fleet
        self.workers: list[WorkerProcess] = []
        self.proxy: TcpProxy | None = None

    def start_database(self) -> None:
        """Install and start the soak's MariaDB."""
        self.db.install()

    @property
    def db_url(self) -> str:
        """The direct URL of the soak database."""
        return self.db.url

    def start_phones(self, adb_path: str) -> None:
        """One adb server and one fleet per worker; the phones dealt out in turn."""
        for w in range(self.worker_count):
            adb = AdbServer(free_port(), adb_path)
            adb.start()
            fleet = SimFleet(seed=self.seed, faults=PHONE_FAULTS).start()
            fleet.connect_adb(adb)
            self.adbs.append(adb)
            self.fleets.append(fleet)
            for index in range(w, self.phone_count, self.worker_count):
                faults = SLOW_PHONE_FAULTS if index % 5 == 4 else None
                fleet.add_phone(index=index, faults=faults)
                self.phone_owner[index] = fleet

    def start_workers(self, url: URL) -> None:
        """Worker 0 reaches the database through the proxy; the others directly."""
        self.proxy = TcpProxy(self.db.port).__enter__()
        for w in range(self.worker_count):
            db_url = url.render_as_string(hide_password=False)
            if w == 0:
                db_url = url.set(port=self.proxy.port).render_as_string(hide_password=False)
            home = self.scratch / f"pc{w + 1}"
            home.mkdir(parents=True, exist_ok=True)
            worker = WorkerProcess(w, f"soak-pc{w + 1}", self.adbs[w], db_url, home)
            worker.start()
            self.workers.append(worker)

    def serial_of(self, index: int) -> str:
        """The serial of phone ``index``."""
        return self.phone_owner[index].phone(index).serial

    def close(self) -> None:
        """Stop the workers, phones, adb servers, proxy and database."""
        for worker in self.workers:
            worker.stop()
        for fleet in self.fleets:
            fleet.close()
        for adb in self.adbs:
            adb.kill()
        if self.proxy is not None:
            self.proxy.close()
        self.db.stop()


def wait_for(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``check()`` until true; raise RuntimeError naming ``what`` after the timeout."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise RuntimeError(f"soak: {what} did not happen in {timeout_s:g} s")
