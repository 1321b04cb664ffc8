"""Failure evidence reaches every PC: a worker process on host A fails on a simulated
phone, host B's record details show its screenshot, hierarchy, the frames before the
failure (playing) and log from the shared
MariaDB; and an S3 store that goes away mid-run loses nothing once it is back."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QColor, QMovie
from sqlalchemy import make_url

from app.artifact_setup import open_artifacts
from app.controllers.db_executor import DbExecutor
from app.controllers.records_controller import wire_records
from app.settings import Settings
from app.submission import spec_for
from db.artifacts.store import ArtifactKind, ArtifactState, sha256_of
from db.engine import open_engine
from db.migrate import upgrade
from db.pool.export import export_records
from db.pool.records import query_records
from db.pool.states import ErrorClass, RunStatus
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from db.pool.values import RecordFilter
from tests.support.s3 import ACCESS_KEY, SECRET_KEY
from ui.records.record_data import RecordFilter as ViewFilter
from ui.records.record_view import RecordView
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from db.artifacts.s3 import S3Location
    from db.pool.values import Record
    from tests.support.s3 import S3Server
    from workers.sim.adb_host import AdbServer
    from workers.sim.fleet import PhoneInfo, SimFleet
    from workers.sim.simvideo.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = {
    ArtifactKind.SCREENSHOT, ArtifactKind.HIERARCHY, ArtifactKind.FRAMES, ArtifactKind.LOG,
}  # fmt: skip


def submit_missing_video(engine: Engine, catalog: Catalog, count: int = 1) -> int:
    """Tasks that fail as fatal (video_not_found) after one page of the creator's list."""
    creator = next(c for c in catalog.creators if len(c.videos) >= 8)
    params = {"creator": creator.id, "title": "no such video 不存在", "scan_limit": 1}
    spec = spec_for(
        load_catalog().flow("collect.comments"), params, submitted_by="e2e", count=count
    )
    return int(run_transaction(engine, lambda s: submit_batch(s, spec)))


def records_of(engine: Engine, batch: int) -> list[Record]:
    found = run_transaction(engine, lambda s: query_records(s, RecordFilter(batch=batch)))
    return sorted(found, key=lambda r: r.id)


def finished(engine: Engine, batch: int, count: int) -> bool:
    done = [r for r in records_of(engine, batch) if r.status is not RunStatus.RUNNING]
    return len(done) >= count


