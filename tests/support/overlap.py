"""Two PCs in overlapping transactions: one held open while the other runs beside it.

``held_open`` keeps host A's transaction open (its work done, not committed);
``beside`` runs host B's transaction in a thread, and ``until_done_or_waiting``
returns once B has committed or is waiting for a lock A holds (MariaDB's
``SHOW ENGINE INNODB STATUS`` says so), so each test chooses the interleaving
itself rather than hoping for it.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.pool.tx import run_transaction

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Engine

# Only a bound on a broken test: an interleaving is never judged by time.
HANG_LIMIT_S = 30.0


@contextmanager
def held_open(engine: Engine, work: Callable[[Session], Any]) -> Iterator[Any]:
    """Run ``work`` in a transaction that stays open for the block, then commits."""
    with Session(engine) as session, session.begin():
        yield work(session)


class Beside(threading.Thread):
    """Host B's transaction, run in its own thread and on its own connection."""

    def __init__(self, engine: Engine, work: Callable[[Session], Any]) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.connection_ids: set[int] = set()

    def _work(self, session: Session) -> Any:
        if self.engine.dialect.name == "mysql":
            found = session.execute(text("SELECT CONNECTION_ID()")).scalar_one()
            self.connection_ids.add(int(found))
        return self.work(session)

    def run(self) -> None:
        try:
            self.result = run_transaction(self.engine, self._work)
        except BaseException as exc:  # noqa: BLE001  (handed to the test by outcome())
            self.error = exc

    def outcome(self) -> Any:
        """Wait for the thread and return its result (or raise its error)."""
        self.join(HANG_LIMIT_S)
        assert not self.is_alive(), "host B's transaction never ended"
        if self.error is not None:
            raise self.error
        return self.result


def beside(engine: Engine, work: Callable[[Session], Any]) -> Beside:
    """Start host B's transaction in a thread."""
    thread = Beside(engine, work)
    thread.start()
    return thread


def until_done_or_waiting(thread: Beside, engine: Engine) -> str:
    """Return "done" once B committed, or "waiting" once it waits for a lock.

    On SQLite every writer waits for the open one (a single write lock), which no
    table shows: there, a short look for an early end, then "waiting".
    """
    mariadb = engine.dialect.name == "mysql"
    deadline = time.monotonic() + (HANG_LIMIT_S if mariadb else 0.5)
    while time.monotonic() < deadline:
        if not thread.is_alive():
            return "done"
        if mariadb and lock_waits(engine, thread.connection_ids) > 0:
            return "waiting"
        time.sleep(0.01)
    assert not mariadb, "host B neither finished nor waited for a lock"
    return "waiting"


_WAITING_THREAD = re.compile(r"\nLOCK WAIT .*?\n(?:MariaDB|MySQL) thread id (\d+)", re.DOTALL)


def lock_waits(engine: Engine, connection_ids: set[int]) -> int:
    """How many of these connections' transactions wait for a lock (others' are not ours).

    Read from ``SHOW ENGINE INNODB STATUS``, made when asked. Not from
    ``information_schema.INNODB_TRX``: MariaDB refreshes that table's snapshot only when
    nobody has read it for 100 ms, so a loop asking every 10 ms (two test workers
    asking at once, all the more) read the moment before B waited for ever, and held A
    open until B's lock wait timed out: the flaky 1205s of the settle-race tests.
    """
    if not connection_ids:
        return 0
    with engine.connect() as conn:
        status = str(conn.execute(text("SHOW ENGINE INNODB STATUS")).one()[2])
    listed = status.split("\n---TRANSACTION ")[1:]
    waiting = {int(m.group(1)) for block in listed if (m := _WAITING_THREAD.search(block))}
    return len(waiting & connection_ids)
