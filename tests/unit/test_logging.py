"""Log lines never carry a database password, not even inside a traceback."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import pytest

from app.logging_setup import configure_logging

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


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


def test_the_process_log_goes_to_a_rotating_file_too_without_secrets(tmp_path: Path) -> None:
    stream = io.StringIO()
    log_file = tmp_path / "logs" / "fleetdeck.log"
    secret = "s3-secret-7f1d2c9a"
    try:
        assert configure_logging("INFO", stream=stream, log_file=log_file, secrets=[secret]) is None
        logger = logging.getLogger("fleetdeck.test")
        logger.info("uploading with key %s to %s", secret, "mysql://ops:Secr3t!@db/fleet")
        logger.debug("not at INFO")
        for handler in logging.getLogger().handlers:
            handler.flush()
        written = log_file.read_text(encoding="utf-8")
        assert "uploading with key **** to mysql://ops:***@db/fleet" in written
        assert written.strip() == stream.getvalue().strip()  # stderr gets the same line
        assert secret not in written
        assert "not at INFO" not in written
    finally:
        configure_logging("WARNING")


def test_a_log_file_that_cannot_be_opened_is_reported_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    try:
        problem = configure_logging("INFO", stream=io.StringIO(), log_file=blocker / "x.log")
        assert problem is not None
        assert str(blocker / "x.log") in problem
    finally:
        configure_logging("WARNING")


def test_config_shows_where_the_log_goes(capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    assert main(["config"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("log file: "))
    assert line.endswith("fleetdeck.log")
    assert "log_dir" in out
