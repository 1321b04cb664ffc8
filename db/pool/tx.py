"""Run one short pool transaction, retrying deadlocks and lock-wait timeouts.

MySQL picks a victim in a deadlock (1213) and gives up a lock wait after
``innodb_lock_wait_timeout`` (1205); both roll the transaction back, and running it
again is the documented remedy. SQLite's "database is locked" is the same kind of
transient. Every other error goes straight to the caller.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Connection, Engine

T = TypeVar("T")

MYSQL_DEADLOCK = 1213
MYSQL_LOCK_WAIT_TIMEOUT = 1205
DEFAULT_ATTEMPTS = 5


@dataclass
class RetryCounts:
    """How many transactions were retried, and how many gave up, in this process."""

    deadlocks: int = 0
    lock_timeouts: int = 0
    busy: int = 0
    gave_up: int = 0


RETRIES = RetryCounts()
_COUNT_LOCK = threading.Lock()


def transient_kind(exc: BaseException) -> str | None:
    """Name the transient lock failure ``exc`` is, or None when it is not one."""
    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return None
    args = exc.orig.args
    code = args[0] if args else None
    if code == MYSQL_DEADLOCK:
        return "deadlocks"
    if code == MYSQL_LOCK_WAIT_TIMEOUT:
        return "lock_timeouts"
    if "database is locked" in str(exc.orig):
        return "busy"
    return None


def _count(kind: str) -> None:
    with _COUNT_LOCK:
        setattr(RETRIES, kind, getattr(RETRIES, kind) + 1)


def run_transaction(
    engine: Engine,
    work: Callable[[Session], T],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    read_only: bool = False,
) -> T:
    """Run ``work(session)`` in one transaction and commit; retry transient lock failures.

    ``read_only`` (a poll, a page of records) skips SQLite's write lock: the read
    then never waits for, nor holds up, a writer.
    """
    bind = engine.execution_options(sqlite_deferred=True) if read_only else engine
    for attempt in range(1, attempts + 1):
        try:
            with Session(bind) as session, session.begin():
                return work(session)
        except DBAPIError as exc:
            if not _worth_another_try(exc, attempt, attempts):
                raise
    raise AssertionError("unreachable")


def _worth_another_try(exc: DBAPIError, attempt: int, attempts: int) -> bool:
    """Count a transient lock failure and pause before the next try; False: give up."""
    kind = transient_kind(exc)
    if kind is None:
        return False
    _count(kind)
    if attempt == attempts:
        _count("gave_up")
        return False
    # Jittered, growing pause so the transactions that collided do not meet again.
    time.sleep(random.uniform(0.005, 0.02) * attempt)
    return True


class HeldConnection:
    """Runs short transactions on one connection it keeps, for a loop that runs many.

    A pool checkout costs a ping and a rollback on return (two round trips); a host
    agent's tick loop skips both by holding one connection. A connection the
    server dropped is replaced on the next transaction.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._conn: Connection | None = None

    def run(
        self,
        work: Callable[[Session], T],
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        read_only: bool = False,
    ) -> T:
        """Run ``work(session)`` in one transaction on the held connection and commit.

        ``read_only`` (a poll) takes no SQLite write lock, as in run_transaction.
        """
        for attempt in range(1, attempts + 1):
            if self._conn is None or self._conn.invalidated or self._conn.closed:
                self._conn = self.engine.connect()
            # Connection.execution_options changes the connection in place: set it both
            # ways, or one read would leave every later write without its write lock.
            conn = self._conn.execution_options(sqlite_deferred=read_only)
            try:
                with Session(bind=conn) as session, session.begin():
                    return work(session)
            except DBAPIError as exc:
                if exc.connection_invalidated:
                    self.close()
                    if attempt < attempts:
                        continue
                    raise
                if not _worth_another_try(exc, attempt, attempts):
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Give the connection back."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
