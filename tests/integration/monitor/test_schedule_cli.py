"""The schedule and seen commands as an operator types them: JSON contracts, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[3]


def cli(db: Engine | str, *args: str) -> subprocess.CompletedProcess[str]:
    url = db if isinstance(db, str) else db.url.render_as_string(hide_password=False)
    env = {**os.environ, "FLEETDECK_DB": url}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_schedule_commands_and_their_json(engine: Engine) -> None:
    added = cli(
        engine,
        "schedule", "add", "monitor.account", "--every", "15m",
        "--param", "creators=c001,c003", "--tz", "Asia/Shanghai", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    doc = json.loads(added.stdout)
    assert set(doc) == {"schedule", "next_run"}
    assert doc["next_run"].endswith(("00:00.000Z", "15:00.000Z", "30:00.000Z", "45:00.000Z"))
    schedule = str(doc["schedule"])
    listed = json.loads(cli(engine, "schedule", "list", "--json").stdout)["schedules"]
    assert [s["params"]["creators"] for s in listed] == [["c001", "c003"]]
    assert listed[0]["tz"] == "Asia/Shanghai"
    assert cli(engine, "schedule", "pause", schedule).returncode == 0
    assert cli(engine, "schedule", "resume", schedule).returncode == 0
    now = json.loads(cli(engine, "schedule", "run-now", schedule, "--json").stdout)
    assert now["kind"] == "manual"
    assert now["outcome"] == "fired"
    shown = json.loads(cli(engine, "schedule", "show", schedule, "--json").stdout)
    assert [(s["kind"], s["batch"]) for s in shown["slots"]] == [("manual", now["batch"])]
    assert cli(engine, "schedule", "remove", schedule).returncode == 0
    assert json.loads(cli(engine, "schedule", "list", "--json").stdout) == {"schedules": []}
    missing = cli(engine, "schedule", "pause", "999")
    assert missing.returncode != 0
    assert "no schedule 999" in missing.stderr
    seen = cli(engine, "seen", "no such title", "--json")
    assert seen.returncode == 0
    assert json.loads(seen.stdout) == []


def test_bad_schedule_input_is_one_line_naming_the_field(tmp_path: Path) -> None:
    engine = f"sqlite:///{tmp_path / 'fleetdeck.db'}"  # refused before it is opened
    cases = {
        ("--every", "5x"): "--every",
        ("--cron", "61 * * * *"): "cron",
        ("--every", "5m", "--tz", "Mars/Base"): "tz",
        ("--every", "5m", "--catch-up", "9d"): "--catch-up",
        ("--every", "5m", "--start", "tomorrow"): "--start",
    }
    for options, field in cases.items():
        result = cli(engine, "schedule", "add", "device.health", *options)
        assert result.returncode != 0, options
        assert result.stderr.count("\n") == 1, result.stderr
        assert field in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
