"""Logging for every FleetDeck process: one format, passwords scrubbed from every line."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from db.urls import mask_in_text


class PasswordMaskingFilter(logging.Filter):
    """Rewrite each record so a database password never reaches a log file or console."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = mask_in_text(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, scrubbed, instead of letting the handler do it.
            formatted = logging.Formatter().formatException(record.exc_info)
            scrubbed = f"{scrubbed}\n{mask_in_text(formatted)}"
            record.exc_info = None
            record.exc_text = None
        if scrubbed != message or record.args:
            record.msg = scrubbed
            record.args = None
        return True


def configure_logging(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send logs to stderr (or ``stream``) with timestamps; safe to call more than once."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_fleetdeck", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")
    )
    handler.addFilter(PasswordMaskingFilter())
    handler._fleetdeck = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    # Alembic announces every migration step at INFO; only say so when debugging.
    logging.getLogger("alembic").setLevel("DEBUG" if level == "DEBUG" else "WARNING")
