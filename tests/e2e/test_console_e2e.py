"""The console as an operator uses it, end to end: start simulated phones from the empty
grid, submit a batch through the new-batch dialog, watch the tiles change, stop one
phone from its tile, open its record, export the records and read the file back.

Everything is real: the window and its controllers, the host agent, the adb server,
uiautomator2, the simulated phones and the pool on SQLite and MariaDB.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest

from app.bootstrap import build_console
from app.settings import Settings
from db.pool.records import query_records
from db.pool.states import ErrorClass, RunStatus
from db.pool.status import batch_status
from db.pool.tx import run_transaction
from db.pool.values import RecordFilter
from ui.grid.phone_actions import PhoneAction
from ui.grid.phone_data import PhoneState, ResultKind
from ui.grid.phone_model import PhoneRole
from ui.main_window import PHONES_TAB, RECORDS_TAB
from ui.prompts import Prompts
from ui.records.record_data import RecordFilter as UiRecordFilter
from workers.device.adb import AdbServer
from workers.sim.adb_host import free_port
from workers.sim.apk import build_sim_apk

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from app.bootstrap import ConsoleRuntime

PHONES = 4


class OperatorAnswers(Prompts):
    """Answers the console's questions the way the operator in this test would."""

    def __init__(self, export_to: Path) -> None:
        self.export_to = export_to
        self.asked: list[str] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(text)
        return True

    def save_file(self, parent: Any, title: str, suggested: str, file_filter: str) -> str:
        return str(self.export_to)


@pytest.fixture
def console(engine: Engine, tmp_path: Path, qtbot: QtBot) -> Iterator[ConsoleRuntime]:
    port = free_port()  # its own adb server: only the phones this test starts
    settings = Settings(
        db=engine.url.render_as_string(hide_password=False),
        data_dir=tmp_path,
        adb_port=port,
        host_name="console-e2e",
        thumbnail_interval_ms=300,
        heartbeat_seconds=1.0,
    )
    answers = OperatorAnswers(tmp_path / "records.xlsx")
    runtime = build_console(settings, engine, prompts=answers)
    runtime.window.resize(1400, 900)
    runtime.window.show()
    qtbot.addWidget(runtime.window)
    try:
        yield runtime
    finally:
        runtime.shutdown()
        AdbServer(port).kill()


def tiles(runtime: ConsoleRuntime) -> dict[str, tuple[PhoneState, bool]]:
    """Each tile's state and whether it has a picture yet."""
    model = runtime.window.grid.model
    found = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        tile = index.data(PhoneRole.TILE)
        found[tile.serial] = (tile.state, not index.data(PhoneRole.THUMBNAIL).isNull())
    return found


def last_result_kind(runtime: ConsoleRuntime, serial: str) -> ResultKind | None:
    """How the phone's tile says its last task ended."""
    tile = runtime.window.grid.model.tile_for(serial)
    return None if tile is None else tile.last_result_kind


