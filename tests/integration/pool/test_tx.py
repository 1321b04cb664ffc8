"""Transactions: a real MariaDB deadlock is retried; the pool's engine reads committed."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from db import fleet as fleet_repo
from db.pool.sql import HOSTS
from db.pool.tx import RETRIES, HeldConnection, run_transaction

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine


@pytest.mark.mariadb
def test_a_deadlock_is_retried_and_both_transactions_commit(mariadb_engine: Engine) -> None:
    engine = mariadb_engine
    first, second = (
        run_transaction(engine, lambda s, n=n: fleet_repo.register_host(s, n, pid=0))
        for n in ("pc-a", "pc-b")
    )
    both_hold_one = threading.Barrier(2, timeout=10)
    before = RETRIES.deadlocks

    def bump_both(order: tuple[int, int]) -> None:
        attempts = 0

        def work(session: Session) -> None:
            nonlocal attempts
            attempts += 1
            for i, host in enumerate(order):
                session.execute(update(HOSTS).where(HOSTS.c.id == host).values(pid=HOSTS.c.pid + 1))
                if i == 0 and attempts == 1:
                    both_hold_one.wait()  # each holds one row and now wants the other's

        run_transaction(engine, work)

    other = threading.Thread(target=bump_both, args=((second, first),))
    other.start()
    bump_both((first, second))
    other.join()
    assert RETRIES.deadlocks > before  # MariaDB chose a victim (1213) and it ran again
    pids = run_transaction(engine, lambda s: s.execute(select(HOSTS.c.pid)).scalars().all())
    assert sorted(pids) == [2, 2]  # each transaction applied exactly once


def test_held_connection_runs_many_transactions_on_one_connection(engine: Engine) -> None:
    held = HeldConnection(engine)
    try:
        first = held.run(lambda s: s.connection().connection.dbapi_connection)
        host = held.run(lambda s: fleet_repo.register_host(s, "pc", pid=1))
        again = held.run(lambda s: s.connection().connection.dbapi_connection)
        assert first is again
        assert run_transaction(engine, lambda s: s.execute(select(HOSTS.c.id)).scalar()) == host
    finally:
        held.close()


@pytest.mark.mariadb
def test_pool_engine_reads_committed(mariadb_engine: Engine) -> None:
    with mariadb_engine.connect() as conn:
        level = conn.execute(text("SELECT @@SESSION.tx_isolation")).scalar_one()
    assert level == "READ-COMMITTED"


def test_read_only_transactions_do_not_wait_for_a_writer(engine: Engine) -> None:
    """A poll or a page of records reads while another transaction holds the write lock."""
    writer = Session(engine)
    writer.begin()
    fleet_repo.register_host(writer, "busy-pc", pid=3)  # holds SQLite's write lock
    try:
        done = threading.Event()

        def read() -> None:
            run_transaction(engine, lambda s: s.execute(select(HOSTS.c.id)).all(), read_only=True)
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert done.wait(timeout=5), "the read-only transaction waited for the writer"
        reader.join()
    finally:
        writer.rollback()
        writer.close()


def test_held_connection_write_after_a_read_takes_the_write_lock(tmp_path: Path) -> None:
    """After a read-only poll, the held connection's next transaction still starts by
    taking SQLite's write lock (a read-then-write without it fails as 'locked')."""
    import sqlite3

    from sqlalchemy.engine import make_url

    from db.engine import open_engine

    engine = open_engine(make_url(f"sqlite:///{tmp_path}/lock.db"))
    held = HeldConnection(engine)
    try:
        held.run(lambda s: s.execute(text("SELECT 1")).scalar(), read_only=True)

        def other_writer_is_locked_out(session: Session) -> bool:
            session.execute(text("SELECT 1"))  # no write yet: only BEGIN IMMEDIATE locks
            other = sqlite3.connect(f"{tmp_path}/lock.db", timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                return "locked" in str(exc)
            finally:
                other.close()
            return False

        assert held.run(other_writer_is_locked_out)
    finally:
        held.close()
        engine.dispose()
