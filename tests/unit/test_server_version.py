"""The pool needs SKIP LOCKED: servers without it are refused with the reason."""

from __future__ import annotations

import pytest

from db.engine import DatabaseUnavailable, check_server_version, parse_server_version


@pytest.mark.parametrize(
    "version",
    [
        "10.6.0-MariaDB",
        "10.11.19-MariaDB-0+deb12u1",
        "11.4.2-MariaDB-log",
        "8.0.1",
        "8.4.3",
        "9.1.0",
    ],
)
def test_new_enough_servers_pass(version: str) -> None:
    check_server_version(version)


@pytest.mark.parametrize(
    ("version", "product"),
    [
        ("10.5.23-MariaDB", "MariaDB"),
        ("10.3.39-MariaDB-0+deb10u1", "MariaDB"),
        ("5.7.44-log", "MySQL"),
        ("8.0.0-dmr", "MySQL"),
    ],
)
def test_old_servers_are_refused_with_the_reason(version: str, product: str) -> None:
    with pytest.raises(DatabaseUnavailable) as info:
        check_server_version(version)
    message = str(info.value)
    assert product in message
    assert "SKIP LOCKED" in message


def test_parse_server_version() -> None:
    assert parse_server_version("10.11.19-MariaDB-0+deb12u1") == ("MariaDB", (10, 11, 19))
    assert parse_server_version("8.0.36") == ("MySQL", (8, 0, 36))
