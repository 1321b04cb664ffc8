"""The host agent's database steps, each one short transaction's worth of work.

Plain functions over a Session, so the agent's tick stays readable and the steps can
be tested without Qt. Every rule they apply lives in db/pool and db/fleet.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db import fleet
from db.alerts import raised as alert_rules
from db.artifacts.catalog import add_waiting
from db.clock import db_now
from db.models import ConnState
from db.monitor.firing import fire_due
from db.pool.claim import claim_tasks
from db.pool.claim_select import distinct_slots as distinct_slots  # also the one-by-one path's
from db.pool.failures import DRAIN_AFTER_DEVICE_FAILURES
from db.pool.finish import finish_run
from db.pool.idle import open_work_for
from db.pool.leases import (
    abandon_device_runs,
    dispatch_due_retries,
    poll_stop_requests,
    reap_expired_leases,
    renew_leases,
)
from db.pool.submit import join_growing_batches
from db.pool.tick import finish_and_claim as finish_and_claim_tick
from db.pool.values import Claim, FinishResult, RunReport, Slot, StopRequest

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import datetime

    from sqlalchemy.orm import Session

    from db.artifacts.uploader import UploadStatus
    from db.monitor.values import SlotInfo
    from workers.attempt import AttemptOutcome
    from workers.device.health import DeviceHealth
    from workers.device.identity import DeviceIdentity

_CONN_STATES = {state.value: state for state in ConnState}


def register(session: Session, hostname: str, pid: int, role: str, version: str) -> int:
    """Register this process as a host; return its id."""
    return fleet.register_host(session, hostname, pid=pid, role=role, version=version)


def stop_host(session: Session, host_id: int) -> None:
    """Record that this process shut down cleanly."""
    fleet.stop_host(session, host_id)


@dataclass(frozen=True)
class PhoneRecord:
    """What the database knows of a phone that just connected to this host."""

    device_id: int
    account_id: int | None
    abandoned_runs: int


def record_phone(session: Session, host_id: int, identity: DeviceIdentity) -> PhoneRecord:
    """Register the phone on this host; end attempts a previous process left running."""
    device_id = fleet.upsert_device(
        session,
        identity.serial,
        adb_serial=identity.adb_serial,
        model=identity.model,
        android_version=identity.android_version,
        host_id=host_id,
        conn_state=ConnState.DEVICE,
    )
    # Nothing of this process runs on the phone yet, so any running attempt on it
    # belongs to a process that died; end it now instead of waiting out its lease.
    abandoned = abandon_device_runs(session, [device_id])
    join_growing_batches(session, device_id)  # each-device batches that take newcomers
    account = fleet.first_accounts_on(session, [device_id])[device_id]
    return PhoneRecord(device_id, account, abandoned)


def record_conn_state(session: Session, serial: str, state: str) -> None:
    """Note a phone's adb state (offline, unauthorized, gone...)."""
    conn_state = _CONN_STATES.get(state, ConnState.OFFLINE)
    if fleet.device_id_of(session, serial) is not None:
        fleet.upsert_device(session, serial, conn_state=conn_state)


def record_health(session: Session, serial: str, health: DeviceHealth, paused: bool) -> bool:
    """Store the phone's latest battery, temperature, screen and storage; return whether
    an operator said it runs anyway despite its health.

    That word lasts while the phone is paused: a phone that recovered (``paused``
    False) has it cleared, so the next time it overheats it pauses again."""
    fleet.upsert_device(
        session,
        serial,
        battery_level=health.battery_level,
        battery_temp_c=health.battery_temp_c,
        screen_on=health.screen_on,
        storage_free_mb=health.storage_free_mb,
        health_at=db_now(),
        **({} if paused else {"health_override": False}),
    )
    return paused and fleet.health_override_of(session, serial)


def account_of(session: Session, device_id: int) -> int | None:
    """The account logged in on the phone now (a flow may have just bound one)."""
    return fleet.first_accounts_on(session, [device_id])[device_id]


@dataclass(frozen=True)
class Settled:
    """What one finish-and-claim transaction did."""

    finished: list[FinishResult]  # one per ended attempt, in order
    claims: list[Claim]
    accounts: dict[int, int | None]  # device id -> account on it now, for phones that ended


