"""The ``api`` command line: the JSON shapes issue 11 makes contracts, and one-line errors."""

from __future__ import annotations

import hashlib
import json
import ssl
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.cli import main

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


@pytest.fixture
def cli(db_url: URL, tmp_path: Path, capsys: Any) -> Any:
    """Run ``python main.py --db URL --config FILE ...`` in process: (status, out, err)."""
    from db.engine import open_engine
    from db.migrate import upgrade

    engine = open_engine(db_url)
    upgrade(engine)
    engine.dispose()
    config = tmp_path / "fleetdeck.toml"
    config.write_text(f'api_dir = "{tmp_path / "api"}"\n', encoding="utf-8")
    url = db_url.render_as_string(hide_password=False)

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--db", url, "--config", str(config), *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_token_create_list_revoke(cli: Any) -> None:
    status, out, _ = cli("api", "token", "create", "--name", "dc", "--scopes",
                         "tasks:read,tasks:write", "--expires-days", "30", "--json")  # fmt: skip
    assert status == 0
    made = json.loads(out)
    assert set(made) == {"id", "token", "prefix", "scopes"}
    assert made["token"].startswith("fdk_")
    assert made["token"].startswith(made["prefix"])
    assert made["scopes"] == ["tasks:read", "tasks:write"]
    status, out, _ = cli("api", "token", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["id"] == made["id"]
    assert listed["prefix"] == made["prefix"]
    assert made["token"] not in out
    assert listed["expires_at"] is not None
    assert listed["revoked_at"] is None
    assert cli("api", "token", "revoke", str(made["id"]))[0] == 0
    assert json.loads(cli("api", "token", "list", "--json")[1])[0]["revoked_at"] is not None
    status, _, err = cli("api", "token", "revoke", "999")
    assert status == 1
    assert err.count("\n") == 1
    assert "no token 999" in err


def test_bad_token_options_are_one_line_errors(cli: Any) -> None:
    status, out, err = cli("api", "token", "create", "--name", "x", "--scopes", "everything")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "'everything'" in err
    assert json.loads(cli("api", "token", "list", "--json")[1]) == []


def test_endpoint_set_rotate_show(cli: Any) -> None:
    status, out, _ = cli("api", "endpoint", "set", "https://dc.example/hooks", "--events",
                         "task.finished,batch.finished", "--json")  # fmt: skip
    assert status == 0
    first = json.loads(out)
    assert first["url"] == "https://dc.example/hooks"
    assert first["secret"].startswith("whsec_")
    status, out, _ = cli("api", "endpoint", "rotate-secret", "--json")
    rotated = json.loads(out)
    assert rotated["url"] == first["url"]
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != first["secret"]
    shown = json.loads(cli("api", "endpoint", "show", "--json")[1])
    assert shown["events"] == ["task.finished", "batch.finished"]
    assert shown["old_secret_until"] is not None
    assert "secret" not in shown


def test_a_plain_http_endpoint_needs_allow_http(cli: Any) -> None:
    status, _, err = cli("api", "endpoint", "set", "http://10.0.0.9/hooks", "--json")
    assert status == 2
    assert "--allow-http" in err
    assert json.loads(cli("api", "endpoint", "show", "--json")[1]) is None
    status, out, _ = cli("api", "endpoint", "set", "http://10.0.0.9/hooks", "--allow-http",
                         "--json")  # fmt: skip
    assert status == 0
    assert json.loads(out)["url"] == "http://10.0.0.9/hooks"


def test_cert_show_gives_the_path_and_its_sha256(cli: Any) -> None:
    status, out, _ = cli("api", "cert", "show", "--json")
    assert status == 0
    shown = json.loads(out)
    assert shown["path"].endswith(".pem")
    der = ssl.PEM_cert_to_DER_cert(Path(shown["path"]).read_text(encoding="ascii"))
    assert shown["sha256"] == hashlib.sha256(der).hexdigest()
    assert json.loads(cli("api", "cert", "show", "--json")[1]) == shown  # made once