@pytest.mark.mariadb
def test_a_failure_on_host_a_shows_its_evidence_in_host_b_details(
    mariadb_engine: Engine,
    sim_adb_server: AdbServer,
    sim_catalog: Catalog,
    sim_fleet: SimFleet,
    sim_phone_factory: Callable[..., PhoneInfo],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    engine = mariadb_engine
    phone = sim_phone_factory()
    # Which account a new phone starts with depends on how many phones earlier tests
    # added; a restricted one would fail the flow with another error: log in a good one.
    usable = next(a for a in sim_catalog.accounts if not a.restricted)
    sim_fleet.login(phone.index, usable.id)
    batch = submit_missing_video(engine, sim_catalog)
    url = engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "FLEETDECK_ADB_PORT": str(sim_adb_server.port),
        "FLEETDECK_DATA_DIR": str(tmp_path / "host-a"),
        "FLEETDECK_HOST_NAME": "host-a",
        "FLEETDECK_HEARTBEAT_SECONDS": "1",
    }
    host_a = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", url, "worker", "--devices",
         phone.serial, "--until-idle", "--max-seconds", "120"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert host_a.returncode == 0, host_a.stderr[-2000:]
    (record,) = records_of(engine, batch)
    assert (record.host, record.error_class, record.error_code) == (
        "host-a",
        ErrorClass.FATAL,
        "video_not_found",
    )
    assert {a.kind for a in record.artifacts} >= EVIDENCE
    assert {a.state for a in record.artifacts} == {ArtifactState.STORED}
    # Host B: another PC (its own data dir, no spool of A's), the same MariaDB.
    settings_b = Settings(db=url, data_dir=tmp_path / "host-b", host_name="host-b")
    reader_b = open_artifacts(settings_b, engine).reader
    view = RecordView(page_size=20)
    qtbot.addWidget(view)
    db = DbExecutor(engine)
    controller = wire_records(view, db, engine, reader_b)
    try:
        view.search(ViewFilter(batch_id=batch))
        qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
        view.table.selectRow(0)
        qtbot.waitUntil(lambda: f"#{record.id} " in view.details.heading.text(), timeout=10_000)
        pane = view.details
        picture = pane.screenshot.pixmap()
        assert not picture.isNull()
        assert picture.height() > 100
        assert picture.toImage().pixelColor(5, picture.height() // 2) != QColor("black")
        assert "com.fleetdeck.simvideo" in pane.hierarchy.toPlainText()
        log_text = pane.log.toPlainText()
        assert "step: " in log_text
        assert "video_not_found" in log_text
        assert "video_not_found" in pane.failure.text()
        assert "not shown" not in pane.screenshot_note.text() + pane.log_note.text()
        # The seconds before the failure play in B's details, from A's phone.
        movie = pane.movie
        assert movie is not None
        assert movie.isValid()
        assert movie.frameCount() >= 1
        assert movie.state() is QMovie.MovieState.Running
        shown = pane.frames.movie().currentImage()
        assert shown.height() > 100
        assert "not shown" not in pane.frames_note.text()
    finally:
        controller.shutdown()
        db.shutdown()


def test_an_s3_store_that_goes_away_mid_run_loses_nothing(
    tmp_path: Path,
    sim_catalog: Catalog,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    s3_server: S3Server,
    s3_bucket: S3Location,
    qtbot: QtBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    engine = open_engine(make_url(f"sqlite:///{tmp_path / 'pool.db'}"))
    upgrade(engine)
    phone = sim_phone_factory()
    s3 = {
        "artifact_store": "s3",
        "s3_endpoint": s3_bucket.endpoint,
        "s3_bucket": s3_bucket.bucket,
        "s3_region": s3_bucket.region,
        "s3_access_key": ACCESS_KEY,
        "s3_secret_key": SECRET_KEY,
    }
    host = start_host(engine, name="pc-s3", devices={phone.serial}, **s3)
    durations: dict[str, list[float]] = {"up": [], "away": []}
    store = {"now": "up"}
    host.agent.attempt_finished.connect(
        lambda _l, _r, _w, seconds: durations[store["now"]].append(round(seconds, 2))
    )
    first = submit_missing_video(engine, sim_catalog)
    qtbot.waitUntil(lambda: finished(engine, first, 1), timeout=90_000)
    s3_server.stop()  # the store goes away
    store["now"] = "away"
    batch = submit_missing_video(engine, sim_catalog, count=3)
    qtbot.waitUntil(lambda: finished(engine, batch, 3), timeout=120_000)
    away = records_of(engine, batch)
    assert all(r.error_code == "video_not_found" for r in away)
    waiting = [a for r in away for a in r.artifacts]
    assert len(waiting) >= 3 * len(EVIDENCE)
    assert {a.state for a in waiting} == {ArtifactState.WAITING}
    assert host.artifacts.uploader.status().failing_since is not None
    print(f"\nattempt seconds, store up: {durations['up']}, store away: {durations['away']}")
    s3_server.start()  # and comes back
    host.artifacts.uploader.poke()
    qtbot.waitUntil(
        lambda: all(
            a.state is ArtifactState.STORED for r in records_of(engine, batch) for a in r.artifacts
        ),
        timeout=60_000,
    )
    reader = open_artifacts(
        Settings(db=str(engine.url), data_dir=tmp_path / "elsewhere", **s3), engine
    ).reader
    for artifact in (
        a for r in records_of(engine, batch) + records_of(engine, first) for a in r.artifacts
    ):
        data = reader.read(artifact.id).data
        assert sha256_of(data) == artifact.sha256
    assert host.artifacts.spool.depth() == 0
    shown = caplog.text + json.dumps([r.to_json() for r in records_of(engine, batch)], default=str)
    assert "not uploaded yet" in caplog.text  # the outage was noticed and logged...
    assert SECRET_KEY not in shown  # ...without the credential


def test_a_phone_without_network_fails_with_its_network_state_and_trail_on_the_record(
    engine: Engine,
    sim_fleet: SimFleet,
    sim_catalog: Catalog,
    sim_phone_factory: Callable[..., PhoneInfo],
    start_host: Callable[..., Any],
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    phone = sim_phone_factory()
    sim_fleet.set_health(phone.index, battery_level=37, temperature_c=36.5)
    start_host(engine, name="pc-net", devices={phone.serial})
    creator = next(c for c in sim_catalog.creators if len(c.videos) >= 3)
    flow = load_catalog().flow("collect.titles")

    def submit() -> int:
        params = {"creator": creator.id, "count": 2}
        spec = spec_for(flow, params, submitted_by="e2e", max_attempts=1)
        return int(run_transaction(engine, lambda s: submit_batch(s, spec)))

    working = submit()
    qtbot.waitUntil(lambda: finished(engine, working, 1), timeout=90_000)
    sim_fleet.set_network(phone.index, False)  # adb still reaches the phone
    offline = submit()
    qtbot.waitUntil(lambda: finished(engine, offline, 1), timeout=90_000)
    sim_fleet.set_network(phone.index, True)
    (ok,) = records_of(engine, working)
    (failed,) = records_of(engine, offline)
    assert ok.status is RunStatus.SUCCEEDED, (ok.error_code, ok.message, ok.step)
    assert ok.failure_report is None
    assert (failed.error_class, failed.error_code) == (ErrorClass.RETRYABLE, "network_error")
    report = failed.failure_report
    assert report is not None
    assert (report["network_connected"], report["reachable"], report["adb_state"]) == (
        False,
        True,
        "device",
    )
    assert report["foreground_package"] == "com.fleetdeck.simvideo"
    assert report["battery_level"] == 37
    assert report["battery_temp_c"] == 36.5
    trail = report["breadcrumbs"]
    assert 0 < len(trail) <= 20
    assert all({"at", "call", "duration_ms", "outcome"} == set(c) for c in trail)
    assert trail[-1]["call"] == "dump hierarchy"  # the look that found the notice
    # Filtering by code finds exactly that record; the export has the code column.
    by_code = run_transaction(
        engine, lambda s: query_records(s, RecordFilter(error_code="network_error"))
    )
    assert [r.id for r in by_code] == [failed.id]
    path = tmp_path / "records.xlsx"
    export_records(engine, RecordFilter(error_code="network_error"), path)
    sheet = load_workbook(path)["Attempts"]
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[header.index("error code")] for row in rows] == ["network_error"]
    # The attempt's log lists its steps and every driver call.
    log_ref = next(a for a in failed.artifacts if a.kind is ArtifactKind.LOG)
    settings = Settings(db=str(engine.url), data_dir=tmp_path / "pc-net", host_name="pc-net")
    log_text = open_artifacts(settings, engine).reader.read(log_ref.id).data.decode()
    assert "step: search for the creator" in log_text
    assert "call dump hierarchy: " in log_text
    assert "phone at failure: adb device, network off" in log_text
