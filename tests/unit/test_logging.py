"""Log lines never carry a database password, not even inside a traceback."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import pytest

from app.logging_setup import configure_logging

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    yield stream
    configure_logging("WARNING")


def test_password_masked_in_message_and_args(log_output: io.StringIO) -> None:
    logging.getLogger("fleetdeck.test").info(
        "opening %s", "mysql+pymysql://ops:Secr3t!@db.farm/fleet"
    )
    text = log_output.getvalue()
    assert "Secr3t" not in text
    assert "opening mysql+pymysql://ops:***@db.farm/fleet" in text


def test_password_masked_in_traceback(log_output: io.StringIO) -> None:
    try:
        raise RuntimeError("cannot use mysql://ops:Secr3t!@db.farm/fleet")
    except RuntimeError:
        logging.getLogger("fleetdeck.test").exception("connect failed")
    text = log_output.getvalue()
    assert "connect failed" in text
    assert "RuntimeError: cannot use mysql://ops:***@db.farm/fleet" in text
    assert "Secr3t" not in text
