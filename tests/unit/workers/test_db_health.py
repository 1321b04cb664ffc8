"""DatabaseHealth: an outage is told once when lost and once when back, however many
steps fail; a hang is told once too; a flow's write during an outage fails its attempt
as "database unreachable", not with driver text and a traceback."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.unit.workers.test_attempt import run, spec
from workers.db_health import DatabaseHealth, DatabaseUnreachable, is_outage
from workers.pool_store import PoolAttemptStore

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

# Nothing listens on port 1: every connection is refused, as by a database that is down.
DOWN = "mysql+pymysql://farm:pw@127.0.0.1:1/fleet?connect_timeout=2"


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "workers.db_health"]


def test_many_failed_steps_make_one_lost_line_and_one_back_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    health = DatabaseHealth()
    engine = create_engine(DOWN)
    for _ in range(5):
        with pytest.raises(Exception), health.step():  # noqa: B017, PT011
            engine.connect()
    assert health.lost
    with health.step():
        pass  # the database answers again
    with health.step():
        pass
    lines = _lines(caplog)
    assert len(lines) == 2, lines
    assert lines[0].startswith("database unreachable (")
    assert "Can't connect" in lines[0]
    assert "pw" not in lines[0]
    assert lines[1].startswith("database back after ")
    assert not health.lost


def test_a_step_waiting_while_others_get_through_is_no_outage(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    health = DatabaseHealth(hang_s=0.3)
    with health.step():  # waits for a lock another PC's cut-off transaction holds
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            with health.step():
                pass  # while other steps reach the database
            time.sleep(0.05)
    assert not health.lost
    assert _lines(caplog) == []


def test_a_step_that_hangs_is_told_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    health = DatabaseHealth(hang_s=0.2)
    with health.step():
        while not health.lost:  # the watchdog notices the step that waits
            time.sleep(0.05)
        time.sleep(1.5)  # and says it once, not each time it looks
    lines = _lines(caplog)
    assert len(lines) == 2, lines
    assert lines[0].startswith("database unreachable (no answer for 0.2 s)")
    assert lines[1].startswith("database back after ")


def test_a_flows_write_during_an_outage_fails_the_attempt_in_plain_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = PoolAttemptStore(create_engine(DOWN))
    with pytest.raises(DatabaseUnreachable):
        store.emit_items(1, [("k", {"value": 1})])
    outcome, _ = run(tmp_path, spec(n=2), store=store)  # type: ignore[arg-type]
    assert not outcome.succeeded
    assert (outcome.error_class, outcome.error_code, outcome.message) == (
        "retryable",
        "database_unreachable",
        "database unreachable",
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no traceback


@pytest.mark.mariadb
def test_a_lock_wait_that_runs_out_is_no_outage(mariadb_engine: Engine) -> None:
    """MariaDB answered: it gave up waiting for another PC's lock (1205). The host must
    not log 'database unreachable' for it, nor hold a flow's write as if it were away."""
    with mariadb_engine.connect() as holder, mariadb_engine.connect() as waiter:
        holder.execute(text("CREATE TABLE IF NOT EXISTS lock_probe (id INT PRIMARY KEY)"))
        holder.execute(text("INSERT IGNORE INTO lock_probe VALUES (1)"))
        holder.commit()
        holder.execute(text("SELECT id FROM lock_probe WHERE id = 1 FOR UPDATE"))
        waiter.execute(text("SET SESSION innodb_lock_wait_timeout = 1"))
        with pytest.raises(OperationalError) as caught:
            waiter.execute(text("UPDATE lock_probe SET id = 1 WHERE id = 1"))
        holder.rollback()
    assert caught.value.orig is not None
    assert caught.value.orig.args[0] == 1205
    assert not is_outage(caught.value)
    assert is_outage(OperationalError("SELECT 1", {}, Exception(2003, "Can't connect")))
