"""The agent's hottest statements, sent on the driver's own cursor (MySQL), compiled once.

Measured on one agent process (a tick of one finish and one claim, MariaDB, CPU time
taken around the driver's ``cursor.execute``): of a tick's 2.95 ms of CPU, PyMySQL's
own work was 1.33 ms and SQLAlchemy's execution of its cached statements (an execution
context, the IN lists expanded into the SQL text, the result wrapped) nearly as much
again. Twenty agents on two cores wait on each other's CPU, so that CPU is claim
latency (``bench pool``).

A ``DriverStatement`` is a SQLAlchemy statement compiled once per dialect, with the
bind and result processors of its types, run on the DBAPI cursor of the caller's
connection, in its transaction. PyMySQL expands an IN list itself (it renders a tuple
as ``(a, b)``). It takes SQLAlchemy's path wherever that path does more than it
would: on any backend but MySQL with PyMySQL (SQLite: one PC, not this load), when
cursor event listeners or statement logging are on (the benchmark's statement clock),
and for an empty IN list, which SQLAlchemy renders as an expression of its own.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import namedtuple
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sqlalchemy import exc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from sqlalchemy import Connection
    from sqlalchemy.engine import Dialect
    from sqlalchemy.sql import Executable
    from sqlalchemy.sql.compiler import Compiled

# An expanding parameter as SQLAlchemy leaves it in the SQL: ``IN (__[POSTCOMPILE_x])``,
# or bare for a value rendered in place (a LIMIT).
_POSTCOMPILE = re.compile(r"\(__\[POSTCOMPILE_(\w+)\]\)|__\[POSTCOMPILE_(\w+)\]")
_SQL_LOG = logging.getLogger("sqlalchemy.engine.Engine")


@dataclass(frozen=True)
class DriverResult:
    """A statement's rows (read in full) and the rows it matched."""

    rows: list[Any]
    rowcount: int

    def all(self) -> list[Any]:
        return self.rows

    def first(self) -> Any | None:
        return self.rows[0] if self.rows else None

    def scalars(self) -> list[Any]:
        return [row[0] for row in self.rows]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


@dataclass(frozen=True)
class _Plan:
    """A statement compiled for one dialect: its SQL and how values go in and come out."""

    sql: str
    asked: frozenset[str]  # the parameters a caller must give
    fixed: dict[str, Any]  # values bound in the statement itself, ready to send
    binders: dict[str, Callable[[Any], Any]]  # for the values a caller gives
    sequences: frozenset[str]  # IN lists and values rendered in place
    row: Any  # a namedtuple type of the result columns, or None
    readers: tuple[tuple[int, Callable[[Any], Any]], ...]


