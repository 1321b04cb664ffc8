"""A hostile tester's inputs: each gets one line naming its field, never a traceback.

Each probe runs the real command line in a subprocess with its own HOME. The classes
behind them: undecodable files, unbounded numbers, sizes in characters where the
database counts bytes, and errors not caught at the command line's boundary.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from tests.support.cli import one_line_error, run_fleetdeck

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from tests.support.database import MariaDBServer

HUGE = "99999999999999999999"
LONG_TITLE = "标题" * 12_500  # 25,000 characters, 75,000 bytes in UTF-8

# name: (files to write {name: bytes}, arguments, text the one line must contain)
PROBES: dict[str, tuple[dict[str, bytes], list[str], str]] = {
    "params file in UTF-16 without BOM": (
        {"p.json": '{"creator": "alice"}'.encode("utf-16-le")},
        ["submit", "collect.titles", "--params-file", "p.json"],
        "--params-file",
    ),
    "params file in Latin-1": (
        {"p.yaml": "creator: café\n".encode("latin-1")},
        ["submit", "collect.titles", "--params-file", "p.yaml"],
        "--params-file p.yaml:1: not UTF-8",
    ),
    "pipeline file in Latin-1": (
        {"p.yaml": "name: café\nstages: []\n".encode("latin-1")},
        ["submit", "--pipeline", "p.yaml"],
        "--pipeline p.yaml:1: not UTF-8",
    ),
    "pipeline file in UTF-16 without BOM": (
        {"p.yaml": "stages: []\n".encode("utf-16-le")},
        ["submit", "--pipeline", "p.yaml"],
        "--pipeline",
    ),
    "pipeline nested 5,000 deep": (
        {"p.yaml": ("stages:\n  - " + "[" * 5000 + "]" * 5000 + "\n").encode()},
        ["submit", "--pipeline", "p.yaml"],
        "nested more than",
    ),
    "pipeline alias bomb": (
        {
            "p.yaml": (
                "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "".join(
                    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
                )
            ).encode()
        },
        ["submit", "--pipeline", "p.yaml"],
        "counting what aliases repeat",
    ),
    "pipeline of 500 stages": (
        {"p.yaml": ("stages:\n" + "  - {flow: device.health}\n" * 500).encode()},
        ["submit", "--pipeline", "p.yaml"],
        "'stages'",
    ),
    "params file with a key twice": (
        {"p.yaml": b"creator: a\ncount: 2\ncreator: b\n"},
        ["submit", "collect.titles", "--params-file", "p.yaml"],
        "p.yaml:3: creator: appears twice",
    ),
    "NUL in a parameter": (
        {"p.json": b'{"creator": "ali\\u0000ce"}'},
        ["submit", "collect.titles", "--params-file", "p.json"],
        "'creator': contains a NUL",
    ),
    "records since 99999999 days": ({}, ["records", "--since", "99999999d"], "--since"),
    "records since a year out of range": ({}, ["records", "--since", "99999-01-01"], "--since"),
    "records batch id too large": ({}, ["records", "--batch", HUGE], "--batch"),
    "status of a batch id too large": ({}, ["status", HUGE], "BATCH"),
    "stop a task id too large": ({}, ["stop", "--task", HUGE], "--task"),
    "submit a count too large": ({}, ["submit", "device.health", "--count", HUGE], "--count"),
    "worker for nan seconds": ({}, ["worker", "--max-seconds", "nan"], "--max-seconds"),
    "worker for inf seconds": ({}, ["worker", "--max-seconds", "inf"], "--max-seconds"),
    "console exiting after nan seconds": ({}, ["console", "--exit-after", "nan"], "--exit-after"),
    "database URL option": (
        {},
        ["--db", "mysql://farm@127.0.0.1:1/x?foo=bar", "status"],
        "option 'foo'",
    ),
    "a 25,000-character Chinese title": (
        {},
        ["submit", "collect.comments", "--param", "creator=a", "--param", f"title={LONG_TITLE}"],
        "'title' alone takes 75",
    ),
}


@pytest.fixture(scope="module")
def probe_results(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every probe's run; they run a few at a time (each costs about a second)."""

    def run(name: str) -> subprocess.CompletedProcess[str]:
        files, args, _ = PROBES[name]
        home = tmp_path_factory.mktemp("probe")
        for file_name, content in files.items():
            (home / file_name).write_bytes(content)
        return run_fleetdeck(*args, home=home)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(PROBES, pool.map(run, PROBES), strict=True))


@pytest.mark.parametrize("probe", list(PROBES))
def test_probe_gets_one_line_naming_its_field(
    probe: str, probe_results: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    line = one_line_error(probe_results[probe])
    assert PROBES[probe][2] in line


@pytest.mark.mariadb
def test_a_long_chinese_title_on_mariadb_is_refused_in_one_line(
    mariadb_server: MariaDBServer, tmp_path: Path
) -> None:
    # MariaDB's TEXT holds 65,535 bytes: 25,000 Chinese characters (75,000 bytes) passed
    # a check that counted characters and died inside the driver.
    url = mariadb_server.create_database().render_as_string(hide_password=False)
    upgrade = run_fleetdeck("--db", url, "db", "upgrade", home=tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    args = ["--db", url, "submit", "collect.comments", "--param", "creator=a"]
    line = one_line_error(run_fleetdeck(*args, "--param", f"title={LONG_TITLE}", home=tmp_path))
    assert "'title' alone takes 75" in line
    # Just under the limit in bytes it is stored whole.
    fits = "标题" * 9_000  # 54,000 bytes
    stored = run_fleetdeck(*args, "--param", f"title={fits}", "--json", home=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["tasks"]["queued"] == 1
