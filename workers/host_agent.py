"""The host agent: one per FleetDeck process, in its own thread.

It registers the host and heartbeats; follows the adb server's phones and gives each
a DeviceWorker in its own QThread (plus one worker for host-side flows); claims work
for every idle worker in one transaction; delivers operators' stops and time limits
to running attempts; records each attempt's end; and runs the reaper and the retry
dispatcher. The console and the headless worker both run it; neither re-implements it.
"""

from __future__ import annotations

import logging
import os
import queue
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from db.pool.states import ErrorClass
from db.pool.tx import HeldConnection
from db.pool.values import Slot as PoolSlot
from workers import agent_ops
from workers.attempt import AttemptSpec
from workers.device.discovery import DeviceChange, DeviceTracker
from workers.device_worker import DeviceWorker
from workers.stop import StopReason

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from db.pool.values import Claim
    from workers.attempt import AttemptOutcome, FlowSource
    from workers.device.adb import AdbServer
    from workers.device.identity import DeviceIdentity

log = logging.getLogger(__name__)

TICK_MS = 250  # stop requests are read this often: a stop reaches a flow within a second
HOUSEKEEPING_S = 2.0  # reaper and retry dispatcher
HEALTH_S = 30.0  # battery and temperature of idle phones
MAX_CLAIM_BACKOFF_S = 1.0  # an empty pool is asked at most this rarely
IDLE_GRACE_S = 3.0  # phones need a moment to be found before "nothing to do" means it


@dataclass(frozen=True)
class AgentConfig:
    """What the agent needs to know about its PC."""

    host_name: str
    role: str
    version: str
    artifacts_dir: Path
    heartbeat_s: float = 5.0
    with_phones: bool = True  # False: host-side flows only (no adb)
    with_host_worker: bool = True


class _Mailbox(QObject):
    """Queued signals into one worker's thread."""

    run = Signal(object)
    identify = Signal()
    read_health = Signal()
    close = Signal()


@dataclass
class _Phone:
    """One worker and what the agent knows about it."""

    label: str
    worker: DeviceWorker
    thread: QThread
    mailbox: _Mailbox
    state: str = "device"
    identity: DeviceIdentity | None = None
    device_id: int | None = None
    account_id: int | None = None
    running: Claim | None = None
    identifying: bool = False
    last_health: float = 0.0
    host_side: bool = False

    @property
    def serial(self) -> str | None:
        return self.identity.serial if self.identity else None

    @property
    def idle(self) -> bool:
        usable = self.host_side or (self.state == "device" and self.device_id is not None)
        return usable and self.running is None


@dataclass
class _Timers:
    last_heartbeat: float = 0.0
    last_housekeeping: float = 0.0
    next_claim: float = 0.0
    claim_backoff: float = 0.05
    started: float = field(default_factory=time.monotonic)
