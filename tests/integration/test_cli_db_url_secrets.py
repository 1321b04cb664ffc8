"""No shape of database URL brings its password into the output, through any entry.

Each malformed shape an operator may type is given through --db, FLEETDECK_DB and the
settings file to the real command line; the password must appear nowhere in what it
prints, and the command fails with one line.
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from tests.support.cli import one_line_error, run_fleetdeck

if TYPE_CHECKING:
    from pathlib import Path

# Parts of the password; none may be printed, not even the part after an unencoded '@'.
SECRET_PARTS = ("Kw7pass", "Zx9tail")
PASSWORD = "Kw7pass"
AT_PASSWORD = "Kw7pass@Zx9tail"

# The shapes the issue names, plus a few more; tests/unit/test_urls.py checks more shapes
# in-process. Each CLI run costs about a second, so these run a few at a time.
SHAPES = {
    "no colon after the scheme": f"mysql//farm:{PASSWORD}@127.0.0.1:1/x",
    "one slash": f"mysql:/farm:{PASSWORD}@127.0.0.1:1/x",
    "port not a number": f"mysql://farm:{PASSWORD}@127.0.0.1:abc/x",
    "unknown option": f"mysql://farm:{PASSWORD}@127.0.0.1:1/x?foo=bar",
    "unencoded @ in the password": f"mysql://farm:{AT_PASSWORD}@127.0.0.1:1/x",
    "host forgotten": f"mysql://farm:{PASSWORD}",
    "password as an option": f"mysql://farm@127.0.0.1:1/x?password={PASSWORD}",
    "unknown scheme": f"postgres://farm:{AT_PASSWORD}@127.0.0.1:1/x",
}


def _run(shape: str, entry: str, home: Path) -> subprocess.CompletedProcess[str]:
    url = SHAPES[shape]
    home = home / f"{entry}-{list(SHAPES).index(shape)}"
    home.mkdir()
    if entry == "flag":
        return run_fleetdeck("--db", url, "db", "status", home=home)
    if entry == "env":
        return run_fleetdeck("db", "status", home=home, env={"FLEETDECK_DB": url})
    toml = home / "settings.toml"
    toml.write_text(f"db = {json.dumps(url)}\n", encoding="utf-8")
    return run_fleetdeck("--config", str(toml), "db", "status", home=home)


@pytest.mark.parametrize("entry", ["flag", "env", "toml"])
def test_the_password_never_shows(entry: str, tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(
            zip(SHAPES, pool.map(lambda s: _run(s, entry, tmp_path), SHAPES), strict=True)
        )
    for shape, result in results.items():
        line = one_line_error(result)
        assert "database" in line, (shape, line)
        for part in SECRET_PARTS:
            assert part not in result.stdout + result.stderr, (shape, line)


def test_an_unencoded_at_in_the_password_reaches_the_right_host(tmp_path: Path) -> None:
    # The host is what follows the LAST '@': the server named is 127.0.0.1, not "Zx9tail@...".
    result = run_fleetdeck(
        "--db", SHAPES["unencoded @ in the password"], "db", "status", home=tmp_path
    )
    assert "cannot reach the database server at 127.0.0.1:1" in one_line_error(result)


def test_config_lists_the_url_masked(tmp_path: Path) -> None:
    url = f"mysql://farm:{AT_PASSWORD}@db.farm:3306/fleet"
    result = run_fleetdeck("--db", url, "config", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "mysql+pymysql://farm:***@db.farm:3306/fleet" in result.stdout or (
        "mysql://farm:***@db.farm:3306/fleet" in result.stdout
    )
    for part in SECRET_PARTS:
        assert part not in result.stdout + result.stderr
