"""Database fixtures: every data-layer test runs on SQLite and on a real MariaDB.

MariaDB: each test gets a fresh database on the server named by FLEETDECK_TEST_MYSQL
(default root@127.0.0.1:3306); all of this run's databases are dropped at the end.
Without a server the MariaDB cases are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import itertools
import os
import uuid
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from db.engine import open_engine
from db.migrate import upgrade

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

MYSQL_ADMIN_URL = os.environ.get("FLEETDECK_TEST_MYSQL", "mysql+pymysql://root@127.0.0.1:3306/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class MariaDBServer:
    """Creates throwaway databases on the test server and drops them afterwards."""

    def __init__(self, admin: Engine) -> None:
        self.admin = admin
        self.run_id = uuid.uuid4().hex[:8]
        self._counter = itertools.count(1)
        self.created: list[str] = []

    def create_database(self) -> URL:
        """A new, empty utf8mb4 database; returns its URL."""
        name = f"fdtest_{self.run_id}_{next(self._counter)}"
        with self.admin.begin() as conn:
            conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        self.created.append(name)
        return self.admin.url.set(database=name)

    def drop_all(self) -> None:
        """Drop every database this run created."""
        with self.admin.begin() as conn:
            for name in self.created:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        self.created.clear()


@pytest.fixture(scope="session")
def mariadb_server() -> Iterator[MariaDBServer]:
    """The MariaDB test server, or a skip (a failure under CI) when it does not answer."""
    admin = create_engine(make_url(MYSQL_ADMIN_URL), connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001  (any failure means: no server here)
        admin.dispose()
        message = f"MariaDB test server {MYSQL_ADMIN_URL} unreachable: {exc}"
        if IN_CI:
            pytest.fail(message + " (CI=true: MariaDB tests must run)", pytrace=False)
        pytest.skip(message)
    server = MariaDBServer(admin)
    yield server
    server.drop_all()
    admin.dispose()


def _sqlite_url(tmp_path: Path) -> URL:
    return make_url(f"sqlite+pysqlite:///{tmp_path / 'fleetdeck.db'}")


@pytest.fixture(params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> URL:
    """The URL of a fresh, empty database: one SQLite file, then one MariaDB database."""
    if request.param == "sqlite":
        return _sqlite_url(tmp_path)
    server: MariaDBServer = request.getfixturevalue("mariadb_server")
    return server.create_database()


@pytest.fixture
def engine(db_url: URL) -> Iterator[Engine]:
    """An Engine on a fresh database migrated to head, on each backend."""
    eng = open_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI, a skipped MariaDB test fails the run: the pool must be proven on MariaDB."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = [
        report
        for report in reporter.stats.get("skipped", [])
        if "mariadb" in getattr(report, "keywords", {})
    ]
    if skipped:
        reporter.write_line(
            f"CI=true: {len(skipped)} MariaDB test(s) were skipped; failing the run", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
