"""Owns this process's host agent: builds it from settings, runs it in its own thread,
and shuts it down in order. The console and the headless worker both use it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread

from app import __version__
from app.artifact_setup import open_artifacts
from workers.agent_state import AgentConfig
from workers.device.adb import AdbServer
from workers.device.health import HealthLimits
from workers.flows.catalog import load_catalog
from workers.host_agent import HostAgent
from workers.lease_book import LeaseBook
from workers.pool_store import PoolAttemptStore

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy import Engine

    from app.artifact_setup import Artifacts
    from app.settings import Settings
    from workers.flows.catalog import FlowCatalog

log = logging.getLogger(__name__)

AGENT_STOP_WAIT_MS = 30_000
UPLOAD_FLUSH_S = 3.0


class HostRuntime(QObject):
    """The agent and its thread.

    Attributes:
        agent: the HostAgent; connect to its signals before ``start()``.
        catalog: the flows and app profiles this host runs.
    """

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        role: str,
        devices: set[str] | None = None,
        report_idle: bool = False,
        schedule_clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.catalog: FlowCatalog = load_catalog(settings.flows_dir, settings.profiles_dir)
        for error in self.catalog.errors:
            log.warning("flow or profile not loaded: %s", error)
        self.artifacts: Artifacts = open_artifacts(settings, engine)
        config = AgentConfig(
            host_name=settings.host_name,
            role=role,
            version=__version__,
            spool=self.artifacts.spool,
            heartbeat_s=settings.heartbeat_seconds,
            devices=frozenset(devices) if devices else None,
            report_idle=report_idle,
            schedule_clock=schedule_clock,
            drain_after_device_failures=settings.drain_after_device_failures,
            health_limits=health_limits_of(settings),
            failure_frames=settings.failure_frames,
            alert_offline_s=settings.alert_offline_minutes * 60,
            alert_store_s=settings.alert_store_minutes * 60,
            upload_status=self.artifacts.uploader.status,
            store_backend=settings.artifact_backend,
        )
        adb = AdbServer(settings.adb_port, settings.adb_path)
        leases = LeaseBook()  # the agent writes it, the flows' store reads it
        store = PoolAttemptStore(engine, leases)
        self.agent = HostAgent(engine, config, self.catalog, store, adb, leases)
        self.agent_thread = QThread()
        self.agent_thread.setObjectName("host-agent")
        self.agent.moveToThread(self.agent_thread)
        self.agent_thread.started.connect(self.agent.start)
        self._running = False

    def start(self) -> None:
        """Start the agent's thread (it registers the host and finds phones) and the
        artifact uploader."""
        self.artifacts.uploader.start()
        self.agent_thread.start()
        self._running = True

    def shutdown(self) -> None:
        """Stop running attempts, record them, end every worker thread, then the agent's."""
        if not self._running:
            return
        self._running = False
        # Blocks until shutdown() has run in the agent's thread.
        QMetaObject.invokeMethod(self.agent, "shutdown", Qt.ConnectionType.BlockingQueuedConnection)
        self.agent_thread.quit()
        if not self.agent_thread.wait(AGENT_STOP_WAIT_MS):
            log.error("the host agent's thread did not end in time")
        # The last attempts' evidence: a moment to upload it; the rest waits in the spool.
        self.artifacts.uploader.stop(flush_s=UPLOAD_FLUSH_S)
        waiting = self.artifacts.spool.depth()
        if waiting:
            log.info("%d artifact(s) wait in the spool; they upload at the next start", waiting)


def health_limits_of(settings: Settings) -> HealthLimits:
    """When this PC's phones pause for their health (issue 15)."""
    return HealthLimits(
        pause_temp_c=settings.temperature_pause_c,
        pause_battery=settings.battery_pause_percent,
        resume_cooler_c=settings.health_resume_cooler_c,
        resume_battery_points=settings.health_resume_battery_points,
    )
