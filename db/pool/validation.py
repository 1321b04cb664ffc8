"""Checks on a batch request that need no database: ranges, and options that fit the mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.pool.errors import InvalidRequest
from db.pool.sql import MAX_JSON_BYTES, json_bytes
from db.pool.states import LEAST_URGENT_PRIORITY, MOST_URGENT_PRIORITY, Mode, TargetKind

if TYPE_CHECKING:
    from db.pool.values import BatchSpec

MAX_TASKS = 1_000_000
WEEK_S = 7 * 24 * 3600


def check_range(name: str, value: float, low: float, high: float) -> None:
    """Refuse a number outside [low, high], naming the field."""
    if not low <= value <= high:
        raise InvalidRequest(f"{name}: {value:g} is out of range ({low:g} to {high:g})")


def check_priority(priority: int) -> None:
    """Refuse a priority outside the documented range."""
    if not MOST_URGENT_PRIORITY <= priority <= LEAST_URGENT_PRIORITY:
        raise InvalidRequest(
            f"priority: {priority} is out of range "
            f"({MOST_URGENT_PRIORITY} is the most urgent, {LEAST_URGENT_PRIORITY} the least)"
        )


def check_spec(spec: BatchSpec) -> None:
    """Refuse a batch request whose values do not fit, naming the first bad field."""
    if not spec.flow or len(spec.flow) > 64:
        raise InvalidRequest("flow: a flow name of 1 to 64 characters is needed")
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
        raise InvalidRequest("name: at most 128 characters")
    if json_bytes(spec.params) > MAX_JSON_BYTES:
        largest = max(spec.params, key=lambda name: json_bytes(spec.params[name]))
        raise InvalidRequest(
            f"params: larger than {MAX_JSON_BYTES} bytes as UTF-8 JSON (parameter "
            f"{largest!r} alone takes {json_bytes(spec.params[largest])} bytes)"
        )
    if not spec.submitted_by.strip():
        raise InvalidRequest("submitted_by: who submits the batch must be named")


def _check_task_params(spec: BatchSpec) -> None:
    if not spec.task_params:
        return
    if spec.mode == Mode.EACH_DEVICE or spec.mapping is not None:
        raise InvalidRequest(
            "task_params: one parameter set per task suits pool and spread batches only"
        )
    check_range("task_params", len(spec.task_params), 1, MAX_TASKS)
    for number, params in enumerate(spec.task_params, start=1):
        if json_bytes(params) > MAX_JSON_BYTES:
            raise InvalidRequest(
                f"task_params: task {number} is larger than {MAX_JSON_BYTES} bytes as JSON"
            )


def _check_spread(spec: BatchSpec) -> None:
    check_range("successes", spec.successes, 1, 1000)
    if spec.successes > 1 and spec.mode != Mode.SPREAD:
        raise InvalidRequest("successes: only a spread batch needs several distinct accounts")
    if spec.per_account is not None:
        if spec.mode != Mode.SPREAD:
            raise InvalidRequest("per_account: only a spread batch has a per-account share")
        check_range("per_account", spec.per_account, 1, MAX_TASKS)


def _check_pipeline(spec: BatchSpec) -> None:
    if spec.mapping is None:
        return
    if spec.after_batch_id is None:
        raise InvalidRequest("map: a mapping needs --after, the batch whose items it maps")
    if not spec.mapping:
        raise InvalidRequest("map: the mapping is empty")
    if spec.mode == Mode.EACH_DEVICE:
        raise InvalidRequest("map: items become pool or spread tasks, not each-device tasks")


def _check_targets(spec: BatchSpec) -> None:
    kind = spec.targets.kind
    if not spec.needs_device and (spec.mode != Mode.POOL or kind != TargetKind.ALL_DEVICES):
        raise InvalidRequest(
            f"mode: {spec.flow} runs on a PC, not a phone: use mode pool without targets"
        )
    if spec.targets.devices and kind != TargetKind.DEVICES:
        raise InvalidRequest("devices: listed phones need target kind 'devices'")
    if spec.targets.accounts and kind != TargetKind.ACCOUNTS:
        raise InvalidRequest("accounts: listed accounts need target kind 'accounts'")
