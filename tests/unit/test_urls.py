"""Database URLs: accepted forms, clear refusals, and passwords that never show."""

from __future__ import annotations

import pytest

from db.urls import BadDatabaseURL, mask_in_text, mask_url_text, masked, parse_db_url


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


# Every malformed shape an operator may type; the password is "Kw7pass" (with "@Zx9tail"
# where the shape is an unencoded '@' inside it).
MALFORMED = [
    "mysql//farm:Kw7pass@127.0.0.1:1/x",
    "mysql:/farm:Kw7pass@127.0.0.1:1/x",
    "mysql:farm:Kw7pass@127.0.0.1:1/x",
    "mysql://farm:Kw7pass@127.0.0.1:abc/x",
    "mysql://farm:Kw7pass@127.0.0.1:1/x?foo=bar",
    "mysql://farm:Kw7pass@127.0.0.1:1/x?connect_timeout=nan",
    "mysql://farm:Kw7pass@127.0.0.1:99999/x",
    "mysql://farm:Kw7pass",
    "mysql://farm@127.0.0.1:1/x?password=Kw7pass",
    "mysql://farm:Kw7pass@/x",
    "postgres://farm:Kw7pass@Zx9tail@127.0.0.1:1/x",
    "mysql://farm:Kw7pass@Zx9tail@/x",
    "mysql://farm:Kw7pass@Zx9tail@h:x/x",
    "mysql://farm:Kw7\tpass@h/x",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_no_malformed_shape_shows_its_password(text: str) -> None:
    with pytest.raises(BadDatabaseURL) as info:
        parse_db_url(text)
    for shown in (str(info.value), mask_url_text(text), mask_in_text(f"at {text}: failed")):
        assert "Kw7" not in shown
        assert "Zx9tail" not in shown


def test_an_unencoded_at_belongs_to_the_password() -> None:
    url = parse_db_url("mysql://farm:Kw7pass@Zx9tail@db.farm:3307/fleet")
    assert (url.username, url.password, url.host, url.port) == (
        "farm",
        "Kw7pass@Zx9tail",
        "db.farm",
        3307,
    )
    assert masked(url) == "mysql+pymysql://farm:***@db.farm:3307/fleet"


def test_known_options_pass_and_others_are_refused_by_name() -> None:
    url = parse_db_url("mysql://u:p@h/fleet?charset=utf8mb4&connect_timeout=5")
    assert dict(url.query) == {"charset": "utf8mb4", "connect_timeout": "5"}
    with pytest.raises(BadDatabaseURL, match="option 'foo'"):
        parse_db_url("mysql://u:p@h/fleet?foo=bar")
    with pytest.raises(BadDatabaseURL, match="option 'timeout'"):
        parse_db_url("sqlite:////tmp/x.db?timeout=5")


def test_masking_keeps_what_is_not_secret() -> None:
    assert mask_url_text("mysql://db.farm:3306/fleet") == "mysql://db.farm:3306/fleet"
    assert mask_url_text("sqlite:////srv/a@b/fleet.db") == "sqlite:////srv/a@b/fleet.db"
    assert mask_in_text("mail bob@example.com") == "mail bob@example.com"
    assert mask_in_text("x farm:pw@host y") == "x farm:***@host y"
    # Masking twice changes nothing more.
    once = mask_in_text("database URL 'mysql//farm:pw@h/x' is not a URL")
    assert mask_in_text(once) == once == "database URL 'mysql//farm:***@h/x' is not a URL"


def test_a_url_in_parentheses_keeps_its_scheme_and_user() -> None:
    """Error lines end with the URL in parentheses; only the password goes."""
    line = "cannot reach the server (is it running?) (mysql+pymysql://farm:s3cret@10.0.0.2/fd)"
    assert mask_in_text(line) == (
        "cannot reach the server (is it running?) (mysql+pymysql://farm:***@10.0.0.2/fd)"
    )
