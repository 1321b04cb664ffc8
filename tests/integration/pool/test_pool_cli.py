"""The pool's command line: the JSON contracts, one-line errors, nothing written on refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from app.cli import main
from db.fleet import health_override_of
from db.pool.states import ErrorClass, TaskState
from db.pool.submit import join_growing_batches
from db.pool.values import RunReport
from tests.support.pool import build_fleet, table_rows

if TYPE_CHECKING:
    from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parents[3]
TASK_KEYS = {"queued", "running", "succeeded", "failed", "cancelled"}
RECORD_KEYS = {
    "id", "batch", "task", "flow", "params", "account", "device", "host", "author", "attempt",
    "status", "error_class", "error_code", "error_message", "step", "started_at",
    "finished_at", "duration_ms", "outputs",
}  # fmt: skip


class Cli:
    """Runs ``main.py --db URL ...`` in this process and captures what it prints."""

    def __init__(self, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = engine.url.render_as_string(hide_password=False)
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--db", self.url, *args])
        except SystemExit as exc:  # argparse's own errors
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(engine: Engine, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The CLI on the test's migrated database."""
    return Cli(engine, capsys)


def test_submit_status_and_records_keep_their_json_contracts(cli: Cli, engine: Engine) -> None:
    fleet = build_fleet(engine)
    submitted = cli.json("submit", "collect.titles", "--param", "creator=alice", "--count", "2")
    batch = submitted["batch"]
    status = cli.json("status", str(batch))
    assert status["batch"] == batch
    assert status["state"] == "active"
    assert status["tasks"] == {"queued": 2, "running": 0, "succeeded": 0, "failed": 0,
                               "cancelled": 0}  # fmt: skip
    assert status["priority_order"] == "0 is the most urgent, 9 the least"
    (claim,) = fleet.claim([0])
    fleet.emit(claim.run_id, ("v1", {"title": "A", "comment_count": 3, "video_key": "v1"}))
    fleet.finish(claim.run_id)
    (record,) = cli.json("records", "--batch", str(batch))
    assert set(record) >= RECORD_KEYS
    assert record["params"]["creator"] == "alice"
    assert record["author"] == "alice"  # collect.titles names its author parameter
    assert record["outputs"] == [{"title": "A", "comment_count": 3, "video_key": "v1"}]
    listing = cli.json("status")
    assert [b["batch"] for b in listing["batches"]] == [batch]
    assert set(listing["batches"][0]["tasks"]) == TASK_KEYS


def test_records_are_filtered_by_error_code(cli: Cli, engine: Engine) -> None:
    fleet = build_fleet(engine)
    batch = cli.json("submit", "collect.titles", "--param", "creator=alice", "--count", "3")
    lost, restricted, done = fleet.claim([0, 1, 2])
    fleet.finish(
        lost.run_id,
        RunReport.failure(ErrorClass.RETRYABLE, "phone went away", error_code="device_lost"),
    )
    fleet.finish(
        restricted.run_id,
        RunReport.failure(ErrorClass.DEVICE, "restricted", error_code="account_restricted"),
    )
    fleet.finish(done.run_id)
    found = cli.json("records", "--batch", str(batch["batch"]), "--code", "device_lost")
    assert [(r["id"], r["error_code"]) for r in found] == [(lost.run_id, "device_lost")]
    everything = cli.json("records", "--batch", str(batch["batch"]))
    assert {r["id"]: r["error_code"] for r in everything} == {
        lost.run_id: "device_lost",
        restricted.run_id: "account_restricted",
        done.run_id: None,
    }
    code, out, _ = cli("records", "--code", "account_restricted")
    assert code == 0
    assert "account_restricted" in out
    assert "device_lost" not in out


