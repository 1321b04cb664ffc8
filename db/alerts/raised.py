"""Which events raise which alert, and what makes each one alert (its ``once_key``).

- a fatal failure: one alert per batch and error code (a thousand tasks failing with
  the same bad parameter are one thing to look at; the count says how many);
- a task that ran out of eligible accounts: one per batch;
- a phone offline or unauthorized longer than a setting: one per spell (a phone that
  comes back and goes offline again raises again);
- a store that accepted no upload for a while: one per outage of one PC's store.

``details`` carries codes and values, never sentences: the console words them in the
operator's language, and the dispatch centre reads them as data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.alerts.alerts import raise_alert
from db.alerts.models import AlertKind
from db.clock import db_now
from db.models import ConnState
from db.pool.sql import DEVICES
from db.pool.values import iso

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from db.pool.values import RunReport

OFFLINE_STATES = (ConnState.OFFLINE, ConnState.UNAUTHORIZED)


def fatal_failure(conn: Connection, run: Any, report: RunReport) -> int | None:
    """A run ended fatal: the batch needs a person (once per batch and code)."""
    code = report.error_code or "fatal"
    return raise_alert(
        conn,
        AlertKind.FATAL_FAILURE,
        f"fatal_failure:batch:{run.batch_id}:{code}",
        f"batch {run.batch_id}",
        {
            "batch_id": run.batch_id,
            "task_id": run.task_id,
            "run_id": run.id,
            "flow": run.flow,
            "code": code,
            "step": report.step,
            "device": run.device_serial,
        },
        run.host_name or "",
    )


def no_eligible_account(
    conn: Connection, batch_id: int, task_ids: list[int], accounts: int, last_code: str | None
) -> int | None:
    """Tasks of a batch failed: every account that could take them is barred or excluded."""
    return raise_alert(
        conn,
        AlertKind.NO_ELIGIBLE_ACCOUNT,
        f"no_eligible_account:batch:{batch_id}",
        f"batch {batch_id}",
        {
            "batch_id": batch_id,
            "task_ids": task_ids[:50],
            "tasks": len(task_ids),
            "accounts": accounts,
            "code": last_code,
        },
        "",
    )


def offline_phones(conn: Connection, host_id: int, host_name: str, after_s: float) -> list[int]:
    """Raise an alert for each phone of this host offline or unauthorized longer than
    ``after_s``; the ids of new alerts (each spell raises once, whichever PC looks)."""
    if after_s <= 0:
        return []
    now = conn.execute(select(db_now())).scalar_one()
    rows = conn.execute(
        select(DEVICES.c.serial, DEVICES.c.conn_state, DEVICES.c.conn_state_at, DEVICES.c.model)
        .where(
            DEVICES.c.host_id == host_id,
            DEVICES.c.conn_state.in_([str(s) for s in OFFLINE_STATES]),
            DEVICES.c.conn_state_at.is_not(None),
        )
        .order_by(DEVICES.c.id)
    ).all()
    raised = []
    for row in rows:
        seconds = (now - row.conn_state_at).total_seconds()
        if seconds < after_s:
            continue
        since = iso(row.conn_state_at)
        alert_id = raise_alert(
            conn,
            AlertKind.PHONE_OFFLINE,
            f"phone_offline:{row.serial}:{since}",
            row.serial,
            {
                "device": row.serial,
                "model": row.model,
                "state": str(row.conn_state),
                "since": since,
                "minutes": round(seconds / 60, 1),
            },
            host_name,
        )
        if alert_id is not None:
            raised.append(alert_id)
    return raised


def store_stalled(
    conn: Connection,
    host_name: str,
    outage: str,
    *,
    backend: str,
    waiting: int,
    minutes: float,
    error: str | None,
) -> int | None:
    """This PC's artifact store accepted no upload for ``minutes`` while evidence waits.

    ``outage`` names the outage (stable while it lasts), so it raises once."""
    return raise_alert(
        conn,
        AlertKind.STORE_STALLED,
        f"store_stalled:{host_name}:{outage}",
        host_name,
        {
            "host": host_name,
            "backend": backend,
            "waiting": waiting,
            "minutes": round(minutes, 1),
            "error": (error or "")[:300],
        },
        host_name,
    )
