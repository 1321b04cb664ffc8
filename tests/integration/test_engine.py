"""Engine settings on each backend, and the database clock leases rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from db.clock import db_now, db_now_plus
from db.engine import DatabaseUnavailable, open_engine
from db.models import AdminState, Device, Host


def test_backend_settings(engine: Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
        else:
            assert conn.get_isolation_level() == "READ COMMITTED"
            assert conn.execute(text("SELECT @@SESSION.time_zone")).scalar_one() == "+00:00"
            charset = conn.execute(text("SELECT @@character_set_connection")).scalar_one()
            assert charset == "utf8mb4"
            # Connections a server or proxy dropped are replaced, not handed out broken.
            assert engine.pool._pre_ping  # type: ignore[attr-defined]
            assert 0 < engine.pool._recycle <= 3600  # type: ignore[attr-defined]


def test_database_clock_is_utc_with_subseconds(engine: Engine) -> None:
    with engine.connect() as conn:
        now, later, earlier = conn.execute(
            select(db_now(), db_now_plus(1.5), db_now_plus(-2))
        ).one()
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert later - now == timedelta(seconds=1.5)
    assert now - earlier == timedelta(seconds=2)


def test_rows_get_database_timestamps_and_defaults(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        host = Host(hostname="rack-pc-1", pid=4242, role="console", version="0.1.0")
        session.add(host)
        session.flush()
        device = Device(serial="SIM-0001", host_id=host.id, label="柜A-01")
        session.add(device)
    with Session(engine) as session:
        device = session.scalars(select(Device)).one()
        assert device.admin_state is AdminState.ENABLED
        assert device.label == "柜A-01"
        assert device.created_at.tzinfo is UTC
        assert abs(device.created_at - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.mariadb
def test_old_server_is_refused_at_connect(mariadb_server: object) -> None:
    """Make the real server report an old version, since we cannot install one here."""
    url = mariadb_server.create_database()  # type: ignore[attr-defined]

    def pretend_old(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if statement == "SELECT VERSION()":
            statement = "SELECT '10.5.23-MariaDB'"
        return statement, params

    event.listen(Engine, "before_cursor_execute", pretend_old, retval=True)
    try:
        with pytest.raises(DatabaseUnavailable, match="SKIP LOCKED"):
            open_engine(url)
    finally:
        event.remove(Engine, "before_cursor_execute", pretend_old)
