"""Engine factory: one configured Engine per process for SQLite or MySQL/MariaDB."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from db.tls import MYSQL_TLS_ERROR, DbTls, TlsSetupError, describe_tls_failure
from db.urls import masked

if TYPE_CHECKING:
    import ssl

    from sqlalchemy.engine import URL

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Below the server's default wait_timeout (8 h) and common proxy idle cut-offs.
MYSQL_POOL_RECYCLE_S = 1_800
MYSQL_LOCK_WAIT_TIMEOUT_S = 5
# A statement whose answer does not come in this long is given up (a link that went
# silent: without it a client waits for the operating system's TCP timeout, ~15 min).
# Far above any pool statement; a migration of a big table may take minutes, so
# ``db upgrade`` opens its engine without it.
MYSQL_READ_TIMEOUT_S = 60
MIN_MARIADB = (10, 6)
MIN_MYSQL = (8, 0, 1)


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message is one line for the operator."""


def open_engine(
    url: URL, *, check: bool = True, tls: DbTls | None = None, long_statements: bool = False
) -> Engine:
    """Create the Engine for ``url``; with ``check``, connect once and vet the server.

    ``tls`` applies to MySQL only (an embedded SQLite file has no link to protect).
    ``long_statements``: no read timeout (a migration may run for minutes).
    """
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
    else:
        try:
            context = tls.context() if tls is not None else None
        except TlsSetupError as exc:
            raise DatabaseUnavailable(f"{exc} ({masked(url)})") from None
        engine = _mysql_engine(url, context, None if long_statements else MYSQL_READ_TIMEOUT_S)
    if check:
        try:
            with engine.connect() as conn:
                if engine.dialect.name == "mysql":
                    check_server_version(conn.execute(text("SELECT VERSION()")).scalar_one())
        except DBAPIError as exc:
            engine.dispose()
            raise DatabaseUnavailable(describe_db_error(exc, url)) from None
        except DatabaseUnavailable:
            engine.dispose()
            raise
    return engine


def _sqlite_engine(url: URL) -> Engine:
    assert url.database is not None
    Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so "begin" below decides.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so a read-then-write transaction
        # (a claim) never fails halfway with SQLITE_BUSY; pure readers may opt out.
        if conn.get_execution_options().get("sqlite_deferred"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _mysql_engine(url: URL, tls: ssl.SSLContext | None, read_timeout_s: int | None) -> Engine:
    init = f"SET time_zone='+00:00', innodb_lock_wait_timeout={MYSQL_LOCK_WAIT_TIMEOUT_S}"
    connect_args: dict[str, Any] = {"charset": "utf8mb4", "connect_timeout": 5}
    connect_args["init_command"] = init
    if read_timeout_s:
        connect_args.update(read_timeout=read_timeout_s, write_timeout=read_timeout_s)
    if tls is not None:
        # Given a context, PyMySQL requires TLS: a server without it is refused (2026)
        # before any credential is sent.
        connect_args["ssl"] = tls
    return create_engine(
        url,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        pool_recycle=MYSQL_POOL_RECYCLE_S,
        pool_size=8,
        max_overflow=8,
        connect_args=connect_args,
    )


def parse_server_version(version: str) -> tuple[str, tuple[int, ...]]:
    """Split ``SELECT VERSION()`` into (product, numeric version)."""
    numbers = tuple(int(n) for n in re.findall(r"\d+", version.split("-")[0])[:3])
    product = "MariaDB" if "mariadb" in version.lower() else "MySQL"
    return product, numbers


def check_server_version(version: str) -> None:
    """Refuse servers without ``SKIP LOCKED``, which the task pool's claims need."""
    product, numbers = parse_server_version(version)
    minimum = MIN_MARIADB if product == "MariaDB" else MIN_MYSQL
    if numbers < minimum:
        need = ".".join(map(str, minimum))
        raise DatabaseUnavailable(
            f"{product} {version} is too old: FleetDeck needs {product} {need} or newer, "
            "because the task pool claims work with SELECT ... FOR UPDATE SKIP LOCKED"
        )


# MySQL client error numbers worth a sentence of their own.
_MYSQL_ERRORS = {
    1045: "access denied for user {user!r}: wrong user name or password",
    1049: "database {database!r} does not exist on the server",
    2003: "cannot reach the database server at {host}:{port} (is it running?)",
    2005: "unknown database host {host!r}",
    2013: "lost connection to the database server at {host}:{port}",
}


# Where PyMySQL reports a failed TLS handshake: its own refusal (2026), or the socket's
# error while connecting (2003), reading the handshake (2013) or right after it (2006:
# a server that rejected the client certificate once TLS 1.3 had finished).
_TLS_CODES = {MYSQL_TLS_ERROR, 2003, 2006, 2013}


def describe_db_error(exc: DBAPIError, url: URL) -> str:
    """One line naming what went wrong with the database, never echoing a password."""
    where = masked(url)
    orig = exc.orig
    if url.get_backend_name() == "sqlite":
        return f"cannot open the SQLite database {url.database}: {orig}"
    code = orig.args[0] if orig is not None and orig.args else None
    detail = orig.args[1] if orig is not None and len(orig.args) > 1 else str(orig)
    tls_reason = describe_tls_failure(str(detail)) if code in _TLS_CODES else None
    if tls_reason is not None:
        return f"{tls_reason} ({where})"
    template = _MYSQL_ERRORS.get(code) if isinstance(code, int) else None
    if template is not None:
        reason = template.format(
            user=url.username, database=url.database, host=url.host, port=url.port or 3306
        )
        return f"{reason} ({where})"
    kind = "database error" if not isinstance(exc, OperationalError) else "database unavailable"
    return f"{kind}: {detail} ({where})"