def test_bad_arguments_give_one_line_and_write_nothing(cli: Cli, engine: Engine) -> None:
    build_fleet(engine)
    cases = [
        (["submit", "collect.nothing"], "unknown flow 'collect.nothing'"),
        (["submit", "collect.titles", "--param", "creator=a", "--param", "count=lots"],
         "parameter 'count'"),
        (["submit", "collect.titles", "--param", "nonsense"], "expected KEY=VALUE"),
        (["submit", "collect.titles"], "parameter 'creator'"),
        (["submit", "collect.titles", "--param", "creator=a", "--priority", "12"], "priority"),
        (["submit", "collect.titles", "--param", "creator=a", "--devices", "NOPE"], "'NOPE'"),
        (["submit", "collect.comments", "--param", "creator=a", "--map", "title=title"],
         "--map needs --after"),
        (["submit", "collect.titles", "--param", "creator=a", "--mode", "diagonal"],
         "invalid choice"),
        (["submit", "device.health", "--mode", "spread", "--successes", "9"], "only 3"),
        (["status", "4242"], "no batch 4242"),
        (["stop", "4242"], "no batch 4242"),
        (["stop", "--device", "GHOST"], "'GHOST'"),
        (["records", "--status", "sideways"], "--status 'sideways'"),
        (["records", "--since", "yesterday-ish"], "--since 'yesterday-ish'"),
        (["records", "--code", "Device Lost"], "--code 'Device Lost'"),
    ]  # fmt: skip
    for args, expected in cases:
        code, out, err = cli(*args)
        assert code != 0, args
        lines = err.strip().splitlines()
        assert len(lines) == 1, (args, err)
        assert expected in lines[0], (args, lines[0])
        assert "Traceback" not in err
    assert table_rows(engine, "pool_batches") == 0
    assert table_rows(engine, "pool_tasks") == 0


def test_mapping_is_checked_against_both_flows(cli: Cli, engine: Engine) -> None:
    build_fleet(engine)
    upstream = cli.json("submit", "collect.titles", "--param", "creator=a")["batch"]
    code, _, err = cli("submit", "collect.comments", "--param", "creator=a",
                       "--after", str(upstream), "--map", "headline=title")  # fmt: skip
    assert code != 0
    assert "'headline' is not a field of collect.titles's output items" in err
    code, _, err = cli("submit", "collect.comments", "--param", "creator=a",
                       "--after", str(upstream), "--map", "title=subject")  # fmt: skip
    assert "no parameter 'subject'" in err
    ok = cli.json("submit", "collect.comments", "--param", "creator=a",
                  "--after", str(upstream), "--map", "title=title")  # fmt: skip
    assert (ok["after"], ok["map"]) == (upstream, {"title": "title"})


PIPELINE = """
name: alice-comments
stages:
  - name: titles
    flow: collect.titles
    params: {creator: alice, count: 5}
  - name: comments
    flow: collect.comments
    map: {title: title}
    params: {creator: alice}
    priority: 3
  - flow: device.health
    mode: each-device
"""


def test_pipeline_file_submits_every_stage_in_order(
    cli: Cli, engine: Engine, tmp_path: Path
) -> None:
    build_fleet(engine)
    path = tmp_path / "pipeline.yaml"
    path.write_text(PIPELINE, encoding="utf-8")
    result = cli.json("submit", "--pipeline", str(path))
    first, second, third = result["batches"]
    assert [s["batch"] for s in result["stages"]] == [first, second, third]
    assert result["stages"][1]["after"] == first
    assert result["stages"][1]["map"] == {"title": "title"}
    assert result["stages"][2]["after"] == second
    assert result["stages"][2]["state"] == "waiting"
    assert result["stages"][2]["tasks"]["queued"] == 3  # one per phone, waiting
    broken = tmp_path / "broken.yaml"
    broken.write_text(PIPELINE.replace("count: 5", "count: -1"), encoding="utf-8")
    code, _, err = cli("submit", "--pipeline", str(broken))
    assert code != 0
    assert "stage 1 (collect.titles): parameter 'count'" in err
    assert table_rows(engine, "pool_batches") == 3  # the broken file added nothing