def test_operator_session(
    console: ConsoleRuntime, engine: Engine, qtbot: QtBot, tmp_path: Path
) -> None:
    window = console.window
    window.tabs.setCurrentIndex(PHONES_TAB)  # the window reopens on the tab it closed on
    # 1. No phones yet: the empty grid offers simulated ones.
    window.grid.simulated_phones_requested.emit(PHONES, 21)
    qtbot.waitUntil(lambda: len(tiles(console)) == PHONES, timeout=60_000)
    qtbot.waitUntil(
        lambda: all(
            state is PhoneState.IDLE and picture for state, picture in tiles(console).values()
        ),
        timeout=60_000,
    )
    # 2. A batch through the new-batch dialog: long comment collections, one per phone.
    catalog = console.sim.fleet.catalog
    creator, video = max(
        ((c, v) for c in catalog.creators for v in c.videos[:10]),
        key=lambda cv: cv[1].comment_count,
    )
    dialog = window.open_new_batch_dialog()
    dialog.choose_flow("collect.comments")
    dialog.form.set_value("creator", creator.id)
    dialog.form.set_value("title", video.title)
    dialog.form.set_value("max_comments", "2000")
    dialog.form.set_value("scan_limit", "10")
    dialog.settings.count_box.setValue(PHONES)
    dialog.name_edit.setText("评论采集 e2e")
    qtbot.waitUntil(lambda: not dialog.problems(), timeout=5_000)
    with qtbot.waitSignal(window.batch_submitted, timeout=5_000):
        dialog.accept_button().click()
    # 3. The tiles change: phones start running the flow.
    qtbot.waitUntil(
        lambda: any(state is PhoneState.RUNNING for state, _ in tiles(console).values()),
        timeout=60_000,
    )
    running = next(s for s, (state, _) in tiles(console).items() if state is PhoneState.RUNNING)
    # 4. Stop that phone from its tile.
    asked_at = time.monotonic()
    window.grid.trigger(PhoneAction.STOP, [running])
    qtbot.waitUntil(lambda: tiles(console)[running][0] is PhoneState.STOPPED, timeout=15_000)
    stopped_after = time.monotonic() - asked_at
    # Its tile says its task was stopped, in slate, not failed in red (issue 9).
    qtbot.waitUntil(
        lambda: last_result_kind(console, running) is ResultKind.STOPPED, timeout=15_000
    )
    cancelled = run_transaction(
        engine, lambda s: query_records(s, RecordFilter(device=running, status="cancelled"))
    )
    assert len(cancelled) == 1
    record = cancelled[0]
    assert record.error_class is ErrorClass.CANCELLED
    assert "console-e2e" in (record.error_message or "") + (record.stop_reason or "")
    print(f"\nstop from the tile -> tile shows stopped: {stopped_after * 1000:.0f} ms")
    # 5. Open its record in the record viewer.
    window.tabs.setCurrentIndex(RECORDS_TAB)
    window.records.search(UiRecordFilter(device=running))
    qtbot.waitUntil(lambda: window.records.model.rowCount() >= 1, timeout=10_000)
    window.records.table.selectRow(0)
    details = window.records.details
    qtbot.waitUntil(lambda: f"#{record.id}" in details.heading.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "stopped by" in details.log.toPlainText(), timeout=10_000)
    # 6. Export the records of this phone and read the workbook back.
    with qtbot.waitSignal(window.records.export_requested, timeout=5_000):
        window.records.export_bar.export_clicked.emit()
    export = tmp_path / "records.xlsx"
    qtbot.waitUntil(
        lambda: export.exists() and not window.records.export_bar.running, timeout=30_000
    )
    book = openpyxl.load_workbook(export, read_only=True)
    attempts = list(book.worksheets[0].iter_rows(values_only=True))
    header, rows = attempts[0], attempts[1:]
    ids = [row[header.index("attempt id")] for row in rows]
    assert record.id in ids
    everything = run_transaction(engine, lambda s: query_records(s, RecordFilter(device=running)))
    assert sorted(ids) == sorted(r.id for r in everything)
    # The other phones are still at work or done: nothing else was stopped.
    others = run_transaction(engine, lambda s: query_records(s, RecordFilter(status="cancelled")))
    assert [r.device for r in others] == [running]
    assert {r.status for r in everything} <= {RunStatus.CANCELLED, RunStatus.SUCCEEDED}
    # 7. Stop the whole batch from the task-pool editor, then roll an APK out to two
    #    phones from the grid (each-device: one task per phone).
    (batch_id,) = console.pool.batches
    window.pool.stop_requested.emit([batch_id])
    qtbot.waitUntil(
        lambda: all(state is not PhoneState.RUNNING for state, _ in tiles(console).values()),
        timeout=15_000,
    )

    # The batch's row counts what the pool counts: stopped work as cancelled, not failed.
    # Tasks whose flow was still stopping reach cancelled a moment later: compare the row
    # with the pool's own count as both settle, not with one early snapshot.
    def row_matches_pool() -> bool:
        nonlocal status
        status = run_transaction(engine, lambda s: batch_status(s, batch_id))
        console.pool.refresh()
        row = window.pool.model.batch(batch_id)
        return row is not None and (row.cancelled, row.failed) == (
            status.tasks.cancelled,
            status.tasks.failed,
        )

    status = run_transaction(engine, lambda s: batch_status(s, batch_id))
    qtbot.waitUntil(row_matches_pool, timeout=20_000)
    assert status.tasks.cancelled > 0
    apk = tmp_path / "farmtool.apk"
    apk.write_bytes(build_sim_apk("com.example.farmtool", "FarmTool"))
    targets = sorted(s for s in tiles(console) if s != running)[:2]
    window.grid.install_apk_requested.emit(targets, str(apk))
    qtbot.waitUntil(
        lambda: all(
            console.sim.fleet.inspect(  # type: ignore[union-attr]
                int(serial[-4:]) - 1, lambda phone: "com.example.farmtool" in phone.packages
            )
            for serial in targets
        ),
        timeout=60_000,
    )
    # 8. The simulated phones go away (as when the console restarts): their tiles turn
    #    offline, the grid offers to start them again, and the same phones come back.
    console.sim.shutdown()
    qtbot.waitUntil(
        lambda: all(state is PhoneState.OFFLINE for state, _ in tiles(console).values()),
        timeout=60_000,
    )
    bar = window.grid.offline_sims
    qtbot.waitUntil(lambda: bar.isVisibleTo(window.grid), timeout=10_000)
    assert f"{PHONES} simulated phone" in bar.text.text()
    bar.start_button.click()
    qtbot.waitUntil(
        lambda: all(
            state in (PhoneState.IDLE, PhoneState.STOPPED) for state, _ in tiles(console).values()
        ),
        timeout=60_000,
    )
    assert len(tiles(console)) == PHONES  # the same serials: no new tiles
    qtbot.waitUntil(lambda: not bar.isVisibleTo(window.grid), timeout=10_000)
