"""Run one read with a time budget: its answer when it comes quickly, else none.

For answers that are nice to have but must not hold up the caller, such as how many
records a filter matches: an index may hold the matches sparsely, and counting them
would then read far more rows than it finds. The server stops the statement itself
(MariaDB ``max_statement_time``, MySQL ``max_execution_time``, SQLite a progress
handler), so the connection stays usable and the transaction open.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import Connection, Executable
    from sqlalchemy.orm import Session

MARIADB_STATEMENT_TIMEOUT = 1969
MYSQL_QUERY_TIMEOUT = 3024
SQLITE_STEPS_PER_CHECK = 10_000  # virtual machine steps between two looks at the clock


def scalar_within(session: Session, query: Executable, seconds: float) -> Any | None:
    """The query's one value, or None when it took longer than ``seconds`` (it is stopped)."""
    conn = session.connection()
    try:
        with _time_limit(conn, seconds):
            return session.execute(query).scalar_one()
    except OperationalError as exc:
        if _timed_out(exc):
            return None
        raise


@contextlib.contextmanager
def _time_limit(conn: Connection, seconds: float) -> Iterator[None]:
    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        assert raw is not None, "a checked-out connection has its driver connection"
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), SQLITE_STEPS_PER_CHECK)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
        return
    mariadb = bool(getattr(conn.dialect, "is_mariadb", False))
    variable, value = (
        ("max_statement_time", f"{seconds:.6f}")
        if mariadb
        else ("max_execution_time", str(max(int(seconds * 1000), 1)))
    )
    conn.execute(text(f"SET SESSION {variable} = {value}"))
    try:
        yield
    finally:
        conn.execute(text(f"SET SESSION {variable} = DEFAULT"))  # the server's own setting


def _timed_out(exc: OperationalError) -> bool:
    orig = exc.orig
    code = orig.args[0] if orig is not None and orig.args else None
    if code in (MARIADB_STATEMENT_TIMEOUT, MYSQL_QUERY_TIMEOUT):
        return True
    return "interrupted" in str(orig)  # SQLite, stopped by the progress handler