def finish_and_claim(
    session: Session,
    host_id: int,
    host_name: str,
    ended: Sequence[tuple[int, AttemptOutcome]],
    idle: Sequence[Slot],
    ended_on: Collection[int] = (),
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
) -> Settled:
    """Record the attempts that ended (with their artifacts, as ``finish``) and claim for
    the idle slots: one transaction for what took one per finish, one per account
    lookup and one for the claim. The slots of phones that just ended claim as the
    account on them now (a flow may have just logged one in), read by the claim's first
    statement: ``ended_on`` are their device ids."""
    for run_id, outcome in ended:
        add_waiting(session, run_id, outcome.artifacts, host_name)
    reports = [(run_id, report_of(outcome)) for run_id, outcome in ended]
    tick = finish_and_claim_tick(
        session, host_id, reports, idle, drain_after=drain_after, reread_accounts_on=ended_on
    )
    return Settled(tick.finished, tick.claims, tick.accounts)


def watch_running(
    session: Session, host_id: int, renew: Sequence[int] | None, *, stops: bool
) -> tuple[list[StopRequest], set[int] | None]:
    """The running attempts' side of a tick in one transaction: with ``renew`` (a
    heartbeat is due) heartbeat the host and renew those leases; with ``stops`` read
    the stop requests. Returns (stop requests, runs whose lease is lost or None)."""
    lost = keep_alive(session, host_id, renew) if renew is not None else None
    return (poll_stop_requests(session, host_id) if stops else []), lost


def claim(session: Session, host_id: int, slots: Sequence[Slot]) -> list[Claim]:
    """Claim work for every idle slot in one transaction."""
    return claim_tasks(session, host_id, slots)


def keep_alive(session: Session, host_id: int, run_ids: Sequence[int]) -> set[int]:
    """Heartbeat the host and renew its leases; return the runs whose lease is lost."""
    fleet.heartbeat_host(session, host_id)
    held = set(renew_leases(session, host_id, run_ids))
    return set(run_ids) - held


def housekeeping(session: Session) -> tuple[int, int]:
    """Reap expired leases and make due retries claimable: (reaped, dispatched)."""
    return reap_expired_leases(session), dispatch_due_retries(session)


def fire_schedules(session: Session, host_name: str, now: datetime | None) -> list[SlotInfo]:
    """Fire the due slots of one schedule (exactly once across all PCs); the agent calls
    this again, each its own short transaction, so PCs share the work schedule by
    schedule instead of one PC holding every due row."""
    return fire_due(session, host_name, now, limit=1)


def stop_requests(session: Session, host_id: int) -> list[StopRequest]:
    """Running attempts of this host an operator stopped or that ran out of time."""
    return poll_stop_requests(session, host_id)


def open_work(session: Session, slots: Sequence[Slot]) -> int:
    """Tasks these slots could still run (queued, running or waiting for a retry)."""
    return open_work_for(session, slots)


def finish(
    session: Session,
    run_id: int,
    outcome: AttemptOutcome,
    host_name: str,
    drain_after: int = DRAIN_AFTER_DEVICE_FAILURES,
) -> FinishResult:
    """Record how an attempt ended (fenced: a lost lease keeps it as a late result) and
    name its artifacts on the record, as waiting in this host's spool until uploaded.

    ``drain_after``: device-class failures of a phone's account before it is drained."""
    # Named first: the attempt.finished callback written by the finish links them.
    add_waiting(session, run_id, outcome.artifacts, host_name)
    return finish_run(session, run_id, report_of(outcome), drain_after=drain_after)


def report_of(outcome: AttemptOutcome) -> RunReport:
    """The pool's report of an attempt's outcome (its artifacts go to the catalog)."""
    if outcome.succeeded:
        return RunReport(succeeded=True)
    assert outcome.error_class is not None
    message = outcome.message or "failed"
    return RunReport.failure(
        outcome.error_class,
        message,
        step=outcome.step,
        error_code=outcome.error_code,
        task_only=outcome.task_only,
        failure_report=json.dumps(outcome.report) if outcome.report is not None else None,
    )


def raise_offline_alerts(session: Session, host_id: int, host_name: str, after_s: float) -> int:
    """Alerts for this PC's phones offline or unauthorized longer than ``after_s``."""
    return len(alert_rules.offline_phones(session.connection(), host_id, host_name, after_s))


def raise_store_alert(
    session: Session, host_name: str, outage: str, backend: str, status: UploadStatus
) -> bool:
    """An alert for this PC's artifact store taking no upload; True when it is new."""
    minutes = (time.monotonic() - (status.failing_since or time.monotonic())) / 60
    return (
        alert_rules.store_stalled(
            session.connection(),
            host_name,
            outage,
            backend=backend,
            waiting=status.waiting,
            minutes=minutes,
            error=status.last_error,
        )
        is not None
    )
