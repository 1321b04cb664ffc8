"""Pool fixtures: a small fleet (one PC, a few phones, accounts) on a migrated database.

Tests drive the pool the way the host agent and the console will: through the
session-first functions of ``db.pool``, one short transaction per call. Flows are
stand-in names: the pool never runs a flow, it only hands out and records work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select, text, update

from db import fleet as fleet_repo
from db.clock import db_now, db_now_plus
from db.engine import open_engine
from db.migrate import upgrade
from db.pool.claim import claim_tasks
from db.pool.finish import finish_runs
from db.pool.leases import dispatch_due_retries, poll_stop_requests, reap_expired_leases
from db.pool.pipeline import emit_items
from db.pool.sql import READY, RUNS, TASKS
from db.pool.status import batch_status
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from db.pool.values import BatchSpec, OutputItem, RunReport, Slot

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from db.pool.values import BatchStatus, Claim, FinishResult, StopRequest

STAND_IN_FLOW = "test.echo"


@dataclass
class Fleet:
    """One registered PC with phones; most phones have an account logged in."""

    engine: Engine
    host: int
    devices: list[int]
    serials: list[str]
    accounts: list[int | None]

    def tx(self, work: Callable[[Session], Any]) -> Any:
        """Run one pool transaction."""
        return run_transaction(self.engine, work)

    def slot(self, index: int) -> Slot:
        """The slot of phone ``index`` with its account (if any)."""
        return Slot(self.devices[index], self.accounts[index])

    def slots(self, indices: Iterable[int] | None = None) -> list[Slot]:
        """Slots of the given phones (default: all)."""
        chosen = range(len(self.devices)) if indices is None else indices
        return [self.slot(i) for i in chosen]

    def claim(self, indices: Iterable[int] | None = None, host: int | None = None) -> list[Claim]:
        """Claim for the given phones' slots in one transaction."""
        slots = self.slots(indices)
        return self.tx(lambda s: claim_tasks(s, host or self.host, slots))  # type: ignore[no-any-return]

    def claim_one(self, index: int) -> Claim | None:
        """Claim for one phone; None when nothing is claimable for it."""
        found = self.claim([index])
        return found[0] if found else None

    def submit(self, **options: Any) -> int:
        """Submit a stand-in batch (no retry delay unless given)."""
        spec = BatchSpec(
            flow=options.pop("flow", STAND_IN_FLOW),
            params=options.pop("params", {}),
            retry_delay_s=options.pop("retry_delay_s", 0),
            submitted_by=options.pop("submitted_by", "tester"),
            **options,
        )
        return self.tx(lambda s: submit_batch(s, spec))  # type: ignore[no-any-return]

    def finish(self, run_id: int, report: RunReport | None = None) -> FinishResult:
        """Finish one attempt (success unless a report is given)."""
        chosen = report or RunReport.success()
        return self.tx(lambda s: finish_runs(s, [(run_id, chosen)]))[0]  # type: ignore[no-any-return]

    def emit(self, run_id: int, *items: tuple[str, dict[str, Any]]) -> Any:
        """Emit output items (key, data) for a running attempt."""
        out = [OutputItem(key, data) for key, data in items]
        return self.tx(lambda s: emit_items(s, run_id, out))

    def status(self, batch_id: int) -> BatchStatus:
        """A batch's status."""
        return self.tx(lambda s: batch_status(s, batch_id))  # type: ignore[no-any-return]

    def polls(self, host: int | None = None) -> list[StopRequest]:
        """Stop requests for this PC's running attempts."""
        return self.tx(lambda s: poll_stop_requests(s, host or self.host))  # type: ignore[no-any-return]

    def reap(self) -> int:
        """Run the reaper once."""
        return self.tx(lambda s: reap_expired_leases(s))  # type: ignore[no-any-return]

    def dispatch(self) -> int:
        """Run the retry dispatcher once."""
        return self.tx(lambda s: dispatch_due_retries(s))  # type: ignore[no-any-return]

    def tasks(self, batch_id: int) -> list[Any]:
        """Every task row of a batch, by id."""
        return self.tx(  # type: ignore[no-any-return]
            lambda s: s.execute(
                select(TASKS).where(TASKS.c.batch_id == batch_id).order_by(TASKS.c.id)
            ).all()
        )

    def task(self, task_id: int) -> Any:
        """One task row."""
        return self.tx(lambda s: s.execute(select(TASKS).where(TASKS.c.id == task_id)).one())

    def run(self, run_id: int) -> Any:
        """One attempt row."""
        return self.tx(lambda s: s.execute(select(RUNS).where(RUNS.c.id == run_id)).one())

    def ready_count(self) -> int:
        """Rows in the hot ready table."""
        return len(self.tx(lambda s: s.execute(select(READY.c.id)).all()))

    def expire_lease(self, run_id: int) -> None:
        """Make an attempt's lease run out (as if its PC stopped renewing a second ago).

        A second in the past, not "now": SQLite's clock has milliseconds, so a reap in the
        same millisecond would see a lease that has not yet run out.
        """
        self.tx(
            lambda s: s.execute(
                update(RUNS).where(RUNS.c.id == run_id).values(lease_expires_at=db_now_plus(-1))
            )
        )

    def add_device(self, serial: str, account_uid: str | None = None) -> int:
        """Register one more phone (optionally with an account); return its index."""

        def add(session: Session) -> tuple[int, int | None]:
            device = fleet_repo.upsert_device(session, serial, host_id=self.host)
            account = None
            if account_uid is not None:
                account = fleet_repo.bind_account(session, device, "simvideo", account_uid)
            return device, account

        device, account = self.tx(add)
        self.devices.append(device)
        self.serials.append(serial)
        self.accounts.append(account)
        return len(self.devices) - 1

    def with_host(self, hostname: str) -> Fleet:
        """The same phones seen from another registered PC."""
        host = self.tx(lambda s: fleet_repo.register_host(s, hostname, pid=2, version="t"))
        return replace(self, host=host)


def build_fleet(engine: Engine, phones: int = 3, without_account: Sequence[int] = ()) -> Fleet:
    """Register a PC and ``phones`` phones; phones not listed get account u<i>."""
    fleet = Fleet(engine, 0, [], [], [])
    fleet.host = run_transaction(
        engine, lambda s: fleet_repo.register_host(s, "rack-pc-1", pid=1, version="test")
    )
    for i in range(phones):
        fleet.add_device(f"SER{i:03d}", None if i in without_account else f"u{i}")
    return fleet


@pytest.fixture
def make_fleet(engine: Engine) -> Callable[..., Fleet]:
    """Build a fleet on the test's fresh database (SQLite, then MariaDB)."""
    return lambda phones=3, without_account=(): build_fleet(engine, phones, without_account)


@pytest.fixture
def fleet(make_fleet: Callable[..., Fleet]) -> Fleet:
    """Three phones with accounts u0, u1, u2 on one PC."""
    return make_fleet()


def server_now(engine: Engine) -> Any:
    """The database clock."""
    with engine.connect() as conn:
        return conn.execute(select(db_now())).scalar_one()


def table_rows(engine: Engine, table: str) -> int:
    """How many rows a table has."""
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


@pytest.fixture
def mariadb_engine(mariadb_server: Any) -> Iterator[Engine]:
    """A migrated engine on a fresh MariaDB database, for tests of MariaDB's own behaviour."""
    url = mariadb_server.create_database()
    eng = open_engine(url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def mariadb_fleet(mariadb_engine: Engine) -> Fleet:
    """Three phones with accounts, on MariaDB only."""
    return build_fleet(mariadb_engine)