class DriverStatement:
    """A statement built once at import, run on the driver's cursor where it can be."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        # Per dialect, per set of columns an INSERT is given (None: the statement's own).
        self._plans: WeakKeyDictionary[Dialect, dict[tuple[str, ...] | None, _Plan]] = (
            WeakKeyDictionary()
        )

    def execute(self, conn: Connection, params: Mapping[str, Any] | None = None) -> DriverResult:
        """Run the statement with ``params`` on ``conn``, in its transaction."""
        values = dict(params or {})
        if on_driver_cursor(conn):
            plan = self._plan(conn.dialect)
            if all(_not_empty(values.get(name)) for name in plan.sequences):
                return _run(conn, plan, plan.sql, _bind(plan, values))
        return self._through_sqlalchemy(conn, values)

    def execute_rows(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> DriverResult:
        """An INSERT of ``rows`` (each with the same keys) as one statement, ``RETURNING``
        what the statement names."""
        keys = tuple(rows[0]) if rows else ()
        if not keys or not on_driver_cursor(conn) or any(tuple(r) != keys for r in rows):
            return self._through_sqlalchemy(conn, list(rows))
        plan = self._plan(conn.dialect, keys)
        head, tail = plan.sql.split(" VALUES ", 1)
        values_sql, _, returning = tail.partition(" RETURNING ")
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            rendered = ", ".join(cursor.mogrify(values_sql, _bind(plan, dict(r))) for r in rows)
        finally:
            cursor.close()
        sql = f"{head} VALUES {rendered}" + (f" RETURNING {returning}" if returning else "")
        return _run(conn, plan, sql, None)

    def _plan(self, dialect: Dialect, column_keys: tuple[str, ...] | None = None) -> _Plan:
        plans = self._plans.setdefault(dialect, {})
        plan = plans.get(column_keys)
        if plan is None:
            plan = plans[column_keys] = _compile(self.statement, dialect, column_keys)
        return plan

    def _through_sqlalchemy(self, conn: Connection, values: Any) -> DriverResult:
        result = conn.execute(self.statement, values)
        rows = list(result.all()) if result.returns_rows else []
        return DriverResult(rows, result.rowcount)


_LISTS = (list, tuple, set, frozenset)


def _not_empty(value: Any) -> bool:
    return not isinstance(value, _LISTS) or len(value) > 0


def on_driver_cursor(conn: Connection) -> bool:
    """True where a ``DriverStatement`` runs on the driver's cursor (MySQL via PyMySQL,
    no cursor listeners, no statement log); elsewhere it runs through SQLAlchemy."""
    dialect = conn.dialect
    if dialect.name != "mysql" or dialect.driver != "pymysql":
        return False
    # Whoever listens to statements (a clock, a log) sees them on SQLAlchemy's path.
    if conn.dispatch.before_cursor_execute or conn.dispatch.after_cursor_execute:
        return False
    return not (conn.engine.echo or _SQL_LOG.isEnabledFor(logging.INFO))


def _compile(statement: Executable, dialect: Dialect, column_keys: tuple[str, ...] | None) -> _Plan:
    # Named parameters, so that PyMySQL can take each IN list as one value; the rest of
    # the dialect (the server's version and quirks) is the connection's own.
    named = copy.copy(dialect)
    named.paramstyle = "pyformat"
    named.positional = False
    keys = list(column_keys) if column_keys is not None else None
    compiled: Compiled = statement.compile(dialect=named, column_keys=keys)  # type: ignore[attr-defined]
    sequences = set()

    def as_named(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        sequences.add(name)
        return f"%({name})s"

    sql = _POSTCOMPILE.sub(as_named, compiled.string)
    bind_names: dict[Any, str] = compiled.bind_names  # type: ignore[attr-defined]
    binders = {}
    for bind, name in bind_names.items():
        processor = bind.type.dialect_impl(named).bind_processor(named)
        if processor is not None:
            binders[name] = processor
    asked = frozenset(name for bind, name in bind_names.items() if bind.required)
    plan = _Plan(sql, asked, {}, binders, frozenset(sequences), *_reading(statement, named))
    # The statement's own values (a status, a literal) are processed once, here.
    own = compiled.params.items()
    fixed = {name: _prepared(plan, name, value) for name, value in own if name not in asked}
    return replace(plan, fixed=fixed)


def _reading(statement: Executable, dialect: Dialect) -> tuple[Any, tuple[Any, ...]]:
    exported = getattr(statement, "exported_columns", None)
    if not exported:
        return None, ()
    readers = []
    for index, column in enumerate(exported):
        processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if processor is not None:
            readers.append((index, processor))
    return namedtuple("DriverRow", list(exported.keys())), tuple(readers)  # noqa: PYI024


def _bind(plan: _Plan, values: dict[str, Any]) -> dict[str, Any]:
    missing = plan.asked.difference(values)
    if missing:
        raise exc.InvalidRequestError(f"a value is required for bind parameter {min(missing)!r}")
    bound = dict(plan.fixed)
    for name, value in values.items():
        bound[name] = _prepared(plan, name, value)
    return bound


def _prepared(plan: _Plan, name: str, value: Any) -> Any:
    """A value as the driver takes it: through its type's processor; an IN list as a
    tuple, which PyMySQL renders as ``(a, b)`` (a set or list it would not)."""
    processor = plan.binders.get(name)
    if name in plan.sequences and isinstance(value, _LISTS):
        return tuple(processor(v) for v in value) if processor else tuple(value)
    return processor(value) if processor else value


def _run(conn: Connection, plan: _Plan, sql: str, bound: dict[str, Any] | None) -> DriverResult:
    if not conn.in_transaction():
        # As SQLAlchemy's own execute does: a later conn.commit() must commit this.
        conn.begin()
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute(sql, bound)
        fetched = cursor.fetchall() if cursor.description else ()
        rowcount = cursor.rowcount
    except conn.dialect.loaded_dbapi.Error as err:
        raise _wrapped(conn, cursor, sql, bound, err) from err
    finally:
        cursor.close()
    if plan.row is None:
        return DriverResult([], rowcount)
    return DriverResult([_row(plan, raw) for raw in fetched], rowcount)


def _row(plan: _Plan, raw: Sequence[Any]) -> Any:
    if not plan.readers:
        return plan.row._make(raw)
    values = list(raw)
    for index, processor in plan.readers:
        values[index] = processor(values[index])
    return plan.row._make(values)


def _wrapped(conn: Connection, cursor: Any, sql: str, bound: Any, err: Any) -> BaseException:
    """The error as SQLAlchemy raises it (a deadlock's code on ``orig``, a lost server
    marked ``connection_invalidated`` with the connection invalidated), so the pool's
    retries treat both paths alike."""
    dbapi_conn = conn.connection.dbapi_connection
    lost = conn.dialect.is_disconnect(err, dbapi_conn, cursor)
    wrapped: BaseException = exc.DBAPIError.instance(
        sql,
        bound,
        err,
        conn.dialect.loaded_dbapi.Error,
        hide_parameters=conn.engine.hide_parameters,
        connection_invalidated=lost,
        dialect=conn.dialect,
    )
    if lost:
        conn.invalidate(err)
    return wrapped
