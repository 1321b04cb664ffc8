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
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from sqlalchemy.exc import SQLAlchemyError

from db.pool.states import ErrorClass
from db.pool.tx import HeldConnection
from db.pool.values import Slot as PoolSlot
from db.urls import mask_in_text
from workers import agent_ops
from workers.agent_state import AgentConfig, AgentTimers, Mailbox, PhoneSlot
from workers.attempt import AttemptSpec
from workers.db_health import DatabaseHealth, is_outage
from workers.device.discovery import DeviceChange, DeviceTracker
from workers.device.health import health_pause
from workers.device_worker import DeviceWorker
from workers.lease_book import LeaseBook
from workers.stop import StopReason

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from db.pool.values import Claim, StopRequest
    from workers.attempt import AttemptOutcome, FlowSource
    from workers.device.adb import AdbServer
    from workers.device.identity import DeviceIdentity

log = logging.getLogger(__name__)
T = TypeVar("T")

TICK_MS = 250  # stop requests are read this often: a stop reaches a flow within a second
HOUSEKEEPING_S = 2.0  # reaper and retry dispatcher
HEALTH_S = 30.0  # battery and temperature of idle phones
PAUSED_HEALTH_S = 5.0  # ... of phones paused for their health (recovery, "run anyway")
MAX_CLAIM_BACKOFF_S = 1.0  # an empty pool is asked at most this rarely
IDLE_GRACE_S = 3.0  # phones need a moment to be found before "nothing to do" means it
IDLE_CHECK_S = 1.0  # how often a worker that exits when idle counts the open work
SCHEDULES_S = 0.5  # due schedule slots are looked for this often (slot-to-submit delay)
SCHEDULES_PER_TICK = 50  # schedules fired per look, one short transaction each
ALERTS_S = 10.0  # how often this PC looks for phones offline too long and a stalled store
# While the database is away the tick tries it again after a growing pause: first
# soon (a restart takes seconds), then no more than every few seconds per host.
OUTAGE_RETRY_FIRST_S = 0.5
OUTAGE_RETRY_MAX_S = 3.0


