"""The database clock: every lease and heartbeat uses it, never a PC's own clock.

PCs in a farm drift; the database server is the one clock they all share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from db.types import UtcDateTime

if TYPE_CHECKING:
    from sqlalchemy.sql.compiler import SQLCompiler


class db_now(FunctionElement[Any]):  # noqa: N801  (reads as a SQL function)
    """The database server's current UTC time with sub-second precision."""

    type = UtcDateTime()
    inherit_cache = True
    name = "db_now"


class db_now_plus(FunctionElement[Any]):  # noqa: N801
    """The database server's UTC time plus a number of seconds (a bound int or column)."""

    type = UtcDateTime()
    inherit_cache = True
    name = "db_now_plus"


@compiles(db_now, "mysql")
def _db_now_mysql(element: db_now, compiler: SQLCompiler, **kw: Any) -> str:
    # UTC_TIMESTAMP does not depend on the session time_zone.
    return "UTC_TIMESTAMP(6)"


@compiles(db_now, "sqlite")
def _db_now_sqlite(element: db_now, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's clock has milliseconds; pad to the microsecond text SQLAlchemy stores,
    # so that stored and computed timestamps compare correctly as text.
    return "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000')"


@compiles(db_now_plus, "mysql")
def _db_now_plus_mysql(element: db_now_plus, compiler: SQLCompiler, **kw: Any) -> str:
    (seconds,) = element.clauses
    micros = f"ROUND(({compiler.process(seconds, **kw)}) * 1000000)"
    return f"(UTC_TIMESTAMP(6) + INTERVAL {micros} MICROSECOND)"


@compiles(db_now_plus, "sqlite")
def _db_now_plus_sqlite(element: db_now_plus, compiler: SQLCompiler, **kw: Any) -> str:
    (seconds,) = element.clauses
    offset = compiler.process(seconds, **kw)
    return f"(strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%+.3f seconds', {offset})) || '000')"
