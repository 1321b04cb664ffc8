"""One thread per phone that runs its device calls, so each call has a deadline and a stop.

uiautomator2 and adbutils block in socket reads and some of their own retries wait for
tens of seconds. Running each call on the phone's own thread lets the caller give up
at its deadline or at a stop request while the call finishes (or fails) in the
background; the next call queues behind it. It also keeps the phone's u2.Device on one
thread, since u2 is not thread-safe per device.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from typing import TYPE_CHECKING, Any, TypeVar

from workers.device.errors import DeviceError, ErrorCode
from workers.stop import StopRequested

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

STOP_POLL_SECONDS = 0.1  # how often a waiting caller looks at its stop request


def never_stop() -> bool:
    """A stop request that never comes."""
    return False


class CallThread:
    """Runs one phone's calls in order on a daemon thread.

    Attributes:
        name: shown in thread names and messages (the adb serial).
    """

    def __init__(self, name: str, should_stop: Callable[[], bool] = never_stop) -> None:
        self.name = name
        self._should_stop = should_stop
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None]
        self._queue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        # When the phone last completed a call (monotonic): a phone that stops
        # answering is hung, and its host stops renewing the attempt's lease.
        self.last_answer = time.monotonic()

    def check_stop(self) -> None:
        """Raise StopRequested once a stop was requested."""
        if self._should_stop():
            raise StopRequested(f"{self.name}: stop requested")

    def sleep(self, seconds: float) -> None:
        """Wait, checking the stop request every STOP_POLL_SECONDS."""
        deadline = time.monotonic() + seconds
        while True:
            self.check_stop()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(STOP_POLL_SECONDS, remaining))

    def call(self, function: Callable[[], T], timeout: float, what: str) -> T:
        """Run ``function`` on the phone's thread; its exception is raised here.

        Raises StopRequested when a stop comes first and DeviceError(timeout) at the
        deadline; the abandoned call's result is dropped.
        """
        self.check_stop()
        future: Future[T] = Future()
        self._submit(function, future)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            done, _ = wait([future], min(STOP_POLL_SECONDS, max(remaining, 0)), FIRST_COMPLETED)
            if done:
                return future.result()
            if self._should_stop():
                future.cancel()
                raise StopRequested(f"{self.name}: stop requested during {what}")
            if remaining <= 0:
                future.cancel()
                raise DeviceError(
                    ErrorCode.TIMEOUT, f"{what}: no answer within {timeout:g} s", serial=self.name
                )

    def close(self, timeout: float = 1.0) -> None:
        """Let the queued calls finish, then end the thread (waits at most ``timeout``)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _submit(self, function: Callable[[], Any], future: Future[Any]) -> None:
        with self._lock:
            if self._closed:
                raise DeviceError(ErrorCode.INVALID_ARGUMENT, "driver is closed", serial=self.name)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name=f"device-{self.name}", daemon=True
                )
                self._thread.start()
            self._queue.put((function, future))

    def _serve(self) -> None:
        while (item := self._queue.get()) is not None:
            function, future = item
            if not future.set_running_or_notify_cancel():
                continue  # the caller gave up before the call began
            try:
                future.set_result(function())
                self.last_answer = time.monotonic()
            except BaseException as exc:  # noqa: BLE001  (handed to the caller)
                future.set_exception(exc)
