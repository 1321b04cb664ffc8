"""Whether this process's database answers: one line when it is lost, one when it is back.

Every database step of a host (the agent's ticks, a running flow's item writes) reports
here. While the database is down, a dozen steps a second fail; the operator needs to
read that once, with the reason, and once more when it answers again, not a warning per
step or a traceback per running attempt. A database that hangs (answers nothing) fails
no step for minutes, so a watchdog reports a step that has waited HANG_S as lost too,
unless another step has reached the database meanwhile: then the database answers, and
the long step waits for a lock (another PC's transaction, cut off mid-way, may hold one),
which is not an outage.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
import weakref
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from db.pool.states import ErrorClass
from db.pool.tx import transient_kind
from db.urls import mask_in_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import Engine

log = logging.getLogger(__name__)

HANG_S = 10.0  # a step waiting this long means the database does not answer
_WATCH_EVERY_S = 1.0
_OUTAGES = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


def is_outage(exc: BaseException) -> bool:
    """True for errors that mean the database cannot be reached (not a lock, not a bug)."""
    if not isinstance(exc, _OUTAGES):
        return False
    if transient_kind(exc) is not None:
        return False  # a deadlock or a lock wait that outlived its retries: it answers
    return "database table is locked" not in str(exc).lower()


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    args: tuple[object, ...] = tuple(getattr(orig, "args", ()))
    text = str(args[1]) if len(args) > 1 else str(orig or exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return mask_in_text(first)[:200]


class DatabaseUnreachable(Exception):  # noqa: N818  (reads as the condition it reports)
    """A step a flow needed could not reach the database; the attempt may be retried."""

    code = "database_unreachable"

    def __init__(self) -> None:
        super().__init__("database unreachable")
        self.error_class = ErrorClass.RETRYABLE


class DatabaseHealth:
    """The lost/back state of one database for this process, logged once per change."""

    _by_engine: weakref.WeakKeyDictionary[Engine, DatabaseHealth] = weakref.WeakKeyDictionary()
    _registry_lock = threading.Lock()

    def __init__(self, hang_s: float = HANG_S) -> None:
        self.hang_s = hang_s
        self._lock = threading.Lock()
        self._lost_since: float | None = None
        self._lost_at: datetime | None = None  # the same moment on the wall clock
        self._waiting: dict[int, float] = {}  # in-flight step -> monotonic start
        self._tokens = itertools.count()
        self._last_success = time.monotonic()
        self._watchdog: threading.Thread | None = None

    @classmethod
    def of(cls, engine: Engine) -> DatabaseHealth:
        """The one DatabaseHealth of ``engine`` in this process."""
        with cls._registry_lock:
            health = cls._by_engine.get(engine)
            if health is None:
                health = cls._by_engine[engine] = cls()
            return health

    @property
    def lost(self) -> bool:
        """True between the lost line and the back line."""
        return self._lost_since is not None

    @property
    def lost_at(self) -> datetime | None:
        """When (UTC) the database was found unreachable; None while it answers."""
        return self._lost_at

    def failed(self, exc: BaseException) -> None:
        """A step could not reach the database."""
        self._mark_lost(f"database unreachable ({_reason(exc)}); retrying until it is back")

    def succeeded(self) -> None:
        """A step reached the database."""
        with self._lock:
            self._last_success = time.monotonic()
            since, self._lost_since, self._lost_at = self._lost_since, None, None
        if since is not None:
            log.warning("database back after %.0f s", time.monotonic() - since)

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """Wrap one database step: its outcome (and a hang) is reported here."""
        token = next(self._tokens)
        with self._lock:
            self._waiting[token] = time.monotonic()
            self._start_watchdog()
        try:
            yield
        except BaseException as exc:
            if is_outage(exc):
                self.failed(exc)
            raise
        else:
            self.succeeded()
        finally:
            with self._lock:
                self._waiting.pop(token, None)

    def _mark_lost(self, line: str) -> None:
        with self._lock:
            if self._lost_since is not None:
                return
            self._lost_since = time.monotonic()
            self._lost_at = datetime.now(UTC)
        log.warning("%s", line)

    def _start_watchdog(self) -> None:
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
            self._watchdog.start()

    def _watch(self) -> None:
        while True:
            time.sleep(_WATCH_EVERY_S)
            with self._lock:
                oldest = min(self._waiting.values(), default=None)
                quiet_s = time.monotonic() - self._last_success
            if (
                oldest is not None
                and time.monotonic() - oldest >= self.hang_s
                and quiet_s >= self.hang_s
            ):
                self._mark_lost(
                    f"database unreachable (no answer for {self.hang_s:g} s); "
                    "waiting until it is back"
                )
