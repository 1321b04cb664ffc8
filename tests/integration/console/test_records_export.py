"""Excel export from the record viewer: the current filter, in the background, with
progress, and a cancel that leaves no file (SQLite and MariaDB)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from PySide6.QtCore import Qt

from app.bench.export import seed_records
from db.pool.states import ErrorClass
from db.pool.values import RecordFilter as PoolFilter
from db.pool.values import RunReport
from tests.integration.console.conftest import attempt
from ui.records.record_data import Outcome, RecordFilter
from workers.export_worker import CANCELLED_MESSAGE, ExportThread

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from tests.integration.console.conftest import Viewer
    from tests.support.pool import Fleet


def test_export_writes_the_filtered_attempts_and_their_items(
    viewer: Viewer, fleet: Fleet, tmp_path: Path
) -> None:
    wanted = attempt(fleet, 0, flow="collect.titles", items=3)
    attempt(fleet, 1, flow="app.launch")
    failed = attempt(
        fleet, 2, flow="collect.titles", report=RunReport.failure(ErrorClass.FATAL, "gone")
    )
    path = tmp_path / "titles.xlsx"
    view = viewer.view
    view.search(RecordFilter(flow="collect.titles"))
    progress: list[tuple[int, int]] = []
    viewer.controller.export_progress.connect(lambda done, total: progress.append((done, total)))
    with viewer.qtbot.waitSignal(viewer.controller.export_finished, timeout=20_000) as done:
        viewer.export_to(str(tmp_path / "titles"))  # the view adds ".xlsx"
    assert done.args == [str(path), 2]
    assert progress[-1] == (2, 2)
    assert not view.export_bar.running
    assert view.export_bar.status.text() == f"Exported 2 records to {path}"
    book = load_workbook(path, read_only=True)
    attempts = list(book["Attempts"].iter_rows(values_only=True))
    header = attempts[0]
    listed = {row[header.index("attempt id")]: row for row in attempts[1:]}
    assert set(listed) == {wanted, failed}
    assert listed[failed][header.index("error class")] == "fatal"
    assert "started at (Asia/Shanghai)" in header  # the console's layout and zone
    outputs = list(book["collect.titles"].iter_rows(values_only=True))
    titles = [row[outputs[0].index("title")] for row in outputs[1:]]
    assert titles == ["视频 0", "视频 1", "视频 2"]
    assert {"Creator", "comment_count", "video_key"} <= set(outputs[0])  # the flow's columns
    book.close()


def test_export_follows_the_status_filter(viewer: Viewer, fleet: Fleet, tmp_path: Path) -> None:
    attempt(fleet, 0)
    failed = attempt(fleet, 1, report=RunReport.failure(ErrorClass.RETRYABLE, "flaky"))
    path = tmp_path / "failed.xlsx"
    with viewer.qtbot.waitSignal(viewer.controller.export_finished, timeout=20_000) as done:
        viewer.view.export_requested.emit(RecordFilter(outcome=Outcome.FAILED), str(path))
    assert done.args == [str(path), 1]
    book = load_workbook(path, read_only=True)
    ids = [row[0] for row in book["Attempts"].iter_rows(min_row=2, values_only=True)]
    book.close()
    assert ids == [failed]


def test_cancel_in_mid_export_stops_it_and_leaves_no_file(
    viewer: Viewer, engine: Engine, tmp_path: Path
) -> None:
    seed_records(engine, 2000)  # four pages of 500: the first progress comes long before the end
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "all.xlsx"
    view = viewer.view
    progress: list[tuple[int, int]] = []

    def cancel_on_first_progress(done: int, total: int) -> None:
        progress.append((done, total))
        if len(progress) == 1:
            view.export_bar.cancel_button.click()

    viewer.controller.export_progress.connect(cancel_on_first_progress)
    with viewer.qtbot.waitSignal(viewer.controller.export_failed, timeout=30_000) as stopped:
        viewer.export_to(str(path))
    assert stopped.args == [CANCELLED_MESSAGE]
    assert progress[0] == (500, 2000)
    assert view.export_bar.status.text() == CANCELLED_MESSAGE
    assert not view.export_bar.running
    assert list(folder.iterdir()) == []


def test_cancel_before_the_export_starts_writes_nothing(
    viewer: Viewer, fleet: Fleet, tmp_path: Path
) -> None:
    attempt(fleet, 0)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "never.xlsx"
    with viewer.qtbot.waitSignal(viewer.controller.export_failed, timeout=20_000) as stopped:
        viewer.export_to(str(path))
        viewer.view.export_bar.cancel_button.click()
    assert stopped.args == [CANCELLED_MESSAGE]
    assert not viewer.controller.export_running
    assert list(folder.iterdir()) == []


def test_a_second_export_runs_once_the_first_is_done(
    viewer: Viewer, fleet: Fleet, tmp_path: Path
) -> None:
    attempt(fleet, 0)
    for name in ("one.xlsx", "two.xlsx"):
        with viewer.qtbot.waitSignal(viewer.controller.export_finished, timeout=20_000):
            viewer.view.export_requested.emit(RecordFilter(), str(tmp_path / name))
    assert (tmp_path / "one.xlsx").is_file()
    assert (tmp_path / "two.xlsx").is_file()


def test_an_export_to_a_missing_folder_says_so(viewer: Viewer, tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "x.xlsx"
    with viewer.qtbot.waitSignal(viewer.controller.export_failed, timeout=5000) as failed:
        viewer.view.export_requested.emit(RecordFilter(), str(path))
    assert failed.args == [f"Export: the folder {path.parent} does not exist"]


def test_progress_is_throttled_and_a_stop_takes_effect_before_the_next_page(
    qtbot: QtBot, engine: Engine, tmp_path: Path
) -> None:
    seed_records(engine, 2000)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "bulk.xlsx"
    slow = ExportThread(engine, PoolFilter(), str(path), progress_interval_s=3600)
    seen: list[tuple[int, int]] = []
    slow.progressed.connect(lambda d, t: seen.append((d, t)), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(slow.exported, timeout=30_000) as done:
        slow.start()
    slow.wait()
    assert done.args == [str(path), 2000]
    assert seen == [(500, 2000), (2000, 2000)]  # the first page and the last, nothing between
    path.unlink()
    stopping = ExportThread(engine, PoolFilter(), str(path))
    stopping.progressed.connect(
        lambda d, t: stopping.request_stop(), Qt.ConnectionType.DirectConnection
    )
    with qtbot.waitSignal(stopping.failed, timeout=30_000) as failed:
        stopping.start()
    stopping.wait()
    assert failed.args == [CANCELLED_MESSAGE]
    assert list(folder.iterdir()) == []
    assert [f for f in ALL_TEMP_FILES if os.path.exists(f)] == []  # openpyxl's own, too
