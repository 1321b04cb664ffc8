"""/v1/devices: the fleet; stop a phone (its pool work goes back to the pool), resume it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from app.api import service
from app.api.auth import context, require
from app.api.problems import problem_responses
from app.pool_calls import pool_call
from db.dispatch.outbox import add_event
from db.dispatch.states import EventType, Scope
from db.fleet_view import phone_rows
from db.pool.stop import resume_device, stop_device

router = APIRouter(prefix="/v1/devices", tags=["devices"])
COMMON = (401, 403, 404, 429, 503)
READ = Depends(require(Scope.DEVICES_READ))
STOP = Depends(require(Scope.DEVICES_STOP))


def _phone(row: Any) -> dict[str, Any]:
    return {
        "serial": row.serial,
        "model": row.model or None,
        "host": row.host or None,
        "online": row.host_alive and row.conn_state.value == "device",
        "admin_state": row.admin_state.value,
        "conn_state": row.conn_state.value,
        "account": row.account or None,
        "battery_level": row.battery_level,
        "running_flow": row.running_flow or None,
        "label": row.label or None,
    }


@router.get("", responses=problem_responses(*COMMON))
def list_devices(request: Request, caller: service.Caller = READ) -> dict[str, Any]:
    """Every phone of the fleet with its state, account and running flow."""
    rows = pool_call(context(request).engine, phone_rows, read_only=True)
    return {"items": [_phone(row) for row in rows]}


@router.post("/{serial}/stop", status_code=202, responses=problem_responses(*COMMON))
def stop(request: Request, serial: str, caller: service.Caller = STOP) -> dict[str, Any]:
    """Stop a phone: its running attempt stops; its pool work goes back to the pool."""

    def work(session: Any) -> None:
        stop_device(session, serial, caller.actor)
        add_event(
            session.connection(),
            EventType.DEVICE_STOPPED,
            {"device": {"serial": serial, "admin_state": "stopped", "by": caller.actor}},
        )

    pool_call(context(request).engine, work)
    return {"serial": serial, "admin_state": "stopped"}


@router.post("/{serial}/resume", status_code=202, responses=problem_responses(*COMMON))
def resume(request: Request, serial: str, caller: service.Caller = STOP) -> dict[str, Any]:
    """Let a stopped phone take work again."""
    pool_call(context(request).engine, lambda s: resume_device(s, serial, caller.actor))
    return {"serial": serial, "admin_state": "enabled"}
