"""The per-phone call thread: deadlines, stop requests, errors and order."""

from __future__ import annotations

import threading
import time

import pytest

from workers.device.calls import CallThread
from workers.device.errors import DeviceError, ErrorCode
from workers.stop import StopRequested


def test_result_and_exception_come_back_to_the_caller() -> None:
    calls = CallThread("phone")
    try:
        assert calls.call(lambda: 41 + 1, 1.0, "add") == 42
        with pytest.raises(ZeroDivisionError):
            calls.call(lambda: 1 / 0, 1.0, "divide")
        # An exception that is itself a TimeoutError is not mistaken for the deadline.
        with pytest.raises(TimeoutError, match="socket"):
            calls.call(lambda: (_ for _ in ()).throw(TimeoutError("socket")), 1.0, "read")
    finally:
        calls.close()


def test_calls_run_in_order_on_one_thread() -> None:
    calls = CallThread("phone")
    try:
        names = {calls.call(lambda: threading.current_thread().name, 1.0, "who") for _ in range(5)}
        assert names == {"device-phone"}
    finally:
        calls.close()


def test_a_call_past_its_deadline_raises_timeout() -> None:
    release = threading.Event()
    calls = CallThread("phone")
    try:
        started = time.monotonic()
        with pytest.raises(DeviceError) as info:
            calls.call(lambda: release.wait(5), 0.3, "slow read")
        assert info.value.code is ErrorCode.TIMEOUT
        assert "slow read" in str(info.value)
        assert time.monotonic() - started < 2.0
    finally:
        release.set()
        calls.close()


def test_a_stop_ends_a_long_call_and_later_calls_refuse_to_start() -> None:
    stop = threading.Event()
    release = threading.Event()
    calls = CallThread("phone", stop.is_set)
    try:
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        with pytest.raises(StopRequested):
            calls.call(lambda: release.wait(5), 30.0, "long wait")
        elapsed = time.monotonic() - started
        print(f"stop ended the call after {elapsed:.3f} s")
        assert elapsed < 2.0
        with pytest.raises(StopRequested):
            calls.call(lambda: "never runs", 1.0, "next")
        with pytest.raises(StopRequested):
            calls.sleep(5)
    finally:
        release.set()
        calls.close()


def test_a_closed_thread_refuses_calls() -> None:
    calls = CallThread("phone")
    calls.call(lambda: None, 1.0, "warm up")
    calls.close()
    with pytest.raises(DeviceError, match="closed"):
        calls.call(lambda: None, 1.0, "after close")
