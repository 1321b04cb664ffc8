"""Database URLs: parse, normalise to a driver we ship, and mask passwords."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from pathlib import Path

# Schemes an operator may type, mapped to the driver FleetDeck ships with.
_DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "mysql": "mysql+pymysql",
    "mysql+pymysql": "mysql+pymysql",
    "mariadb": "mysql+pymysql",
    "mariadb+pymysql": "mysql+pymysql",
}

# user:password@ inside any URL-looking text; used to scrub log lines and error messages.
_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]+)(?=@)")


class BadDatabaseURL(ValueError):
    """The URL cannot be used; the message says why without echoing a password."""


def parse_db_url(text: str) -> URL:
    """Parse and normalise a database URL, or raise BadDatabaseURL naming the problem."""
    text = text.strip()
    if not text:
        raise BadDatabaseURL("database URL is empty")
    try:
        url = make_url(text)
    except ArgumentError:
        raise BadDatabaseURL(
            f"database URL {mask_in_text(text)!r} is not a URL "
            "(expected sqlite:///PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE)"
        ) from None
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise BadDatabaseURL(
            f"database URL scheme {url.drivername!r} is not supported (use sqlite or mysql)"
        )
    url = url.set(drivername=driver)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BadDatabaseURL("a SQLite URL needs a file path: sqlite:///PATH/fleetdeck.db")
    else:
        if not url.host:
            raise BadDatabaseURL("a MySQL URL needs a host: mysql://USER@HOST:PORT/DATABASE")
        if not url.database:
            raise BadDatabaseURL("a MySQL URL needs a database name after the last '/'")
        if url.port is not None and not 0 < url.port < 65536:
            raise BadDatabaseURL(f"port {url.port} is out of range")
    return url


def sqlite_url_for(path: Path) -> str:
    """The SQLite URL of a database file."""
    return f"sqlite:///{path}"


def masked(url: URL) -> str:
    """Render a URL for people: the password, if any, becomes ***."""
    return url.render_as_string(hide_password=True)


def mask_in_text(text: str) -> str:
    """Replace every password inside URL-looking parts of free text with ***."""
    return _PASSWORD_IN_TEXT.sub(lambda m: m.group("head") + "***", text)
