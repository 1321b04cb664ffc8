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

# Options a MySQL URL may carry after '?', as the pymysql driver takes them. Anything else
# would reach the driver as an unknown keyword and fail at the first connection.
_MYSQL_OPTIONS = {"charset", "connect_timeout", "read_timeout", "write_timeout"}
_TIMEOUT_OPTIONS = {"connect_timeout", "read_timeout", "write_timeout"}
_MAX_TIMEOUT = 3600

# The scheme and what follows it however an operator typed it: "mysql://", "mysql:/",
# "mysql//", "mysql:".
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?::/*|//)")
_PLAIN_USER = re.compile(r"[\w.-]*")
# A query option whose value is a secret, e.g. ?password=...
_SECRET_OPTION = re.compile(r"(?i)([?&;](?:pass\w*|pwd|secret\w*|token\w*)=)[^&;#\s]*")
# URL-looking words in free text: a scheme, then ":/", "//" or a user:password@ part.
# A word may open with a parenthesis ("... (mysql://user@host/db)"): the URL follows it.
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?::/+|//|:(?=[^\s@]*@))\S*|[^\s'\"(]*@\S*")


class BadDatabaseURL(ValueError):
    """The URL cannot be used; the message says why without echoing a password."""


def mask_url_text(text: str) -> str:
    """Hide the credentials of a database URL however malformed it is.

    Works on the raw text without parsing it: the user-info is everything before the
    LAST '@' (a password may hold an unencoded '@', ':' or '/'), so it errs towards
    hiding too much. Without an '@', a "port" that is not a number is hidden, for a URL
    whose host was forgotten (``mysql://farm:secret``).
    """
    if text.lower().startswith("sqlite"):
        return text  # a file path, no credentials; its '@' is part of a file name
    head, at, tail = text.rpartition("@")
    if at:
        scheme = _SCHEME.match(head)
        prefix = scheme.group(0) if scheme else ""
        if prefix.endswith(":") and ":" not in head[len(prefix) :]:
            prefix = ""  # "user:password@host": what looked like a scheme is the user
        user, colon, secret = head[len(prefix) :].partition(":")
        if secret == "***":
            pass  # already masked: masking twice keeps what the first pass showed
        elif colon and _PLAIN_USER.fullmatch(user):
            head = f"{prefix}{user}:***"
        elif colon or not _PLAIN_USER.fullmatch(user):
            head = f"{prefix}***"
        text = f"{head}@{tail}"
    else:
        scheme = _SCHEME.match(text)
        prefix = scheme.group(0) if scheme else ""
        text = prefix + re.sub(
            r"^([^:/?#]*:)(?!\d*(?:[/?#]|$))[^/?#]*", r"\1***", text[len(prefix) :]
        )
    return _SECRET_OPTION.sub(r"\1***", text)


def mask_in_text(text: str) -> str:
    """Hide the credentials of every URL-looking word inside free text."""
    return _URL_IN_TEXT.sub(lambda match: mask_url_text(match.group(0)), text)


def parse_db_url(text: str) -> URL:
    """Parse and normalise a database URL, or raise BadDatabaseURL naming the problem.

    Every message shows the URL only as mask_url_text() renders it, computed before any
    parsing, so no shape of URL can bring its password into an error.
    """
    text = text.strip()
    shown = repr(mask_url_text(text))
    if not text:
        raise BadDatabaseURL("database URL is empty")
    if not text.isprintable():
        raise BadDatabaseURL(f"database URL {shown} holds a control character")
    try:
        url = make_url(_encode_userinfo_ats(text))
    except ArgumentError:
        raise BadDatabaseURL(
            f"database URL {shown} is not a URL "
            "(expected sqlite:///PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE)"
        ) from None
    except ValueError:
        # SQLAlchemy's int() of the port is the only ValueError make_url raises.
        raise BadDatabaseURL(f"database URL {shown}: the port is not a number") from None
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise BadDatabaseURL(
            f"database URL scheme {url.drivername!r} is not supported (use sqlite or mysql)"
        )
    url = url.set(drivername=driver)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BadDatabaseURL("a SQLite URL needs a file path: sqlite:///PATH/fleetdeck.db")
        _check_options(url, shown, allowed=set())
    else:
        if not url.host:
            raise BadDatabaseURL("a MySQL URL needs a host: mysql://USER@HOST:PORT/DATABASE")
        if not url.database:
            raise BadDatabaseURL("a MySQL URL needs a database name after the last '/'")
        if url.port is not None and not 0 < url.port < 65536:
            raise BadDatabaseURL(f"database URL {shown}: port {url.port} is out of range")
        _check_options(url, shown, allowed=_MYSQL_OPTIONS)
    return url


def _encode_userinfo_ats(text: str) -> str:
    """Percent-encode the '@'s of a password typed raw: the host follows the LAST '@'."""
    scheme, sep, rest = text.partition("://")
    head, at, tail = rest.rpartition("@")
    if not sep or not at or "@" not in head:
        return text
    return f"{scheme}{sep}{head.replace('@', '%40')}@{tail}"


def _check_options(url: URL, shown: str, allowed: set[str]) -> None:
    for key, value in url.query.items():
        name = key if re.fullmatch(r"[A-Za-z_]{1,32}", key) else "?"
        if key not in allowed:
            supported = ", ".join(sorted(allowed)) or "none"
            raise BadDatabaseURL(
                f"database URL {shown}: option {name!r} after '?' is not supported "
                f"(supported: {supported})"
            )
        if key in _TIMEOUT_OPTIONS:
            values = value if isinstance(value, tuple) else (value,)
            if not all(v.isdigit() and 0 < int(v) <= _MAX_TIMEOUT for v in values):
                raise BadDatabaseURL(
                    f"database URL {shown}: option {key!r} must be a whole number of "
                    f"seconds from 1 to {_MAX_TIMEOUT}"
                )


def sqlite_url_for(path: Path) -> str:
    """The SQLite URL of a database file."""
    return f"sqlite:///{path}"


def masked(url: URL) -> str:
    """Render a URL for people: the password, if any, becomes ***."""
    return url.render_as_string(hide_password=True)
