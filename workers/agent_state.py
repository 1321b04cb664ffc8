"""What the host agent keeps about its PC and each of its workers."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from workers.device.health import HealthLimits

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from PySide6.QtCore import QThread

    from db.artifacts.uploader import UploadStatus
    from db.pool.values import Claim
    from workers.attempt import EvidenceSpool
    from workers.device.identity import DeviceIdentity
    from workers.device_worker import DeviceWorker


HEALTH_WAIT_S = 5.0  # a new phone's first health reading is waited for this long


@dataclass(frozen=True)
class AgentConfig:
    """What the agent needs to know about its PC."""

    host_name: str
    role: str
    version: str
    spool: EvidenceSpool  # where the attempts' evidence waits for upload
    heartbeat_s: float = 5.0
    with_phones: bool = True  # False: host-side flows only (no adb)
    with_host_worker: bool = True
    devices: frozenset[str] | None = None  # only these phones (serial or adb serial)
    report_idle: bool = False  # watch for "nothing left to run" (worker --until-idle)
    fire_schedules: bool = True  # take part in firing schedules' slots (issue 13)
    # The time schedules are judged by; None is the database clock (a simulation
    # passes its simulated clock).
    schedule_clock: Callable[[], datetime] | None = None
    # Device-class failures of a phone's account, across batches, before the pool
    # drains the phone and raises it to the operator (0: never).
    drain_after_device_failures: int = 3
    # When a phone is too hot or too low on battery to take new work (and recovered).
    health_limits: HealthLimits = field(default_factory=HealthLimits)
    # Keep the seconds before a failure as an animated WebP (setting failure_frames).
    failure_frames: bool = True
    # Alerts (issue 12): a phone offline/unauthorized this long, a store that took no
    # upload this long while evidence waits (seconds; 0: never); the uploader's status.
    alert_offline_s: float = 600.0
    alert_store_s: float = 900.0
    upload_status: Callable[[], UploadStatus] | None = None
    store_backend: str = ""


class Mailbox(QObject):
    """Queued signals into one worker's thread."""

    run = Signal(object)
    identify = Signal()
    read_health = Signal()
    close = Signal()


@dataclass
class PhoneSlot:
    """One worker and what the agent knows about it."""

    label: str
    worker: DeviceWorker
    thread: QThread
    mailbox: Mailbox
    state: str = "device"
    identity: DeviceIdentity | None = None
    device_id: int | None = None
    account_id: int | None = None
    running: Claim | None = None
    identifying: bool = False
    last_health: float = 0.0
    progress_at: float = 0.0
    host_side: bool = False
    ignored: bool = False  # not among the phones this host was told to use
    health_seen: bool = False  # its first health reading came back
    health_pause: str | None = None  # TOO_HOT or BATTERY_LOW: it takes no new work
    run_anyway: bool = False  # an operator overrode the pause

    @property
    def serial(self) -> str | None:
        return self.identity.serial if self.identity else None

    @property
    def idle(self) -> bool:
        usable = self.host_side or (self.state == "device" and self.device_id is not None)
        return usable and self.running is None and not self.ignored

    def takes_work(self, now: float) -> bool:
        """Idle, and neither paused for its health nor waiting for a reading asked
        for (its first, or one between attempts); a phone that gives none within
        HEALTH_WAIT_S is not held back by it."""
        if not self.idle:
            return False
        if self.host_side:
            return True
        if not self.health_seen and now - self.last_health < HEALTH_WAIT_S:
            return False
        return self.health_pause is None or self.run_anyway


@dataclass
class AgentTimers:
    last_heartbeat: float = 0.0
    last_housekeeping: float = 0.0
    next_claim: float = 0.0
    claim_backoff: float = 0.05
    last_idle_check: float = 0.0
    last_alerts: float = 0.0
    last_schedules: float = 0.0
    next_db_try: float = 0.0  # while the database is away: when to try it again
    db_retry_s: float = 0.0
    started: float = field(default_factory=time.monotonic)