class HostAgent(QObject):
    """Runs this PC's share of the pool. Lives in its own QThread; owns its workers.

    Signals:
        phone_changed(label, serial, state, model): a phone appeared, left or changed
            adb state ("device", "offline", "unauthorized", "gone", "error").
        account_changed(label, account_id): the account bound to a phone changed.
        attempt_started(label, run_id, flow, batch_id): a worker took a task.
        step_changed(label, run_id, step): the running flow named a new step.
        attempt_finished(label, run_id, result, flow_seconds, message): an attempt ended
            and was recorded; result is "succeeded" or its error class; flow_seconds is
            how long the flow itself ran; message is its message (a failure's reason).
        stop_delivered(run_id): a stop request was handed to a running attempt.
        health_changed(label, health): fresh DeviceHealth of a phone.
        health_paused(label, reason, run_anyway): the phone takes no new work for its
            health (reason TOO_HOT or BATTERY_LOW; "" once it recovered), or an operator
            let it run anyway.
        idle_reached(): nothing this host could run is queued, running or retrying
            (only with ``AgentConfig.report_idle``).
        log_line(label, run_id, line): a running attempt wrote a log line (emitted in
            the worker's thread; connect queued).
        stopped(): shutdown finished; the agent's thread may quit.
    """

    phone_changed = Signal(str, str, str, str)
    account_changed = Signal(str, object)
    attempt_started = Signal(str, int, str, int)
    step_changed = Signal(str, int, str)
    attempt_finished = Signal(str, int, str, float, str)
    stop_delivered = Signal(int)
    health_changed = Signal(str, object)
    health_paused = Signal(str, str, bool)
    idle_reached = Signal()
    log_line = Signal(str, int, str)
    stopped = Signal()

    _device_changed = Signal(object)
    _finished_waiting = Signal()

    def __init__(
        self,
        engine: Engine,
        config: AgentConfig,
        flows: FlowSource,
        store: Any,
        adb: AdbServer | None = None,
        leases: LeaseBook | None = None,
    ) -> None:
        super().__init__()
        self.engine, self.config, self.flows, self.store, self.adb = (
            engine,
            config,
            flows,
            store,
            adb,
        )
        self.host_id: int | None = None
        self.phones: dict[str, PhoneSlot] = {}
        self._db: HeldConnection | None = None
        self._tracker: DeviceTracker | None = None
        self._timer: QTimer | None = None
        self._times = AgentTimers()
        self._finished: queue.SimpleQueue[tuple[str, AttemptSpec, AttemptOutcome]]
        self._finished = queue.SimpleQueue()
        self._client: Any = adb.client() if adb is not None else None
        self._idle_announced = False
        # The flows' store reads it: how long a running flow may wait for the database.
        self.leases = leases or LeaseBook()
        # Finished attempts the database could not take yet; reported when it is back.
        self._unreported: list[tuple[str, AttemptSpec, AttemptOutcome]] = []
        self._health = DatabaseHealth.of(engine)
        self._device_changed.connect(self._on_device_changed)
        self._finished_waiting.connect(self._drain_finished)

    # ------------------------------------------------------------------ lifecycle

    @Slot()
    def start(self) -> None:
        """Register the host, find the phones, start ticking (in the agent's thread)."""
        self._db = HeldConnection(self.engine)
        cfg = self.config
        self.host_id = self._run(
            lambda s: agent_ops.register(s, cfg.host_name, os.getpid(), cfg.role, cfg.version)
        )
        log.info("host %s registered as %s (%s)", cfg.host_name, self.host_id, cfg.role)
        if cfg.with_host_worker:
            self._add_worker("host", None, host_side=True)
        if cfg.with_phones and self.adb is not None:
            self._tracker = DeviceTracker(self.adb, self._device_changed.emit)
            self._tracker.start()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)

    @Slot()
    def shutdown(self) -> None:
        """Stop running attempts, record how they ended, end every worker thread."""
        if self._timer is not None:
            self._timer.stop()
        if self._tracker is not None:
            self._tracker.stop()
        self.leases.closing.set()  # flows waiting for the database give up now
        for phone in self.phones.values():
            phone.worker.request_stop(StopReason.SHUTDOWN, by=f"{self.config.host_name} shutdown")
            phone.mailbox.close.emit()
            phone.thread.quit()
        for phone in self.phones.values():
            if not phone.thread.wait(15_000):
                log.error("worker of %s did not stop in time", phone.label)
        self._settle(time.monotonic(), claim=False)
        if self._unreported:
            log.warning(
                "%d finished attempt(s) could not be reported: the database is unreachable; "
                "their leases will run out and the pool will run them again",
                len(self._unreported),
            )
        if self.host_id is not None and self._db is not None:
            host_id = self.host_id
            self._safely(lambda s: agent_ops.stop_host(s, host_id))
            self._db.close()
        self.stopped.emit()

    # ------------------------------------------------------------------ workers

    def _add_worker(self, label: str, adb_serial: str | None, host_side: bool = False) -> PhoneSlot:
        worker = DeviceWorker(
            adb_serial,
            self._client,
            self.flows,
            self.store,
            self.config.spool,
            record_frames=self.config.failure_frames,
        )
        thread = QThread(self)
        thread.setObjectName(f"worker-{label}")
        worker.moveToThread(thread)
        mailbox = Mailbox(self)
        mailbox.run.connect(worker.run)
        mailbox.identify.connect(worker.identify)
        mailbox.read_health.connect(worker.read_health)
        mailbox.close.connect(worker.close)
        worker.identified.connect(self._on_identified)
        worker.identify_failed.connect(self._on_identify_failed)
        worker.step_changed.connect(self._on_step)
        worker.health_read.connect(self._on_health)
        # Straight through, not via the agent's thread: it has better things to do.
        worker.log_line.connect(self.log_line, Qt.ConnectionType.DirectConnection)
        # Straight from the worker's thread into a queue: finishes are never lost,
        # even while the agent is shutting down and not processing signals.
        worker.attempt_finished.connect(self._queue_finished, Qt.ConnectionType.DirectConnection)
        phone = PhoneSlot(label, worker, thread, mailbox, host_side=host_side)
        self.phones[label] = phone
        thread.start()
        return phone

    def _queue_finished(self, label: str, spec: AttemptSpec, outcome: AttemptOutcome) -> None:
        self._finished.put((label, spec, outcome))
        self._finished_waiting.emit()

    # ------------------------------------------------------------------ phones

    @Slot(object)
    def _on_device_changed(self, change: DeviceChange) -> None:
        label = change.adb_serial
        phone = self.phones.get(label)
        if change.state == "device":
            if phone is None:
                phone = self._add_worker(label, label)
            phone.state = "device"
            if phone.identity is None and not phone.identifying and not phone.ignored:
                phone.identifying = True
                phone.mailbox.identify.emit()
            elif phone.identity is not None:
                self._note_conn_state(phone, "device")
            return
        if phone is None:
            return
        phone.state = change.state
        self._note_conn_state(phone, change.state)

    def _note_conn_state(self, phone: PhoneSlot, state: str) -> None:
        if phone.serial is not None:
            serial = phone.serial
            self._safely(lambda s: agent_ops.record_conn_state(s, serial, state))
        model = phone.identity.model if phone.identity else ""
        self.phone_changed.emit(phone.label, phone.serial or "", state, model)

    @Slot(str, object)
    def _on_identified(self, label: str, identity: DeviceIdentity) -> None:
        phone = self.phones[label]
        phone.identifying = False
        wanted = self.config.devices
        if wanted is not None and not {identity.serial, label} & wanted:
            log.info("%s (%s) is not among --devices; leaving it alone", label, identity.serial)
            phone.ignored = True
            return
        host_id = self._host()
        record = self._safely(lambda s: agent_ops.record_phone(s, host_id, identity))
        if record is None:
            return
        phone.identity, phone.device_id = identity, record.device_id
        phone.account_id = record.account_id
        if record.abandoned_runs:
            log.info(
                "%s: ended %s attempt(s) a previous process left", label, record.abandoned_runs
            )
        self.phone_changed.emit(label, identity.serial, phone.state, identity.model)
        self.account_changed.emit(label, phone.account_id)
        phone.last_health = time.monotonic()
        phone.mailbox.read_health.emit()  # battery and temperature on the tile from the start
        self._times.next_claim = 0.0

    @Slot(str, str)
    def _on_identify_failed(self, label: str, message: str) -> None:
        phone = self.phones[label]
        phone.identifying = False
        log.warning("%s: not usable yet: %s", label, message)
        self.phone_changed.emit(label, phone.serial or "", "error", "")

    @Slot(str, int, str)
    def _on_step(self, label: str, run_id: int, step: str) -> None:
        self.step_changed.emit(label, run_id, step)

    @Slot(str, object)
    def _on_health(self, label: str, health: Any) -> None:
        phone = self.phones[label]
        reason = health_pause(health, self.config.health_limits, phone.health_pause)
        run_anyway = phone.run_anyway
        if phone.serial is not None:
            serial, paused = phone.serial, reason is not None
            said = self._safely(lambda s: agent_ops.record_health(s, serial, health, paused))
            run_anyway = bool(said) if said is not None else run_anyway
        if not phone.health_seen:
            phone.health_seen = True
            self._times.next_claim = 0.0  # it was waiting for this reading
        self.health_changed.emit(label, health)
        if (reason, run_anyway) != (phone.health_pause, phone.run_anyway):
            self._note_health_pause(phone, reason, run_anyway, health)

    def _note_health_pause(
        self, phone: PhoneSlot, reason: str | None, run_anyway: bool, health: Any
    ) -> None:
        if reason is None:
            log.info("%s recovered (%s); it takes work again", phone.label, _readings(health))
        elif run_anyway:
            log.info("%s: %s (%s), but runs anyway", phone.label, reason, _readings(health))
        else:
            log.info("%s: %s (%s); no new work", phone.label, reason, _readings(health))
        phone.health_pause, phone.run_anyway = reason, run_anyway
        self.health_paused.emit(phone.label, reason or "", run_anyway)
        self._times.next_claim = 0.0

    # ------------------------------------------------------------------ the tick

    @Slot()
    def _tick(self) -> None:
        now = time.monotonic()
        times = self._times
        if self._health.lost and now < times.next_db_try:
            return  # the database is away: try again after the pause, not every tick
        self._tick_steps(now)
        if self._health.lost:
            grown = max(times.db_retry_s * 2, OUTAGE_RETRY_FIRST_S)
            times.db_retry_s = min(grown, OUTAGE_RETRY_MAX_S)
            times.next_db_try = time.monotonic() + times.db_retry_s
        else:
            times.db_retry_s = 0.0

    def _tick_steps(self, now: float) -> None:
        times = self._times
        self._watch_running(now)
        if now - times.last_housekeeping >= HOUSEKEEPING_S:
            times.last_housekeeping = now
            self._safely(agent_ops.housekeeping)
            self._read_health_of_idle_phones(now)
        if now - times.last_alerts >= ALERTS_S and self.host_id is not None:
            times.last_alerts = now
            self._raise_alerts(now)
        if self.config.fire_schedules and now - times.last_schedules >= SCHEDULES_S:
            times.last_schedules = now
            self._fire_schedules()
        self._settle(now, claim=now >= times.next_claim)
        self._check_idle(now)

    def _raise_alerts(self, now: float) -> None:
        """Phones offline too long, a store that takes no upload: raise them (once, even
        when another PC raises the same at the same moment: the pool's unique key)."""
        cfg, host_id = self.config, self._host()
        if cfg.alert_offline_s > 0:
            self._safely(
                lambda s: agent_ops.raise_offline_alerts(
                    s, host_id, cfg.host_name, cfg.alert_offline_s
                )
            )
        status = cfg.upload_status() if cfg.upload_status is not None else None
        if (
            cfg.alert_store_s <= 0
            or status is None
            or status.failing_since is None
            or status.waiting == 0
            or now - status.failing_since < cfg.alert_store_s
        ):
            return
        # One outage of this process's uploader: the same name on every look.
        outage = f"{os.getpid()}:{status.failing_since:.3f}"
        self._safely(
            lambda s: agent_ops.raise_store_alert(
                s, cfg.host_name, outage, cfg.store_backend, status
            )
        )

    def _fire_schedules(self) -> None:
        clock, host = self.config.schedule_clock, self.config.host_name
        for _ in range(SCHEDULES_PER_TICK):
            fired = self._safely(
                lambda s: agent_ops.fire_schedules(s, host, clock() if clock else None)
            )
            if not fired:
                return
            if any(slot.batch_id is not None for slot in fired):
                self._times.next_claim = 0.0  # claim the new batches' tasks at once

    def _start_attempt(self, phone: PhoneSlot, claim: Claim, now: float) -> None:
        phone.running = claim
        phone.progress_at = now
        self.leases.granted(claim.run_id, claim.lease_s)
        spec = AttemptSpec(
            run_id=claim.run_id,
            batch_id=claim.batch_id,
            task_id=claim.task_id,
            flow=claim.flow,
            params=claim.params,
            attempt=claim.attempt,
            max_run_seconds=claim.max_run_s,
            device_serial=phone.serial,
        )
        self._idle_announced = False
        self.attempt_started.emit(phone.label, claim.run_id, claim.flow, claim.batch_id)
        phone.mailbox.run.emit(spec)

    @Slot()
    def _drain_finished(self) -> None:
        """A phone just came free: record its end and ask for its next task now, not
        at the next tick (not while shutting down)."""
        if self._finished.empty():
            return  # an earlier signal's settle took it already
        claim = self._timer is not None and self._timer.isActive()
        self._settle(time.monotonic(), claim=claim)

    def _settle(self, now: float, *, claim: bool) -> None:
        """Record every attempt that ended and, with ``claim``, claim for every idle
        phone: one transaction (``agent_ops.finish_and_claim``)."""
        kept = len(self._unreported)
        ended = self._unreported + self._take_finished()
        self._unreported = []
        idle = [phone for phone in self.phones.values() if phone.takes_work(now)] if claim else []
        if not ended and not idle:
            return
        cfg, host_id = self.config, self._host()
        runs = [(spec.run_id, outcome) for _, spec, outcome in ended]
        slots = [PoolSlot(phone.device_id, phone.account_id) for phone in idle]
        ended_on = {
            device for label, _, _ in ended if (device := self.phones[label].device_id) is not None
        }
        try:
            settled = self._run(
                lambda s: agent_ops.finish_and_claim(
                    s, host_id, cfg.host_name, runs, slots, ended_on,
                    cfg.drain_after_device_failures,
                )
            )  # fmt: skip
        except SQLAlchemyError as exc:
            if is_outage(exc):
                # Kept and sent when the database is back (the fenced finish keeps a
                # report as a late result if the lease ran out meanwhile).
                self._unreported = ended
                return
            first = mask_in_text(str(exc)).strip().splitlines()[0][:300]
            log.warning("recording and claiming together failed (%s); one at a time", first)
            self._settle_one_by_one(now, ended, idle)
            return
        if kept:
            log.info("reported %d attempt(s) that ended while the database was away", kept)
        for (label, spec, outcome), result in zip(ended, settled.finished, strict=True):
            self._announce_finish(self.phones[label], spec, outcome, result.accepted)
        self._note_accounts(settled.accounts)
        if claim:
            self._start_claims(now, idle, settled.claims)

    def _take_finished(self) -> list[tuple[str, AttemptSpec, AttemptOutcome]]:
        """The attempts the workers reported ended; their phones are free again."""
        ended: list[tuple[str, AttemptSpec, AttemptOutcome]] = []
        while True:
            try:
                label, spec, outcome = self._finished.get_nowait()
            except queue.Empty:
                return ended
            phone = self.phones[label]
            phone.running = None
            self._check_health_after_work(phone)
            self.leases.ended(spec.run_id)
            self._times.next_claim = 0.0  # a free phone asks for work at once
            ended.append((label, spec, outcome))

    def _start_claims(self, now: float, idle: list[PhoneSlot], claims: list[Claim]) -> None:
        by_device = {phone.device_id: phone for phone in idle}
        for claim in claims:
            self._start_attempt(by_device[claim.device_id], claim, now)
        # Phones left without work ask again later, less often while the pool is empty.
        times = self._times
        if len(claims) < len(idle):
            times.claim_backoff = min(times.claim_backoff * 2, MAX_CLAIM_BACKOFF_S)
            times.next_claim = now + times.claim_backoff
        else:
            times.claim_backoff = 0.05
            times.next_claim = now

    def _settle_one_by_one(
        self,
        now: float,
        ended: list[tuple[str, AttemptSpec, AttemptOutcome]],
        idle: list[PhoneSlot],
    ) -> None:
        """The old way, for a transaction that failed for a reason of its own: each end
        in its own transaction (one bad report does not hold the others back), then
        the claim."""
        for index, (label, spec, outcome) in enumerate(ended):
            if not self._report(self.phones[label], spec, outcome):
                self._unreported = ended[index:]  # the database went away meanwhile
                return
        if idle:
            host_id = self._host()
            slots = agent_ops.distinct_slots(
                [PoolSlot(phone.device_id, phone.account_id) for phone in idle]
            )
            claims = self._safely(lambda s: agent_ops.claim(s, host_id, slots)) or []
            self._start_claims(now, idle, claims)

    def _report(self, phone: PhoneSlot, spec: AttemptSpec, outcome: AttemptOutcome) -> bool:
        """Record an attempt's end alone; False when the database could not be reached."""
        cfg = self.config
        try:
            result = self._run(
                lambda s: agent_ops.finish(
                    s, spec.run_id, outcome, cfg.host_name, cfg.drain_after_device_failures
                )
            )
        except SQLAlchemyError as exc:
            if is_outage(exc):
                return False
            first = mask_in_text(str(exc)).strip().splitlines()[0][:300]
            log.error("run %s: its end could not be recorded: %s", spec.run_id, first)
            result = None
        self._announce_finish(phone, spec, outcome, result is None or result.accepted)
        if phone.device_id is not None:
            device_id = phone.device_id
            account = self._safely(lambda s: agent_ops.account_of(s, device_id))
            self._note_accounts({device_id: account})
        return True

    def _announce_finish(
        self, phone: PhoneSlot, spec: AttemptSpec, outcome: AttemptOutcome, accepted: bool
    ) -> None:
        word = (
            "succeeded" if outcome.succeeded else str(outcome.error_class or ErrorClass.RETRYABLE)
        )
        if not accepted:
            # The record says lease_expired: the log and the tile must not say "succeeded".
            log.info("run %s ended after its lease was lost; kept as a late result", spec.run_id)
            word = str(ErrorClass.LEASE_EXPIRED)
        message = outcome.message or ""
        self.attempt_finished.emit(phone.label, spec.run_id, word, outcome.duration_s, message)

    def _note_accounts(self, accounts: dict[int, int | None]) -> None:
        """A flow may have logged a phone in to another account: tell the tile."""
        for phone in self.phones.values():
            if phone.device_id in accounts and accounts[phone.device_id] != phone.account_id:
                phone.account_id = accounts[phone.device_id]
                self.account_changed.emit(phone.label, phone.account_id)

    def _check_health_after_work(self, phone: PhoneSlot) -> None:
        """A phone kept busy is never idle at a health tick: read it between attempts
        once its reading is HEALTH_S old, and let it take work when the reading is in
        (so a phone that got hot while working pauses before its next task)."""
        now = time.monotonic()
        if phone.host_side or now - phone.last_health < HEALTH_S:
            return
        phone.last_health, phone.health_seen = now, False
        phone.mailbox.read_health.emit()

    def _watch_running(self, now: float) -> None:
        """Stop requests every tick while attempts run and, when one is due, the
        heartbeat with the leases' renewal: one transaction (a read-only one for the
        stops alone)."""
        times = self._times
        running = any(phone.running for phone in self.phones.values())
        beat = now - times.last_heartbeat >= self.config.heartbeat_s
        if not running and not beat:
            return
        alive: list[int] | None = None
        if beat:
            times.last_heartbeat = now
            alive = [
                phone.running.run_id
                for phone in self.phones.values()
                if phone.running is not None and self._making_progress(phone, now)
            ]
        host_id = self._host()
        watched = self._safely(
            lambda s: agent_ops.watch_running(s, host_id, alive, stops=running),
            read_only=alive is None,
        )
        if watched is None:
            return
        requests, lost = watched
        if alive is not None and lost is not None:
            self._note_leases(now, alive, lost)
        self._deliver_stops(requests)

    def _deliver_stops(self, requests: list[StopRequest]) -> None:
        running = {p.running.run_id: p for p in self.phones.values() if p.running is not None}
        for request in requests:
            phone = running.get(request.run_id)
            if phone is None:
                continue
            reason = (
                StopReason.TIMEOUT
                if request.error_class is ErrorClass.TIMEOUT
                else StopReason.OPERATOR
            )
            phone.worker.request_stop(reason, by=request.reason, kill=request.kill)
            self.stop_delivered.emit(request.run_id)

    def _note_leases(self, now: float, alive: list[int], lost: set[int]) -> None:
        self.leases.renewed(set(alive) - lost, now)
        for phone in self.phones.values():
            if phone.running is not None and phone.running.run_id in lost:
                phone.worker.request_stop(StopReason.LEASE_LOST, by="pool")

    def _making_progress(self, phone: PhoneSlot, now: float) -> bool:
        """A phone that has answered nothing for half a lease is hung: let its lease go."""
        if phone.running is None or phone.worker.driver is None:
            return True
        answered = max(phone.worker.driver.last_answer, phone.progress_at)
        return now - answered < phone.running.lease_s / 2

    def _read_health_of_idle_phones(self, now: float) -> None:
        for phone in self.phones.values():
            every = PAUSED_HEALTH_S if phone.health_pause else HEALTH_S
            if phone.idle and not phone.host_side and now - phone.last_health >= every:
                phone.last_health = now
                phone.mailbox.read_health.emit()

    def _check_idle(self, now: float) -> None:
        """Announce when nothing is left to run; only a worker that will exit asks."""
        times = self._times
        if not self.config.report_idle or self._idle_announced:
            return
        if now - times.started < IDLE_GRACE_S or now - times.last_idle_check < IDLE_CHECK_S:
            return
        times.last_idle_check = now
        if any(p.running or p.identifying for p in self.phones.values()):
            return
        slots = [
            PoolSlot(p.device_id, p.account_id)
            for p in self.phones.values()
            if p.host_side or p.device_id is not None
        ]
        if self._safely(lambda s: agent_ops.open_work(s, slots), True) == 0:
            self._idle_announced = True
            self.idle_reached.emit()

    # ------------------------------------------------------------------ database

    def _host(self) -> int:
        assert self.host_id is not None, "start() registers the host first"
        return self.host_id

    def _run(self, work: Callable[[Session], T], read_only: bool = False) -> T:
        assert self._db is not None
        with DatabaseHealth.of(self.engine).step():
            return self._db.run(work, read_only=read_only)

    def _safely(self, work: Callable[[Session], T], read_only: bool = False) -> T | None:
        """Run a step; a failed one is tried again on a later tick.

        An outage is told once by DatabaseHealth (lost, then back), not per step.
        """
        try:
            return self._run(work, read_only)
        except SQLAlchemyError as exc:
            if not is_outage(exc):
                first = mask_in_text(str(exc)).strip().splitlines()[0][:300]
                log.warning("database step failed, will retry: %s", first)
            return None


def _readings(health: Any) -> str:
    return f"{health.battery_temp_c} °C, battery {health.battery_level} %"
