"""Checks on a batch request that need no database: ranges, and options that fit the mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.pool.errors import InvalidRequest, Refused
from db.pool.sql import MAX_JSON_BYTES, json_bytes
from db.pool.states import LEAST_URGENT_PRIORITY, MOST_URGENT_PRIORITY, Mode, TargetKind

if TYPE_CHECKING:
    from db.pool.values import BatchSpec

MAX_TASKS = 1_000_000
WEEK_S = 7 * 24 * 3600


def check_range(name: str, value: float, low: float, high: float) -> None:
    """Refuse a number outside [low, high], naming the field."""
    if not low <= value <= high:
        raise InvalidRequest(
            f"{name}: {value:g} is out of range ({low:g} to {high:g})",
            Refused.OUT_OF_RANGE,
            field=name,
            value=f"{value:g}",
            low=f"{low:g}",
            high=f"{high:g}",
        )


def check_priority(priority: int) -> None:
    """Refuse a priority outside the documented range."""
    if not MOST_URGENT_PRIORITY <= priority <= LEAST_URGENT_PRIORITY:
        raise InvalidRequest(
            f"priority: {priority} is out of range "
            f"({MOST_URGENT_PRIORITY} is the most urgent, {LEAST_URGENT_PRIORITY} the least)",
            Refused.OUT_OF_RANGE,
            field="priority",
            value=str(priority),
            low=str(MOST_URGENT_PRIORITY),
            high=str(LEAST_URGENT_PRIORITY),
        )


def check_spec(spec: BatchSpec) -> None:
    """Refuse a batch request whose values do not fit, naming the first bad field."""
    if not spec.flow or len(spec.flow) > 64:
        raise InvalidRequest(
            "flow: a flow name of 1 to 64 characters is needed",
            Refused.TOO_LONG,
            field="flow",
            limit=64,
        )
    check_priority(spec.priority)
    if spec.mode != Mode.EACH_DEVICE and spec.mapping is None and not spec.task_params:
        check_range("count", spec.count, 1, MAX_TASKS)
    check_range("max_attempts", spec.max_attempts, 1, 100)
    check_range("timeout", spec.timeout_s, 1, WEEK_S)
    check_range("lease", spec.lease_s, 1, 24 * 3600)
    check_range("retry_delay", spec.retry_delay_s, 0, 24 * 3600)
    _check_spread(spec)
    _check_pipeline(spec)
    _check_targets(spec)
    _check_task_params(spec)
    if spec.name is not None and len(spec.name) > 128:
        raise InvalidRequest(
            "name: at most 128 characters", Refused.TOO_LONG, field="name", limit=128
        )
    if json_bytes(spec.params) > MAX_JSON_BYTES:
        largest = max(spec.params, key=lambda name: json_bytes(spec.params[name]))
        raise InvalidRequest(
            f"params: larger than {MAX_JSON_BYTES} bytes as UTF-8 JSON (parameter "
            f"{largest!r} alone takes {json_bytes(spec.params[largest])} bytes)",
            Refused.TOO_LARGE,
            field=largest,
            limit=MAX_JSON_BYTES,
        )
    if not spec.submitted_by.strip():
        raise InvalidRequest(
            "submitted_by: who submits the batch must be named",
            Refused.FIELD_NEEDED,
            field="submitted_by",
        )


def _check_task_params(spec: BatchSpec) -> None:
    if not spec.task_params:
        return
    if spec.mode == Mode.EACH_DEVICE or spec.mapping is not None:
        raise InvalidRequest(
            "task_params: one parameter set per task suits pool and spread batches only",
            Refused.NOT_FOR_MODE,
            field="task_params",
            mode=str(spec.mode),
        )
    check_range("task_params", len(spec.task_params), 1, MAX_TASKS)
    for number, params in enumerate(spec.task_params, start=1):
        if json_bytes(params) > MAX_JSON_BYTES:
            raise InvalidRequest(
                f"task_params: task {number} is larger than {MAX_JSON_BYTES} bytes as JSON",
                Refused.TOO_LARGE,
                field=f"task_params[{number}]",
                limit=MAX_JSON_BYTES,
            )


def _check_spread(spec: BatchSpec) -> None:
    check_range("successes", spec.successes, 1, 1000)
    if spec.successes > 1 and spec.mode != Mode.SPREAD:
        raise InvalidRequest(
            "successes: only a spread batch needs several distinct accounts",
            Refused.NOT_FOR_MODE,
            field="successes",
            mode=str(spec.mode),
        )
    if spec.per_account is not None:
        if spec.mode != Mode.SPREAD:
            raise InvalidRequest(
                "per_account: only a spread batch has a per-account share",
                Refused.NOT_FOR_MODE,
                field="per_account",
                mode=str(spec.mode),
            )
        check_range("per_account", spec.per_account, 1, MAX_TASKS)


def _check_pipeline(spec: BatchSpec) -> None:
    if spec.mapping is None:
        return
    if spec.after_batch_id is None:
        raise InvalidRequest(
            "map: a mapping needs --after, the batch whose items it maps",
            Refused.FIELD_NEEDED,
            field="after",
        )
    if not spec.mapping:
        raise InvalidRequest("map: the mapping is empty", Refused.EMPTY_LIST, field="map")
    if spec.mode == Mode.EACH_DEVICE:
        raise InvalidRequest(
            "map: items become pool or spread tasks, not each-device tasks",
            Refused.NOT_FOR_MODE,
            field="map",
            mode=str(spec.mode),
        )


def _check_targets(spec: BatchSpec) -> None:
    kind = spec.targets.kind
    if spec.roster_grows and spec.mode != Mode.EACH_DEVICE:
        raise InvalidRequest(
            f"roster: only an each-device batch grows, not a {spec.mode} batch",
            Refused.NOT_FOR_MODE,
            field="roster",
            mode=str(spec.mode),
        )
    if spec.roster_grows and kind != TargetKind.ALL_DEVICES:
        raise InvalidRequest(
            "roster: 'grow' adds the phones that join, so it needs every phone as the "
            "target, not a list"
        )
    if not spec.needs_device and (spec.mode != Mode.POOL or kind != TargetKind.ALL_DEVICES):
        raise InvalidRequest(
            f"mode: {spec.flow} runs on a PC, not a phone: use mode pool without targets",
            Refused.HOST_FLOW,
            flow=spec.flow,
        )
    if spec.targets.devices and kind != TargetKind.DEVICES:
        raise InvalidRequest(
            "devices: listed phones need target kind 'devices'",
            Refused.FIELD_NEEDED,
            field="targets",
        )
    if spec.targets.accounts and kind != TargetKind.ACCOUNTS:
        raise InvalidRequest(
            "accounts: listed accounts need target kind 'accounts'",
            Refused.FIELD_NEEDED,
            field="targets",
        )
