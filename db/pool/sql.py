"""SQL helpers the pool's modules share: tables, JSON text, dialect differences."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer

from db.models import Account, Device, Host
from db.pool.models import (
    PoolBatch,
    PoolBatchBar,
    PoolBatchTarget,
    PoolItem,
    PoolReady,
    PoolRun,
    PoolShare,
    PoolTask,
    PoolTaskActor,
)
from db.pool.values import iso

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.sql.compiler import SQLCompiler
    from sqlalchemy.sql.dml import Insert


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


BATCHES = _table(PoolBatch)
TASKS = _table(PoolTask)
READY = _table(PoolReady)
ACTORS = _table(PoolTaskActor)
BATCH_TARGETS = _table(PoolBatchTarget)
BARS = _table(PoolBatchBar)
SHARES = _table(PoolShare)
RUNS = _table(PoolRun)
ITEMS = _table(PoolItem)
DEVICES = _table(Device)
ACCOUNTS = _table(Account)
HOSTS = _table(Host)

# A TEXT column holds 65,535 BYTES on MySQL, not characters: 25,000 Chinese characters
# are 75,000 bytes in UTF-8. Every size check on text bound for a TEXT column counts bytes.
MAX_JSON_BYTES = 60_000


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(value: Any) -> str:
    """Compact JSON text for a TEXT column (UTF-8 kept readable)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def json_bytes(value: Any) -> int:
    """How many bytes ``value`` takes as stored JSON (UTF-8), for TEXT-size checks."""
    return len(to_json(value).encode("utf-8"))


def from_json(text: str | None) -> Any:
    """The value of a JSON TEXT column (None stays None)."""
    return None if text is None else json.loads(text)


def clip(text: str | None, length: int) -> str | None:
    """Cut text to fit a VARCHAR column, marking the cut."""
    if text is None or len(text) <= length:
        return text
    return text[: length - 1] + "…"


class elapsed_ms(FunctionElement[int]):  # noqa: N801  (reads as a SQL function)
    """Milliseconds from a timestamp column to the database clock's now."""

    type = Integer()
    inherit_cache = True
    name = "elapsed_ms"


@compiles(elapsed_ms, "mysql")
def _elapsed_ms_mysql(element: elapsed_ms, compiler: SQLCompiler, **kw: Any) -> str:
    (start,) = element.clauses
    return (
        f"(TIMESTAMPDIFF(MICROSECOND, {compiler.process(start, **kw)}, UTC_TIMESTAMP(6)) DIV 1000)"
    )


@compiles(elapsed_ms, "sqlite")
def _elapsed_ms_sqlite(element: elapsed_ms, compiler: SQLCompiler, **kw: Any) -> str:
    (start,) = element.clauses
    column = compiler.process(start, **kw)
    return f"CAST(ROUND((julianday('now') - julianday({column})) * 86400000) AS INTEGER)"


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Insert:
    """INSERT that skips rows whose unique key already exists (INSERT IGNORE / OR IGNORE)."""
    if conn.dialect.name == "mysql":
        return mysql.insert(table).prefix_with("IGNORE")
    return sqlite.insert(table).on_conflict_do_nothing()


def add_to_share(conn: Connection, batch_id: int, actor: str, amount: int) -> None:
    """Add ``amount`` to an account's share of a spread batch, creating the row."""
    values = {"batch_id": batch_id, "actor": actor, "taken": max(amount, 0)}
    if conn.dialect.name == "mysql":
        stmt = mysql.insert(SHARES).values(values)
        conn.execute(stmt.on_duplicate_key_update(taken=SHARES.c.taken + amount))
    else:
        lite = sqlite.insert(SHARES).values(values)
        conn.execute(
            lite.on_conflict_do_update(
                index_elements=["batch_id", "actor"], set_={"taken": SHARES.c.taken + amount}
            )
        )
