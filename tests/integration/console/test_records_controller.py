"""The record viewer on a real pool: pages by key, every filter, details with real files,
and the filter choices (SQLite and MariaDB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtGui import QColor, QImage

from app.controllers import record_mapping, records_controller
from db import fleet as fleet_repo
from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.pool.records import record_by_id
from db.pool.states import ErrorClass
from db.pool.values import RunReport
from tests.integration.console.conftest import PAGE_SIZE, attempt, keep_evidence, set_started
from ui.records.record_data import Outcome, RecordFilter, TimePreset

if TYPE_CHECKING:
    from pathlib import Path

    from db.artifacts.reader import ArtifactReader
    from tests.integration.console.conftest import Viewer
    from tests.support.pool import Fleet


def test_pages_arrive_newest_first_and_show_every_record_once(viewer: Viewer, fleet: Fleet) -> None:
    made = [attempt(fleet, i % 3) for i in range(2 * PAGE_SIZE + 5)]
    rows = viewer.search()
    assert [row.record_id for row in rows] == sorted(made, reverse=True)
    assert len(viewer.queries) == 3  # three pages of 10, 10 and 5
    first, *later = viewer.queries
    assert first.after is None
    assert [q.after[1] for q in later] == [rows[PAGE_SIZE - 1].record_id, rows[-6].record_id]
    assert viewer.view.model.total == len(made)  # a small filter's count is exact
    assert "25 of 25 records shown" in viewer.view.count_label.text()


def test_rows_carry_what_the_table_shows(viewer: Viewer, fleet: Fleet) -> None:
    ok = attempt(fleet, 0, flow="collect.titles", author="alice", items=12)
    bad = attempt(
        fleet,
        1,
        flow="app.launch",
        report=RunReport.failure(ErrorClass.DEVICE, "账号受限", step="open"),
        host=fleet.with_host("rack-pc-2"),
    )
    running = attempt(fleet, 2, running=True)
    rows = {row.record_id: row for row in viewer.search()}
    assert (rows[ok].status, rows[ok].items, rows[ok].author_id) == ("succeeded", 12, "alice")
    assert (rows[ok].device, rows[ok].account, rows[ok].host) == ("SER000", "u0", "rack-pc-1")
    assert (rows[bad].status, rows[bad].error_class, rows[bad].message) == (
        "failed",
        "device",
        "账号受限",
    )
    assert rows[bad].host == "rack-pc-2"
    assert rows[bad].finished_at is not None
    assert rows[bad].started_at.tzinfo is not None
    assert (rows[running].status, rows[running].finished_at) == ("running", None)


def test_each_filter_narrows_to_the_records_it_names(viewer: Viewer, fleet: Fleet) -> None:
    other_pc = fleet.with_host("rack-pc-2")
    titles = attempt(fleet, 0, flow="collect.titles", author="alice")
    launch = attempt(fleet, 1, flow="app.launch", author="bob", host=other_pc)
    device = attempt(fleet, 2, report=RunReport.failure(ErrorClass.DEVICE, "restricted"))
    fatal = attempt(fleet, 0, report=RunReport.failure(ErrorClass.FATAL, "no such video"))
    stopped = attempt(fleet, 1, report=RunReport.failure(ErrorClass.CANCELLED, "operator"))
    running = attempt(fleet, 2, running=True)
    everything = {titles, launch, device, fatal, stopped, running}
    assert set(viewer.ids()) == everything
    assert viewer.ids(account="u1") == [stopped, launch]
    assert viewer.ids(author_id="bob") == [launch]
    assert viewer.ids(flow="app.launch") == [launch]
    assert viewer.ids(host="rack-pc-2") == [launch]
    assert viewer.ids(device="SER002") == [running, device]
    assert viewer.ids(outcome=Outcome.FAILED) == [fatal, device]
    assert viewer.ids(outcome=Outcome.SUCCEEDED) == [launch, titles]
    assert viewer.ids(outcome=Outcome.RUNNING) == [running]
    assert viewer.ids(error_class="fatal") == [fatal]
    assert viewer.ids(error_class="cancelled") == [stopped]
    # The error class is the more specific: it wins over a contradicting outcome.
    assert viewer.ids(outcome=Outcome.SUCCEEDED, error_class="device") == [device]
    batch_of_fatal = fleet.run(fatal).batch_id
    assert viewer.ids(batch_id=batch_of_fatal) == [fatal]
    assert viewer.ids(account="u1", outcome=Outcome.SUCCEEDED) == [launch]
    assert viewer.ids(account="nobody") == []


def test_a_phone_is_found_by_its_label_too(viewer: Viewer, fleet: Fleet) -> None:
    first = attempt(fleet, 1)
    attempt(fleet, 0)
    second = attempt(fleet, 1)
    fleet.tx(lambda s: fleet_repo.set_label(s, "SER001", "A排-02"))
    assert viewer.ids(device="A排-02") == [second, first]
    assert viewer.ids(device="SER001") == [second, first]
    assert viewer.ids(device="no-such-phone") == []


def test_the_time_range_keeps_attempts_started_inside_it(viewer: Viewer, fleet: Fleet) -> None:
    now = datetime.now(UTC)
    old, yesterday, recent = (attempt(fleet, i) for i in range(3))
    set_started(fleet.engine, old, now - timedelta(days=10))
    set_started(fleet.engine, yesterday, now - timedelta(days=1, hours=2))
    set_started(fleet.engine, recent, now - timedelta(minutes=5))
    local = now.astimezone()  # the bar sends local, timezone-aware times
    assert viewer.ids(since=local - timedelta(hours=1), preset=TimePreset.LAST_HOUR) == [recent]
    assert viewer.ids(since=local - timedelta(days=7)) == [recent, yesterday]
    assert viewer.ids(
        since=local - timedelta(days=11), until=local - timedelta(days=1), preset=TimePreset.CUSTOM
    ) == [yesterday, old]


def test_details_show_params_items_log_and_the_decoded_screenshot(
    viewer: Viewer, fleet: Fleet, reader: ArtifactReader, tmp_path: Path
) -> None:
    picture = QImage(90, 200, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2e86de"))
    assert picture.save(str(tmp_path / "failure.png"))
    failure = RunReport.failure(
        ErrorClass.RETRYABLE, "comment list did not appear", step="open comments"
    )
    run = attempt(fleet, 0, author="小厨娘", items=4, report=failure)
    evidence = {
        ArtifactKind.SCREENSHOT: (tmp_path / "failure.png").read_bytes(),
        ArtifactKind.HIERARCHY: '<hierarchy><node text="评论"/></hierarchy>'.encode(),
        ArtifactKind.LOG: "open app\n点击 评论\ntap failed: no list\n".encode(),
    }
    store = reader.backend("db")
    refs = keep_evidence(fleet, run, evidence, upload_to=store, spool=Spool(tmp_path / "pc-a"))
    viewer.search()
    viewer.open_details(run)
    pane = viewer.view.details
    params = [pane.params_model.index(r, 1).data() for r in range(pane.params_model.rowCount())]
    assert "小厨娘" in params
    assert pane.items_model.rowCount() == 4
    assert pane.tabs.tabText(1) == "Items (4)"
    assert "open comments" in pane.failure.text()
    assert "retryable" in pane.failure.text()
    assert pane.log.toPlainText().splitlines() == ["open app", "点击 评论", "tap failed: no list"]
    assert "评论" in pane.hierarchy.toPlainText()
    shown = pane.screenshot.pixmap().toImage()
    assert (shown.width(), shown.height()) == (90, 200)
    assert shown.pixelColor(45, 100) == QColor("#2e86de")
    assert refs[0].id in pane.screenshot_note.text()
    assert "stored" in pane.screenshot_note.text()
    assert "not shown" not in pane.log_note.text()


def test_details_of_many_items_show_the_first_few_hundred_and_the_total(
    viewer: Viewer, fleet: Fleet
) -> None:
    run = attempt(fleet, 0, items=350)
    viewer.search()
    viewer.open_details(run)
    pane = viewer.view.details
    assert pane.items_model.rowCount() == 300
    assert pane.tabs.tabText(1) == "Items (300 of 350)"
    assert pane.items_model.index(0, 0).data() == "视频 0"  # in the order they were emitted


def test_artifacts_not_reachable_here_give_empty_fields_and_say_why(
    viewer: Viewer, fleet: Fleet, tmp_path: Path
) -> None:
    run = attempt(fleet, 0, report=RunReport.failure(ErrorClass.FATAL, "video deleted"))
    evidence = {ArtifactKind.SCREENSHOT: b"\x89PNG...", ArtifactKind.LOG: b"step: open\n"}
    # Made on another PC and not uploaded yet: in its spool, not in this PC's.
    keep_evidence(fleet, run, evidence, host_name="rack-pc-2", spool=Spool(tmp_path / "pc-b"))
    viewer.search()
    viewer.open_details(run)
    pane = viewer.view.details
    assert pane.screenshot.text() == "The screenshot could not be read."
    assert "waiting for upload" in pane.screenshot_note.text()
    assert "rack-pc-2" in pane.screenshot_note.text()
    assert pane.hierarchy.toPlainText() == "No hierarchy was saved."
    assert pane.hierarchy_note.text() == ""
    assert pane.log.toPlainText() == "No log lines."
    assert "video deleted" in pane.failure.text()


def test_filter_choices_list_what_exists(viewer: Viewer, fleet: Fleet) -> None:
    attempt(fleet, 0, flow="collect.titles")
    batch = fleet.submit(flow="app.launch", params={})
    fleet.tx(lambda s: fleet_repo.set_label(s, "SER002", "B排-07"))
    viewer.controller.refresh_choices()
    bar = viewer.view.filter_bar

    def offered(combo: object) -> list[str]:
        return [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]

    # Until the refresh after the submit has answered: a read the viewer started
    # before it may land first and see the new flow but not yet the new batch (READ
    # COMMITTED reads each table as committed when it gets to it).
    viewer.qtbot.waitUntil(
        lambda: "app.launch" in offered(bar.flow) and offered(bar.batch)[:1] == [str(batch)],
        timeout=10_000,
    )
    assert offered(bar.flow) == ["app.launch", "collect.titles"]
    assert offered(bar.host) == ["rack-pc-1"]
    assert offered(bar.device) == ["B排-07", "SER000", "SER001", "SER002"]
    assert offered(bar.account) == ["u0", "u1", "u2"]
    assert offered(bar.batch)[0] == str(batch)  # newest first
    assert len(offered(bar.batch)) == 2


def test_past_the_count_cap_the_total_is_left_unknown(
    viewer: Viewer, fleet: Fleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_mapping, "COUNT_CAP", 12)
    fatal = RunReport.failure(ErrorClass.FATAL, "gone")
    for i in range(13):
        attempt(fleet, i % 3, report=fatal if i < 2 else None)
    assert len(viewer.search()) == 13
    assert viewer.view.model.total is None
    assert viewer.view.count_label.text() == "13 records shown"
    # 11 succeeded: more than a page, so counted, and under the cap.
    assert len(viewer.search(outcome=Outcome.SUCCEEDED)) == 11
    assert viewer.view.model.total == 11
    assert viewer.view.count_label.text() == "11 of 11 records shown"


def test_details_asked_for_in_quick_succession_load_only_the_newest(
    viewer: Viewer, fleet: Fleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = [attempt(fleet, i % 3, items=1) for i in range(4)]
    read: list[int] = []

    def spy(session: Any, run_id: int, **options: Any) -> Any:
        read.append(run_id)
        return record_by_id(session, run_id, **options)

    monkeypatch.setattr(records_controller, "record_by_id", spy)
    viewer.search()
    for run in runs:  # the operator runs the cursor down the table
        viewer.view.details_requested.emit(run)
    viewer.open_details(runs[-1])
    assert read == [runs[0], runs[-1]]


def test_a_page_that_cannot_be_read_says_why(viewer: Viewer, fleet: Fleet) -> None:
    run = attempt(fleet, 0)
    viewer.view.search(RecordFilter(error_class="bogus"))  # no such class: the pool refuses
    viewer.qtbot.waitUntil(lambda: not viewer.view.model.loading, timeout=10_000)
    text = viewer.view.count_label.text()
    assert text.startswith("Records could not be loaded: Result: bogus is not one of")
    assert viewer.ids() == [run]  # and the next search works
