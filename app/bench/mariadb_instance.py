"""A MariaDB server of the benchmark's own: its data directory, a free loopback port.

``bench soak`` kills, restarts and hangs its database; it must never do that to a
server someone else uses (the farm's, or the tests' on 3306). So it makes a fresh data
directory with ``mariadb-install-db`` and runs ``mariadbd`` on it, as Debian installs
them, and owns the process: SIGKILL, restart on the same data (InnoDB crash recovery),
SIGSTOP and SIGCONT.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from typing import TYPE_CHECKING

from app.errors import UserError
from workers.sim.adb_host import free_port

if TYPE_CHECKING:
    from pathlib import Path

START_TIMEOUT_S = 90.0  # crash recovery after a SIGKILL on a busy machine takes a while
_SBIN = ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        (f"{d}/{name}" for d in _SBIN if os.access(f"{d}/{name}", os.X_OK)), None
    )
    if found is None:
        raise UserError(f"{name} not found: install the MariaDB server (Debian: mariadb-server)")
    return found


class MariaDBInstance:
    """mariadbd on ``port`` over ``root/data``; root without a password, loopback only."""

    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root
        self.port = port or free_port()
        self.data = root / "data"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL of the ``soak`` database on this server."""
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/soak"

    def install(self) -> None:
        """Create the data directory and the ``soak`` database."""
        self.root.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                _tool("mariadb-install-db"),
                "--no-defaults",
                f"--datadir={self.data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                f"--user={_user()}",
            ],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise UserError(f"mariadb-install-db failed: {' '.join(tail)}")
        self.start()
        self.sql("CREATE DATABASE soak CHARACTER SET utf8mb4")

    def start(self) -> None:
        """Start mariadbd on the data directory and wait until it answers."""
        log = (self.root / "mariadbd.log").open("ab")
        self.process = subprocess.Popen(
            [
                _tool("mariadbd"),
                "--no-defaults",
                f"--datadir={self.data}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--socket={self.root / 'mariadbd.sock'}",
                f"--pid-file={self.root / 'mariadbd.pid'}",
                f"--user={_user()}",
                "--skip-name-resolve",
                "--max-connections=500",
                "--innodb-buffer-pool-size=256M",
                "--transaction-isolation=READ-COMMITTED",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_answering()

    def _wait_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise UserError(f"mariadbd exited at start; see {self.root / 'mariadbd.log'}")
            try:
                self.sql("SELECT 1")
                return
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        raise UserError(f"mariadbd did not answer in {START_TIMEOUT_S:g} s")

    def sql(self, statement: str) -> str:
        """Run one statement with the mariadb client; its output."""
        done = subprocess.run(
            [
                _tool("mariadb"),
                "--no-defaults",
                "-h127.0.0.1",
                f"-P{self.port}",
                "-uroot",
                "--connect-timeout=2",
                "-N",
                "-e",
                statement,
            ],
            capture_output=True,
            check=True,
            timeout=30,
        )
        return done.stdout.decode()

    def kill(self) -> None:
        """SIGKILL the server: no shutdown, no flush, as a crash or an OOM kill."""
        self._signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait()

    def hang(self) -> None:
        """SIGSTOP: the server holds every connection and answers nothing."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after hang()."""
        self._signal(signal.SIGCONT)

    def _signal(self, sig: signal.Signals) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)

    def stop(self) -> None:
        """End the server (resumed first if hung) and remove nothing: the caller owns root."""
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name
