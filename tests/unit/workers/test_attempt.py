"""One attempt of a flow, from claim to outcome, with stand-in flows and store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.pool.states import ErrorClass
from workers.agent_ops import report_of
from workers.attempt import AttemptOutcome, AttemptSpec, run_attempt
from workers.flows.registry import FlowRegistry
from workers.flows.sdk import (
    DeviceFailure,
    FatalFailure,
    Flow,
    FlowContext,
    FlowItem,
    FlowParams,
    param,
)
from workers.stop import StopReason, StopSignal


class CountParams(FlowParams):
    n: int = param(3, label="N", help="how many", ge=0)
    fail: str = param("", label="Fail", help="how to fail")


class Number(FlowItem):
    key_field = "value"
    value: int


def numbers(ctx: FlowContext) -> None:
    params = cast(CountParams, ctx.params)
    ctx.step("count")
    for value in range(params.n):
        ctx.emit(Number(value=value))
    if params.fail == "fatal":
        ctx.step("check the target")
        raise FatalFailure("target gone", code="gone")
    if params.fail == "device":
        raise DeviceFailure("account restricted", code="account_restricted")
    if params.fail == "bug":
        raise ZeroDivisionError("oops")
    if params.fail == "wait":
        ctx.step("wait")
        while True:
            ctx.check_stop()
            time.sleep(0.01)


def wrapper(ctx: FlowContext) -> None:
    ctx.step("delegate")
    ctx.run_flow("test.numbers", {"n": 2})


class Store:
    def __init__(self, lease_lost_after: int | None = None) -> None:
        self.items: list[tuple[int, str, dict[str, Any]]] = []
        self.lease_lost_after = lease_lost_after

    def emit_items(self, run_id: int, items: list[tuple[str, dict[str, Any]]]) -> bool:
        if self.lease_lost_after is not None and len(self.items) >= self.lease_lost_after:
            return False
        self.items.extend((run_id, key, payload) for key, payload in items)
        return True

    def read_items(self, batch_id: int) -> Iterator[dict[str, Any]]:
        return iter(())

    def bind_account(self, device_serial: str, app: str, uid: str, name: str) -> None:
        raise AssertionError("not used")


class Flows:
    def __init__(self) -> None:
        self.registry = FlowRegistry(
            [
                Flow("test.numbers", "Count.", CountParams, Number, numbers, needs_device=False),
                Flow("test.wrapper", "Wrap.", CountParams, Number, wrapper, needs_device=False),
            ]
        )

    def flow(self, name: str) -> Flow:
        return self.registry.get(name)

    def profile(self, name: str) -> Any:
        return None


def spec(flow: str = "test.numbers", **params: Any) -> AttemptSpec:
    return AttemptSpec(
        run_id=7,
        batch_id=3,
        task_id=5,
        flow=flow,
        params=params,
        attempt=1,
        max_run_seconds=None,
        device_serial=None,
    )


def run(
    tmp_path: Path, attempt: AttemptSpec, store: Store | None = None, stop: StopSignal | None = None
):  # type: ignore[no-untyped-def]
    steps: list[str] = []
    outcome = run_attempt(
        attempt,
        Flows(),
        None,
        store or Store(),
        stop or StopSignal(),
        Spool(tmp_path),
        steps.append,
    )
    return outcome, steps


def test_success_stores_items_as_they_come(tmp_path: Path) -> None:
    store = Store()
    outcome, steps = run(tmp_path, spec(n=3), store)
    assert outcome.succeeded
    assert outcome.items == 3
    assert [(run_id, key) for run_id, key, _ in store.items] == [(7, "0"), (7, "1"), (7, "2")]
    assert steps == ["count"]
    (log,) = outcome.artifacts
    assert log.kind is ArtifactKind.LOG
    spooled = Spool(tmp_path).entries()
    assert [(e.ref, e.run_id) for e in spooled] == [(log, 7)]
    assert "step: count" in Spool(tmp_path).read(log.id).decode()


@pytest.mark.parametrize(
    ("fail", "error_class", "code", "step"),
    [
        ("fatal", ErrorClass.FATAL, "gone", "check the target"),
        ("device", ErrorClass.DEVICE, "account_restricted", "count"),
        ("bug", ErrorClass.RETRYABLE, "unexpected", "count"),
    ],
)
def test_failures_keep_their_class_step_and_message(
    tmp_path: Path, fail: str, error_class: ErrorClass, code: str, step: str
) -> None:
    outcome, _ = run(tmp_path, spec(n=1, fail=fail))
    assert not outcome.succeeded
    assert (outcome.error_class, outcome.error_code, outcome.step) == (error_class, code, step)
    assert outcome.items == 1
    assert outcome.message


def test_bad_params_are_fatal_and_name_the_field(tmp_path: Path) -> None:
    outcome, _ = run(tmp_path, spec(n="many"))
    assert outcome.error_class is ErrorClass.FATAL
    assert outcome.message is not None
    assert "'n'" in outcome.message


def test_unknown_flow_is_fatal(tmp_path: Path) -> None:
    outcome, _ = run(tmp_path, spec(flow="test.nope"))
    assert outcome.error_class is ErrorClass.FATAL
    assert outcome.message is not None
    assert "unknown flow" in outcome.message


def test_operator_stop_reaches_a_waiting_flow(tmp_path: Path) -> None:
    stop = StopSignal()
    timer = threading.Timer(0.2, stop.request, args=(StopReason.OPERATOR, "ops@pc-3"))
    timer.start()
    outcome, _ = run(tmp_path, spec(n=0, fail="wait"), stop=stop)
    timer.join()
    assert outcome.error_class is ErrorClass.CANCELLED
    assert outcome.stopped_by == "ops@pc-3"
    assert outcome.step == "wait"


def test_max_run_time_ends_as_timeout(tmp_path: Path) -> None:
    outcome, _ = run(tmp_path, spec(n=0, fail="wait"), stop=StopSignal(max_run_seconds=0.2))
    assert outcome.error_class is ErrorClass.TIMEOUT


def test_lost_lease_stops_the_flow_at_the_next_item(tmp_path: Path) -> None:
    store = Store(lease_lost_after=2)
    outcome, _ = run(tmp_path, spec(n=5), store)
    assert outcome.error_class is ErrorClass.LEASE_EXPIRED
    assert len(store.items) == 2


def test_run_flow_emits_into_the_callers_output(tmp_path: Path) -> None:
    store = Store()
    outcome, steps = run(tmp_path, spec(flow="test.wrapper"), store)
    assert outcome.succeeded
    assert [key for _, key, _ in store.items] == ["0", "1"]
    assert steps == ["delegate", "count"]


def test_report_names_the_error_code_beside_the_class() -> None:
    outcome = AttemptOutcome(False, ErrorClass.DEVICE, "account_restricted", "restricted", "open")
    report = report_of(outcome)
    assert (report.error_class, report.error_code, report.step) == (
        ErrorClass.DEVICE,
        "account_restricted",
        "open",
    )
    assert report_of(AttemptOutcome(True)).error_code is None
