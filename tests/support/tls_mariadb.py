"""A throwaway MariaDB with TLS on: its own data directory, a free loopback port.

Certificates come from trustme: a CA that signs the server's certificate (for
``127.0.0.1`` and ``localhost``) and a client certificate. The server starts with
``--skip-grant-tables`` (no system tables to install, so it is up in about a second);
TLS is negotiated before any account is looked at, so that changes nothing the
tests check. Never the server on 3306.
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymysql
import trustme

if TYPE_CHECKING:
    from pathlib import Path

START_TIMEOUT_S = 30


def mariadbd() -> str | None:
    """The MariaDB server binary, or None when it is not installed."""
    return shutil.which("mariadbd") or shutil.which("mariadbd", path="/usr/sbin:/usr/libexec")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TlsFiles:
    """PEM files of one throwaway PKI."""

    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def make_pki(folder: Path, name: str) -> TlsFiles:
    """A CA, a server certificate for the loopback address and a client certificate."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name=f"FleetDeck test {name}")
    server = ca.issue_cert("127.0.0.1", "localhost")
    client = ca.issue_cert("fleetdeck-pc@example.test")
    files = TlsFiles(
        ca=folder / "ca.pem",
        server_cert=folder / "server-cert.pem",
        server_key=folder / "server-key.pem",
        client_cert=folder / "client-cert.pem",
        client_key=folder / "client-key.pem",
    )
    ca.cert_pem.write_to_path(str(files.ca))
    server.cert_chain_pems[0].write_to_path(str(files.server_cert))
    server.private_key_pem.write_to_path(str(files.server_key))
    client.cert_chain_pems[0].write_to_path(str(files.client_cert))
    client.private_key_pem.write_to_path(str(files.client_key))
    for path in (files.server_key, files.client_key):
        path.chmod(0o600)
    return files


class TlsMariaDB:
    """mariadbd with TLS on, in ``folder``; ``start()`` waits until it answers."""

    def __init__(self, folder: Path, tls: TlsFiles) -> None:
        self.folder = folder
        self.tls = tls
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, database: str = "fdtls") -> str:
        return f"mysql://root@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        binary = mariadbd()
        assert binary is not None, "mariadbd is not installed"
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        args = [
            binary,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={self.folder / 'mysqld.sock'}",
            f"--pid-file={self.folder / 'mysqld.pid'}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--user={getpass.getuser()}",  # as root, mariadbd wants to be told it may
            "--skip-grant-tables",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=16M",
            "--innodb-log-file-size=4M",
            f"--ssl-ca={self.tls.ca}",
            f"--ssl-cert={self.tls.server_cert}",
            f"--ssl-key={self.tls.server_key}",
        ]
        with (self.folder / "mysqld.log").open("wb") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_up()
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root")
        with conn.cursor() as cur:
            cur.execute("CREATE DATABASE IF NOT EXISTS fdtls CHARACTER SET utf8mb4")
        conn.close()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                log = (self.folder / "mysqld.log").read_text(errors="replace")
                raise RuntimeError(f"mariadbd exited: {log[-2000:]}")
            try:
                pymysql.connect(host="127.0.0.1", port=self.port, user="root").close()
                return
            except pymysql.err.OperationalError:
                time.sleep(0.1)
        raise RuntimeError(f"mariadbd did not answer on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
