"""Two adb servers starting at once on a PC where adb never ran: both come up.

adb creates ~/.android on start and dies ("Cannot mkdir …: File exists") when another
server created it a moment before; the console and a headless worker (or two test
workers) on a fresh PC did exactly that.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from tests.support.s3 import free_port
from workers.device.adb import AdbServer

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def _start(server: AdbServer, ready: threading.Barrier, errors: list[Exception]) -> None:
    ready.wait()
    try:
        server.ensure_running()
    except Exception as exc:  # noqa: BLE001  (the test reports any failure)
        errors.append(exc)


def test_two_servers_starting_at_once_on_a_fresh_home_both_come_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("ANDROID_USER_HOME", raising=False)
    for attempt in range(3):  # the race is narrow: give it three chances to bite
        home = tmp_path / str(attempt)
        home.mkdir()
        monkeypatch.setenv("HOME", str(home))
        servers = [AdbServer(free_port()) for _ in range(2)]
        ready = threading.Barrier(2)
        errors: list[Exception] = []
        threads = [threading.Thread(target=_start, args=(s, ready, errors)) for s in servers]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            assert errors == []
            assert all(server.is_running() for server in servers)
            assert (home / ".android").is_dir()
        finally:
            for server in servers:
                server.kill()
