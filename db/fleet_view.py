"""What the console's phone grid reads: every phone of every host, in one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, select

from db.clock import db_now_plus
from db.models import Account, AdminState, ConnState, Device, Host
from db.pool.models import PoolRun, PoolTask
from db.pool.states import RunStatus, TaskState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A host that has not heartbeat for this long is taken for gone: its phones show offline.
HOST_SILENT_S = 30


@dataclass(frozen=True)
class PhoneRow:
    """One phone as the grid shows it, whichever PC it is plugged into."""

    serial: str
    adb_serial: str
    model: str
    host: str
    host_alive: bool
    label: str
    rack_slot: str
    admin_state: AdminState
    conn_state: ConnState
    account: str
    battery_level: int | None
    battery_temp_c: float | None
    capture_method: str
    running_flow: str


@dataclass(frozen=True)
class PoolCounts:
    """The grid's summary line: tasks running and queued, and tasks that failed in the
    last hour (tasks, not attempts: a task retried three times is one failure; a
    cancelled task is no failure)."""

    running: int
    queued: int
    failed_last_hour: int


def phone_rows(session: Session) -> list[PhoneRow]:
    """Every known phone (retired ones left out), with its host, account and running flow."""
    alive = and_(Host.stopped_at.is_(None), Host.last_heartbeat_at > db_now_plus(-HOST_SILENT_S))
    account = select(func.min(Account.uid)).where(Account.device_id == Device.id).scalar_subquery()
    running = (
        select(func.min(PoolRun.flow))
        .where(PoolRun.device_serial == Device.serial, PoolRun.status == RunStatus.RUNNING)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Device,
            Host.hostname,
            alive.label("alive"),
            account.label("account"),
            running.label("running"),
        )
        .outerjoin(Host, Host.id == Device.host_id)
        .where(Device.admin_state != AdminState.DISABLED)
        .order_by(Device.label, Device.serial)
    ).all()
    return [
        PhoneRow(
            serial=device.serial,
            adb_serial=device.adb_serial or "",
            model=device.model or "",
            host=hostname or "",
            host_alive=bool(host_alive),
            label=device.label or "",
            rack_slot=device.rack_slot or "",
            admin_state=device.admin_state,
            conn_state=device.conn_state,
            account=account_uid or "",
            battery_level=device.battery_level,
            battery_temp_c=device.battery_temp_c,
            capture_method=device.capture_method or "",
            running_flow=running_flow or "",
        )
        for device, hostname, host_alive, account_uid, running_flow in rows
    ]


def pool_counts(session: Session) -> PoolCounts:
    """Tasks running and queued now, and tasks that failed with an attempt in the last hour."""
    by_state = dict(
        session.execute(
            select(PoolTask.state, func.count())
            .where(PoolTask.state.in_([TaskState.RUNNING, TaskState.QUEUED]))
            .group_by(PoolTask.state)
        ).all()
    )
    # Through the attempts' start time, which is indexed: the summary is read every few
    # seconds. A failed task always had an attempt; its last one ended it.
    failed = session.execute(
        select(func.count(func.distinct(PoolRun.task_id)))
        .join(PoolTask, PoolTask.id == PoolRun.task_id)
        .where(PoolRun.started_at > db_now_plus(-3600), PoolTask.state == TaskState.FAILED)
    ).scalar_one()
    return PoolCounts(
        running=int(by_state.get(TaskState.RUNNING, 0)),
        queued=int(by_state.get(TaskState.QUEUED, 0)),
        failed_last_hour=int(failed),
    )
