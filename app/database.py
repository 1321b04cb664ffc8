"""Open the configured database for a command, with its schema checked or migrated."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.errors import ErrorCode, UserError
from db.engine import DatabaseUnavailable, open_engine
from db.migrate import SchemaState, schema_status, upgrade
from db.urls import BadDatabaseURL, masked, parse_db_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.settings import Settings

log = logging.getLogger(__name__)


def connect(settings: Settings, *, migrate: bool = True) -> Engine:
    """Open the database and make sure its schema is the one this FleetDeck speaks.

    The embedded SQLite database is migrated on the spot. A shared MySQL database is
    migrated only by ``db upgrade``: several PCs use it, so a console must not change
    it behind the others' backs; an out-of-date schema is reported instead.
    """
    engine = open_database(settings)
    try:
        if migrate:
            _ensure_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_database(settings: Settings, *, long_statements: bool = False) -> Engine:
    """Open the database without looking at its schema (``long_statements``: see
    db.engine.open_engine)."""
    try:
        url = parse_db_url(settings.db_url)
    except BadDatabaseURL as exc:
        raise UserError(str(exc)) from None
    try:
        return open_engine(url, tls=settings.db_tls_options, long_statements=long_statements)
    except DatabaseUnavailable as exc:
        raise UserError(str(exc), ErrorCode.UNAVAILABLE) from None


def _ensure_schema(engine: Engine) -> None:
    status = schema_status(engine)
    where = masked(engine.url)
    if status.state is SchemaState.CURRENT:
        return
    if status.state is SchemaState.NEWER:
        raise UserError(
            f"the database {where} has schema {status.current}, newer than this FleetDeck "
            f"knows ({status.head}): update FleetDeck on this PC",
            ErrorCode.UNAVAILABLE,
        )
    if engine.dialect.name == "sqlite":
        log.info("migrating %s from %s to %s", where, status.current or "empty", status.head)
        upgrade(engine)
        return
    if status.state is SchemaState.EMPTY:
        reason = "has no FleetDeck tables yet"
    else:
        reason = f"has schema {status.current}, older than this FleetDeck's {status.head}"
    raise UserError(
        f"the database {where} {reason}: run `python main.py --db URL db upgrade` once",
        ErrorCode.UNAVAILABLE,
    )
