"""Logging for every FleetDeck process: one format, to stderr and a rotating file in the
user log dir, passwords and registered secrets (the S3 secret key, API tokens) scrubbed
from every line."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from db.urls import mask_in_text

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

LOG_FILE_BYTES = 5 * 1024 * 1024  # per file; LOG_FILES old ones are kept beside it
LOG_FILES = 5
_SECRETS: set[str] = set()
_SECRETS_LOCK = threading.Lock()
MIN_SECRET_CHARS = 4  # shorter values would blank ordinary words


def hide_secret(value: str) -> None:
    """Never let ``value`` (a key, a token) reach a log line: it is written as ****."""
    if len(value) >= MIN_SECRET_CHARS:
        with _SECRETS_LOCK:
            _SECRETS.add(value)


def scrub(text: str) -> str:
    """``text`` with database passwords and registered secrets masked."""
    text = mask_in_text(text)
    with _SECRETS_LOCK:
        secrets = sorted(_SECRETS, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "****")
    return text


class PasswordMaskingFilter(logging.Filter):
    """Rewrite each record so a database password never reaches a log file or console."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, scrubbed, instead of letting the handler do it.
            formatted = logging.Formatter().formatException(record.exc_info)
            scrubbed = f"{scrubbed}\n{scrub(formatted)}"
            record.exc_info = None
            record.exc_text = None
        if scrubbed != message or record.args:
            record.msg = scrubbed
            record.args = None
        return True


def configure_logging(
    level: str = "INFO",
    stream: TextIO | None = None,
    log_file: Path | None = None,
    secrets: Iterable[str] = (),
) -> str | None:
    """Send logs to stderr (or ``stream``) and, with ``log_file``, to that file rotated
    at LOG_FILE_BYTES; safe to call more than once. Returns why the file could not be
    opened (the process then logs to stderr only), or None."""
    # A pooled connection whose server died is reset on return and the pool logs the
    # failed rollback with a traceback: during a database outage that is one traceback
    # per connection. The worker's own lost/back lines say it once.
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    for secret in secrets:
        hide_secret(secret)
    root = logging.getLogger()
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "_fleetdeck", False):
            root.removeHandler(old)
            old.close()
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stderr)]
    problem = None
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    log_file, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILES, encoding="utf-8"
                )
            )
        except OSError as exc:
            problem = f"log file {log_file}: {exc.strerror or exc}"
    for handler in handlers:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
        )
        handler.addFilter(PasswordMaskingFilter())
        handler._fleetdeck = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    # Alembic announces every migration step at INFO; only say so when debugging.
    logging.getLogger("alembic").setLevel("DEBUG" if level == "DEBUG" else "WARNING")
    return problem
