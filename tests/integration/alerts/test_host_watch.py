"""A host agent raises the alerts only it can see: its store taking no upload for longer
than the setting while evidence waits (once per outage, however often it looks), and
nothing while uploads go through or nothing waits."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from db.alerts.alerts import list_alerts
from db.alerts.models import AlertKind
from db.artifacts.uploader import UploadStatus
from db.pool.tx import run_transaction
from workers.agent_state import AgentConfig
from workers.host_agent import HostAgent

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine


class Status:
    """What the uploader says; the test changes it as an outage would."""

    def __init__(self) -> None:
        self.now = UploadStatus(waiting=0, uploaded=4, failures=0, failing_since=None,
                                last_error=None)  # fmt: skip

    def __call__(self) -> UploadStatus:
        return self.now


def test_a_store_that_takes_no_upload_raises_one_alert_per_outage(
    engine: Engine, qapp: Any, tmp_path: Path
) -> None:
    status = Status()
    config = AgentConfig(
        host_name="pc-a", role="test", version="t", spool=None,  # type: ignore[arg-type]
        with_phones=False, with_host_worker=False, fire_schedules=False,
        alert_offline_s=0, alert_store_s=60, upload_status=status, store_backend="s3",
    )  # fmt: skip
    agent = HostAgent(engine, config, flows=None, store=None)  # type: ignore[arg-type]
    agent.start()
    try:

        def look() -> list[Any]:
            agent._raise_alerts(time.monotonic())  # noqa: SLF001  (the 10-second look)
            return run_transaction(engine, lambda s: list_alerts(s))  # type: ignore[no-any-return]

        assert look() == []  # uploads go through
        began = time.monotonic() - 30
        status.now = UploadStatus(3, 4, 5, began, "endpoint not reachable")
        assert look() == []  # failing, but not for long enough
        status.now = UploadStatus(3, 4, 9, began - 60, "endpoint not reachable")
        (alert,) = look()
        assert (alert.kind, alert.subject) == (AlertKind.STORE_STALLED, "pc-a")
        assert alert.details["waiting"] == 3
        assert alert.details["backend"] == "s3"
        assert alert.details["minutes"] >= 1.5
        assert len(look()) == 1  # the same outage: still one
        status.now = UploadStatus(0, 7, 9, began - 60, "endpoint not reachable")
        assert len(look()) == 1  # nothing waits: nothing to raise
        status.now = UploadStatus(2, 7, 12, time.monotonic() - 120, "503")  # a new outage
        assert len(look()) == 2
    finally:
        agent.shutdown()