def test_operator_controls(cli: Cli, engine: Engine) -> None:
    fleet = build_fleet(engine)
    batch = cli.json("submit", "collect.titles", "--param", "creator=a", "--count", "3")["batch"]
    code, out, _ = cli("pause", str(batch))
    assert code == 0
    assert "paused" in out
    assert fleet.claim() == []
    assert cli("resume", str(batch))[0] == 0
    assert cli("drain", "--device", "SER000")[0] == 0
    assert {c.device_id for c in fleet.claim()} == set(fleet.devices[1:])
    code, out, _ = cli("stop", "--device", "SER001")
    assert code == 0
    assert "goes back to the pool" in out
    assert fleet.polls()[0].reason.startswith("phone SER001 stopped by ")
    assert cli("resume", "--device", "SER000")[0] == 0
    task = fleet.tasks(batch)[2]
    code, out, _ = cli("stop", "--task", str(task.id))
    assert code == 0
    assert f"task {task.id} stopped" in out
    code, out, _ = cli("stop", str(batch))
    assert code == 0
    assert "running attempts are told to stop" in out
    assert fleet.status(batch).state == "stopped"
    assert fleet.task(task.id).state == TaskState.CANCELLED
    code, _, err = cli("stop", str(batch), "--device", "SER000")
    assert code != 0
    assert "exactly one" in err


def test_resume_ignore_health_lets_a_hot_phone_run_until_it_recovers(
    cli: Cli, engine: Engine
) -> None:
    fleet = build_fleet(engine)
    assert cli("drain", "--device", "SER000")[0] == 0
    code, out, _ = cli("resume", "--device", "SER000", "--ignore-health")
    assert code == 0
    assert "whatever its temperature and battery" in out
    assert fleet.tx(lambda s: health_override_of(s, "SER000"))
    fleet.submit(flow="collect.titles", params={"creator": "a"}, count=3)
    assert fleet.devices[0] in {c.device_id for c in fleet.claim()}  # drained no more
    code, _, err = cli("resume", "1", "--ignore-health")
    assert code != 0
    assert "--ignore-health" in err
    code, _, err = cli("resume", "--device", "GHOST", "--ignore-health")
    assert code != 0
    assert "'GHOST'" in err


def test_submit_roster_grow_takes_phones_that_join(cli: Cli, engine: Engine) -> None:
    fleet = build_fleet(engine)
    grows = cli.json("submit", "device.health", "--mode", "each-device", "--roster", "grow")
    fixed = cli.json("submit", "device.health", "--mode", "each-device")
    newcomer = fleet.add_device("SER-NEW")
    fleet.tx(lambda s: join_growing_batches(s, fleet.devices[newcomer]))
    assert [c.batch_id for c in fleet.claim([newcomer])] == [grows["batch"]]
    assert len(fleet.tasks(fixed["batch"])) == 3
    code, _, err = cli("submit", "device.health", "--count", "2", "--roster", "grow")
    assert code != 0
    assert "roster: only an each-device batch grows" in err
    assert len(err.strip().splitlines()) == 1


def test_records_export_writes_the_workbook(
    cli: Cli, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fleet = build_fleet(engine)
    fleet.submit(flow="collect.comments", params={"creator": "c001", "title": "猫"}, count=2)
    first, second = fleet.claim()
    fleet.emit(first.run_id, ("1", {"author": "a", "text": "x" * 40_000, "likes": 1}))
    for claim in (first, second):
        fleet.finish(claim.run_id)
    monkeypatch.setenv("FLEETDECK_TIME_ZONE", "Asia/Tokyo")
    target = tmp_path / "records.xlsx"
    code, out, err = cli("records", "--export", str(target))
    assert code == 0, err
    assert "exported 2 attempt(s) and 1 output item(s)" in out
    assert "1 cell(s) held more than Excel's 32,767 characters" in out
    book = load_workbook(target)
    assert book.sheetnames == ["Attempts", "collect.comments"]
    header = [cell.value for cell in book["collect.comments"][1]]
    assert {"Creator", "Video title", "author", "text", "collected at (Asia/Tokyo)"} <= set(header)
    monkeypatch.setenv("FLEETDECK_TIME_ZONE", "Mars/Olympus")
    code, out, err = cli("records", "--export", str(target))
    assert code != 0
    assert "time_zone" in err
    assert "Mars/Olympus" in err
    assert len(err.strip().splitlines()) == 1
    monkeypatch.delenv("FLEETDECK_TIME_ZONE")
    code, _, err = cli("records", "--export", str(tmp_path / "records.csv"))
    assert code != 0
    assert "must end in .xlsx" in err


def test_a_real_process_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    database = tmp_path / "cli.db"
    url = f"sqlite:///{database}"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", url, "submit", "collect.titles",
         "--param", "count=7"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "parameter 'creator'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()  # refused before the database was opened
