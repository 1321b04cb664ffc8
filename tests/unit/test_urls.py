"""Database URLs: accepted forms, clear refusals, and passwords that never show."""

from __future__ import annotations

import pytest

from db.urls import BadDatabaseURL, mask_in_text, masked, parse_db_url


@pytest.mark.parametrize(
    ("text", "driver"),
    [
        ("sqlite:////tmp/x.db", "sqlite+pysqlite"),
        ("mysql://u:p@db.farm:3307/fleet", "mysql+pymysql"),
        ("mariadb://u@10.0.0.5/fleet", "mysql+pymysql"),
        ("mysql+pymysql://u@h/fleet", "mysql+pymysql"),
    ],
)
def test_known_schemes_normalise_to_shipped_drivers(text: str, driver: str) -> None:
    assert parse_db_url(text).drivername == driver


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("", "empty"),
        ("not a url", "not a URL"),
        ("postgresql://u@h/db", "'postgresql' is not supported"),
        ("sqlite://", "needs a file path"),
        ("mysql:///fleet", "needs a host"),
        ("mysql://u@h", "needs a database name"),
    ],
)
def test_bad_urls_say_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(BadDatabaseURL, match=complaint):
        parse_db_url(text)


def test_error_for_unparseable_url_hides_password() -> None:
    with pytest.raises(BadDatabaseURL) as info:
        parse_db_url("mysql://admin:hunter2@")
    assert "hunter2" not in str(info.value)


def test_masked_url_hides_password_only() -> None:
    url = parse_db_url("mysql://admin:s3cr%40t@db.farm:3306/fleet")
    shown = masked(url)
    assert "s3cr" not in shown
    assert shown == "mysql+pymysql://admin:***@db.farm:3306/fleet"


def test_mask_in_free_text() -> None:
    line = "connect to mysql+pymysql://bob:pa55word@10.1.1.1/db failed; retry mysql://x:y@h/d"
    scrubbed = mask_in_text(line)
    assert "pa55word" not in scrubbed
    assert ":y@" not in scrubbed
    assert "mysql+pymysql://bob:***@10.1.1.1/db" in scrubbed
