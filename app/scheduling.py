"""Turn an operator's schedule request into a checked ScheduleSpec.

The CLI, the console and the dispatch API call ``schedule_request`` with raw values
(strings as typed, numbers as given); every bad field is refused with its name
before anything is written. The rules themselves are ``db.monitor``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.pool_calls import pool_call
from app.submission import checked_spec, find_flow, spec_for, targets_from, validated_params
from db.monitor.firing import run_now
from db.monitor.models import Overlap
from db.monitor.recurrence import Recurrence
from db.monitor.schedules import (
    MAX_CATCH_UP_S,
    add_schedule,
    pause_schedule,
    remove_schedule,
    resume_schedule,
    show_schedule,
)
from db.monitor.values import DEFAULT_CATCH_UP_S, ScheduleSpec
from db.pool.errors import InvalidRequest
from db.pool.states import DEFAULT_PRIORITY, Mode

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from db.monitor.values import ScheduleInfo, SlotInfo
    from workers.flows.registry import FlowRegistry
    from workers.flows.sdk import Flow

_SPAN = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86_400}


def parse_span(option: str, text: str | int | None) -> int | None:
    """'15m', '2h', '30s', '1d' (or a number of seconds) as seconds."""
    if text is None:
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    match = _SPAN.match(str(text))
    if not match:
        refusal = ("bad_span", {"field": _field_name(option), "value": repr(text)})
        raise UserError(
            f"{option} {text!r}: expected a span such as 30s, 15m, 2h or 1d", refusal=refusal
        )
    return int(match.group(1)) * _UNITS[match.group(2)]


def parse_moment(option: str, text: str | None) -> datetime | None:
    """An ISO 8601 time, this PC's local time unless it carries an offset; in UTC."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        refusal = ("bad_time", {"field": _field_name(option), "value": repr(text)})
        raise UserError(
            f"{option} {text!r}: expected an ISO time such as 2026-03-01T14:00", refusal=refusal
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class ScheduleRequest:
    """What an operator asks for, as typed (any front end fills this in)."""

    flow: str
    params: Mapping[str, Any] = field(default_factory=dict)
    every: str | int | None = None
    cron: str | None = None
    tz: str | None = None
    overlap: str = Overlap.SKIP.value
    catch_up: str | int | None = None
    start: str | None = None
    end: str | None = None
    mode: str = Mode.POOL.value
    count: int = 1
    priority: int = DEFAULT_PRIORITY
    devices: Sequence[str] | None = None
    accounts: Sequence[str] | None = None
    successes: int = 1
    per_account: int | None = None
    max_attempts: int = 3
    timeout_s: int = 600
    lease_s: int = 60
    name: str | None = None


def schedule_request(registry: FlowRegistry, request: ScheduleRequest, by: str) -> ScheduleSpec:
    """A checked ScheduleSpec; UserError names the first bad field (in ``field`` too)."""
    try:
        return _checked(registry, request, by)
    except UserError as exc:
        if exc.field is None:
            exc.field = _field_of(str(exc))
        raise


def _field_of(message: str) -> str | None:
    """The request field a refusal names ("--catch-up 9d: ..." -> catch_up)."""
    head = message.split(":", 1)[0].split(" ", 1)[0].removeprefix("--").replace("-", "_")
    return _FIELDS.get(head, head if head in ScheduleRequest.__dataclass_fields__ else None)


_FIELDS = {"timeout": "timeout_s", "lease": "lease_s", "recurrence": "every", "give": "every"}


def _checked(registry: FlowRegistry, request: ScheduleRequest, by: str) -> ScheduleSpec:
    flow = _find(registry, request.flow)
    try:
        params = validated_params(flow, request.params)
    except UserError as exc:
        raise UserError(str(exc), field="params", refusal=("bad_params", {})) from None
    if (request.every is None) == (request.cron is None):
        needed = ("field_needed", {"field": "recurrence"})
        raise UserError("give exactly one of --every SPAN or --cron EXPR", refusal=needed)
    overlaps = ", ".join(o.value for o in Overlap)
    if request.overlap not in {o.value for o in Overlap}:
        raise UserError(
            f"--overlap {request.overlap!r}: expected skip, allow or cancel",
            refusal=_not_one_of("overlap", request.overlap, overlaps),
        )
    modes = ", ".join(m.value for m in Mode)
    if request.mode not in {m.value for m in Mode}:
        raise UserError(
            f"--mode {request.mode!r}: expected one of {modes}",
            refusal=_not_one_of("mode", request.mode, modes),
        )
    catch_up = parse_span("--catch-up", request.catch_up)
    if catch_up is not None and not 0 <= catch_up <= MAX_CATCH_UP_S:
        span = {"field": "catch_up", "value": f"{catch_up} s", "low": "0 s", "high": "7 d"}
        raise UserError(
            f"--catch-up: must be 0 to 7 days, got {catch_up} s", refusal=("out_of_range", span)
        )
    template = spec_for(
        flow,
        params,
        mode=Mode(request.mode),
        count=request.count,
        priority=request.priority,
        targets=targets_from(request.devices, request.accounts),
        successes=request.successes,
        per_account=request.per_account,
        max_attempts=request.max_attempts,
        timeout_s=request.timeout_s,
        lease_s=request.lease_s,
        submitted_by=by,
        name=request.name,
    )
    checked_spec(template)
    spec = ScheduleSpec(
        template=template,
        every_s=parse_span("--every", request.every),
        cron=request.cron.strip() if request.cron else None,
        tz=request.tz,
        overlap=Overlap(request.overlap),
        catch_up_s=DEFAULT_CATCH_UP_S if catch_up is None else catch_up,
        start=parse_moment("--start", request.start),
        end=parse_moment("--end", request.end),
        name=request.name,
        created_by=by,
    )
    try:  # the recurrence's own checks, before the database is opened
        Recurrence(spec.every_s, spec.cron, spec.tz or "UTC", spec.start, spec.end).check()
    except InvalidRequest as exc:
        raise UserError(str(exc), refusal=(exc.code.value, dict(exc.details))) from None
    return spec


def _field_name(option: str) -> str:
    """A command-line option's request field: --catch-up -> catch_up."""
    return option.removeprefix("--").replace("-", "_")


def _not_one_of(field: str, value: str, choices: str) -> tuple[str, Mapping[str, object]]:
    return "not_one_of", {"field": field, "value": repr(value), "choices": choices}


def _find(registry: FlowRegistry, name: str) -> Flow:
    try:
        return find_flow(registry, name)
    except UserError as exc:
        raise UserError(str(exc), field="flow") from None


def store_schedule(engine: Engine, spec: ScheduleSpec) -> ScheduleInfo:
    """Store a checked schedule; return it as stored (with its next run)."""
    schedule_id = pool_call(engine, lambda s: add_schedule(s, spec))
    return pool_call(engine, lambda s: show_schedule(s, schedule_id), read_only=True)


class Control(enum.StrEnum):
    """What an operator can do to a schedule."""

    PAUSE = "pause"
    RESUME = "resume"
    RUN_NOW = "run-now"
    REMOVE = "remove"


def control_schedule(engine: Engine, schedule_id: int, action: Control, by: str) -> SlotInfo | None:
    """Pause, resume, run now (the slot it fired or skipped) or remove one schedule."""
    return pool_call(engine, lambda s: apply_control(s, schedule_id, action, by))


def apply_control(session: Session, schedule_id: int, action: Control, by: str) -> SlotInfo | None:
    """``control_schedule`` in the caller's transaction (the console's database thread)."""
    if action is Control.RUN_NOW:
        return run_now(session, schedule_id, by)
    change = {
        Control.PAUSE: pause_schedule,
        Control.RESUME: resume_schedule,
        Control.REMOVE: remove_schedule,
    }[action]
    change(session, schedule_id)
    return None
