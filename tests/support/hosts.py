"""Host agents in the test process: the real agent, workers and threads, on the session's
simulated phones and adb server, over a test database.

- ``start_host``: ``start(engine, name="pc-1", devices=None, **settings) -> HostRuntime``;
  every host started is shut down after the test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from app.host_runtime import HostRuntime
from app.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from sqlalchemy import Engine

    from workers.sim.adb_host import AdbServer as SimAdbServer


@pytest.fixture
def start_host(
    qapp: Any, sim_adb_server: SimAdbServer, tmp_path: Path
) -> Iterator[Callable[..., HostRuntime]]:
    """start(engine, name, devices, **settings) -> a running HostRuntime."""
    started: list[HostRuntime] = []

    def start(
        engine: Engine, name: str = "pc-1", devices: set[str] | None = None, **overrides: Any
    ) -> HostRuntime:
        values: dict[str, Any] = {
            "db": engine.url.render_as_string(hide_password=False),
            "data_dir": tmp_path / name,
            "adb_port": sim_adb_server.port,
            "host_name": name,
            "heartbeat_seconds": 1.0,
            **overrides,
        }
        runtime = HostRuntime(Settings(**values), engine, role="test", devices=devices)
        started.append(runtime)
        runtime.start()
        return runtime

    yield start
    for runtime in reversed(started):
        runtime.shutdown()
