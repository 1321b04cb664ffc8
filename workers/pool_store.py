"""The attempt store over the pool: where a running flow's items and findings go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db import fleet
from db.models import AccountSource
from db.monitor.seen import MarkedItem, SeenEntry, emit_new, remember, seen_values
from db.pool.idle import batch_items
from db.pool.pipeline import emit_items, last_item_seq
from db.pool.tx import run_transaction
from db.pool.values import OutputItem
from workers.db_health import DatabaseHealth, DatabaseUnreachable, is_outage
from workers.lease_book import LeaseBook

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Engine

    from workers.attempt import SeenItem


T = TypeVar("T")

# A flow's write waiting for the database tries again after these pauses (then the last).
_RIDE_OUT_PAUSES_S = (0.25, 0.5, 1.0, 2.0)


class PoolAttemptStore:
    """Stores a flow's output as it comes, each write its own short transaction.

    Called from device worker threads; every call opens and closes its own session.
    A run's write that finds the database away waits for it while the run's lease
    (``leases``, kept by the host agent) still holds, so the flow rides out the outage.
    """

    def __init__(self, engine: Engine, leases: LeaseBook | None = None) -> None:
        self.engine = engine
        self.health = DatabaseHealth.of(engine)
        self.leases = leases or LeaseBook()

    def emit_items(self, run_id: int, items: list[tuple[str, dict[str, Any]]]) -> bool:
        """Store items now, fenced by the run; False once the run lost its lease.

        Raises DatabaseUnreachable (a retryable failure of the attempt, told once for
        the whole host by DatabaseHealth) when the database cannot be reached.
        """
        outputs = [OutputItem(key=key, data=data) for key, data in items]
        result = self._write(_once(run_id, lambda s: emit_items(s, run_id, outputs)), run_id)
        return result.accepted

    def seen(self, monitor: str, keys: list[str]) -> dict[str, str]:
        """What the monitor last saw of each key it has seen."""
        return run_transaction(self.engine, lambda s: seen_values(s, monitor, keys), read_only=True)

    def emit_new(
        self, run_id: int, monitor: str, items: list[SeenItem], only_new: bool
    ) -> tuple[bool, int]:
        """Store what is new to the monitor and remember it, in one transaction."""
        marked = [
            MarkedItem(OutputItem(key=key, data=data), SeenEntry(key, value, label))
            for key, data, value, label in items
        ]
        return self._write(
            _once(run_id, lambda s: emit_new(s, run_id, monitor, marked, only_new)), run_id
        )

    def remember(
        self, run_id: int, monitor: str, entries: list[tuple[str, str, str | None]]
    ) -> int:
        """Remember entries without emitting them."""
        seen = [SeenEntry(key, value, label) for key, value, label in entries]
        return self._write(lambda s: remember(s, run_id, monitor, seen), run_id)

    def _write(self, work: Callable[[Session], T], run_id: int | None = None) -> T:
        """One transaction; for a run, retried while the database is away and its lease
        holds. Raises DatabaseUnreachable when it cannot wait (longer)."""
        tries = 0
        while True:
            try:
                with self.health.step():
                    return run_transaction(self.engine, work)
            except SQLAlchemyError as exc:
                if not is_outage(exc):
                    raise
                if run_id is None or not self.leases.holds(run_id):
                    raise DatabaseUnreachable from None
            pause = _RIDE_OUT_PAUSES_S[min(tries, len(_RIDE_OUT_PAUSES_S) - 1)]
            tries += 1
            if self.leases.closing.wait(pause):
                raise DatabaseUnreachable

    def read_items(self, batch_id: int) -> Iterator[dict[str, Any]]:
        """Another batch's items, read in a short read-only transaction per chunk."""
        with (
            self.engine.connect().execution_options(sqlite_deferred=True) as conn,
            Session(bind=conn) as session,
        ):
            yield from batch_items(session, batch_id)

    def bind_account(self, device_serial: str, app: str, uid: str, name: str) -> None:
        """Record the account a flow found logged in on the phone."""

        def bind(session: Any) -> None:
            device_id = fleet.device_id_of(session, device_serial)
            if device_id is None:
                raise fleet.UnknownDevice(device_serial)
            fleet.bind_account(
                session, device_id, app, uid, name=name, source=AccountSource.DETECTED
            )

        self._write(bind)


def _once(run_id: int, work: Callable[[Session], T]) -> Callable[[Session], T]:
    """``work`` (a write of a run's items) made safe to try again after a lost COMMIT.

    When the link fails during COMMIT, the client cannot tell whether the database
    committed; ``_write`` tries again, and the items would be stored twice. Only this
    attempt writes this run's items, so the run's highest item number tells: above
    what it was before the first try, that try committed and its answer stands.
    """
    before: int | None = None  # the run's highest item number before the first try
    answered: list[T] = []  # the latest try's answer, once ``work`` returned

    def guarded(session: Session) -> T:
        nonlocal before
        highest = last_item_seq(session, run_id)
        if before is None:
            before = highest
        elif answered and highest > before:
            return answered[-1]  # the earlier try committed after all
        answered[:] = [work(session)]
        return answered[-1]

    return guarded
