"""A stop request that every driver call and flow step checks, from any thread."""

from __future__ import annotations

import enum
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


class StopReason(enum.StrEnum):
    """Why an attempt is being stopped; decides how the attempt is recorded."""

    OPERATOR = "operator"  # a person pressed stop: recorded as cancelled, with who
    TIMEOUT = "timeout"  # the task's maximum run time passed
    LEASE_LOST = "lease_lost"  # the pool gave the task away: finish quietly
    SHUTDOWN = "shutdown"  # this host is closing: recorded as cancelled


class StopRequested(Exception):  # noqa: N818  (a signal, not an error)
    """Raised inside a flow or a driver call when an operator's stop (or the time limit)
    reaches it. It lives beside the signal so the device layer needs no flow SDK."""


class StopSignal:
    """Set once, read often: cheap to check between every phone call.

    Attributes:
        deadline: monotonic time after which the attempt has run too long, or None.
    """

    def __init__(self, max_run_seconds: float | None = None) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self.reason: StopReason | None = None
        self.by: str | None = None
        self.requested_at: float | None = None
        self.deadline = time.monotonic() + max_run_seconds if max_run_seconds else None
        self._suspended = False

    def request(self, reason: StopReason, by: str | None = None) -> None:
        """Ask the attempt to stop; the first request's reason wins."""
        with self._lock:
            if self._event.is_set():
                return
            self.reason, self.by, self.requested_at = reason, by, time.monotonic()
            self._event.set()

    def should_stop(self) -> bool:
        """True once stop was requested or the deadline passed."""
        if self._suspended:
            return False
        if self._event.is_set():
            return True
        if self.deadline is not None and time.monotonic() >= self.deadline:
            self.request(StopReason.TIMEOUT, by="max run time")
            return True
        return False

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds`` but wake at once on a stop; return should_stop()."""
        if self.deadline is not None:
            seconds = min(seconds, max(self.deadline - time.monotonic(), 0.0))
        self._event.wait(seconds)
        return self.should_stop()

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Let calls through for a moment after a stop (to save a failure's evidence)."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False
