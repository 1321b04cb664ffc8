"""The attempt store over the pool: where a running flow's items and findings go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from db import fleet
from db.models import AccountSource
from db.monitor.seen import MarkedItem, SeenEntry, emit_new, remember, seen_values
from db.pool.idle import batch_items
from db.pool.pipeline import emit_items
from db.pool.tx import run_transaction
from db.pool.values import OutputItem
from workers.db_health import DatabaseHealth, DatabaseUnreachable, is_outage

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sqlalchemy import Engine

    from workers.attempt import SeenItem


T = TypeVar("T")


class PoolAttemptStore:
    """Stores a flow's output as it comes, each write its own short transaction.

    Called from device worker threads; every call opens and closes its own session.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.health = DatabaseHealth.of(engine)

    def emit_items(self, run_id: int, items: list[tuple[str, dict[str, Any]]]) -> bool:
        """Store items now, fenced by the run; False once the run lost its lease.

        Raises DatabaseUnreachable (a retryable failure of the attempt, told once for
        the whole host by DatabaseHealth) when the database cannot be reached.
        """
        outputs = [OutputItem(key=key, data=data) for key, data in items]
        result = self._write(lambda s: emit_items(s, run_id, outputs))
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
        return self._write(lambda s: emit_new(s, run_id, monitor, marked, only_new))

    def remember(
        self, run_id: int, monitor: str, entries: list[tuple[str, str, str | None]]
    ) -> int:
        """Remember entries without emitting them."""
        seen = [SeenEntry(key, value, label) for key, value, label in entries]
        return self._write(lambda s: remember(s, run_id, monitor, seen))

    def _write(self, work: Callable[[Session], T]) -> T:
        try:
            with self.health.step():
                return run_transaction(self.engine, work)
        except SQLAlchemyError as exc:
            if is_outage(exc):
                raise DatabaseUnreachable from None
            raise

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
