"""The command line as an operator meets it: one clear line, no traceback, no password."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_help_lists_the_subcommands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("console", "db", "config"):
        assert command in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("FleetDeck ")


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("postgresql://x@h/db", "not supported"),
        ("mysql://ops:Hunter22@127.0.0.1:1/fleet", "cannot reach the database server"),
        ("mysql://ops:Hunter22@", "needs a host"),
    ],
)
def test_bad_database_gives_one_line(url: str, expect: str) -> None:
    result = run_cli("--db", url, "db", "status")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expect in lines[0]
    assert "Traceback" not in result.stderr
    assert "Hunter22" not in result.stderr + result.stdout


@pytest.mark.mariadb
def test_wrong_credentials_give_one_line(mariadb_server: object) -> None:
    url: URL = mariadb_server.create_database()  # type: ignore[attr-defined]
    bad = url.set(username="nobody_here", password="WrongPw9")
    result = run_cli("--db", bad.render_as_string(hide_password=False), "db", "status")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "access denied" in result.stderr
    assert "WrongPw9" not in result.stderr


def test_bad_argument_gives_one_line() -> None:
    result = run_cli("db", "sideways")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "invalid choice" in result.stderr


def test_db_upgrade_then_status(db_url: URL) -> None:
    text_url = db_url.render_as_string(hide_password=False)
    assert run_cli("--db", text_url, "db", "status").returncode == 1  # empty
    upgraded = run_cli("--db", text_url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "-> 0" in upgraded.stdout
    status = run_cli("--db", text_url, "db", "status")
    assert status.returncode == 0
    assert "current" in status.stdout
