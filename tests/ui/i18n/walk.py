"""Drive the console's every view and dialog with sample data, and collect every text an
operator can read: widget texts, tooltips, placeholders, headers, menus, actions, the
questions asked. The language tests check what it collects."""

from __future__ import annotations

import dataclasses
import html
import re
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSpinBox,
    QTableView,
    QTabWidget,
    QWidget,
)
from sqlalchemy import make_url

from app.controllers.db_executor import DbExecutor
from app.controllers.flow_forms import flow_infos, make_validator
from app.controllers.grid_controller import GridController
from app.controllers.pool_controller import PoolController
from app.controllers.sim_controller import SimController
from db.engine import open_engine
from db.migrate import upgrade
from db.pool.reasons import parse_reason, reason
from tests.ui.conftest import ScriptedPrompts
from tests.ui.i18n.inspector_problems import problem_texts
from tests.ui.i18n.schedule_problems import schedule_problems
from ui.grid.phone_actions import PhoneAction
from ui.grid.phone_data import (
    PhoneState,
    PhoneTile,
    PoolSummary,
    ResultKind,
    TileThresholds,
    TileUpdate,
)
from ui.inspector.inspector_view import SELECTOR_EXAMPLE
from ui.inspector.screen_data import CandidateRow, Robustness, Screen, ScreenNode
from ui.main_window import POOL_TAB, RECORDS_TAB, MainWindow
from ui.pool.batch_model import BatchRole
from ui.records.error_codes import KNOWN_CODES
from ui.samples.phones import screen_image
from ui.samples.pool import sample_batches, sample_pipeline
from ui.samples.records import sample_details, sample_page
from ui.words import phone_state
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui.flow_fields import FlowInfo
    from workers.flows.catalog import FlowCatalog

FILE_NAME = re.compile(r"\S+\.(?:xlsx|csv|apk|db|png|xml)\b|\S*/\S+")
BAD_CSV = "creator,Titles,min_comments,colour\nmaomi_daily,30,100,red\ntravel_lin,abc,0,blue\n"


class WalkPrompts(ScriptedPrompts):
    """An operator who answers everything and lets the walk read every question."""

    def ask_text(self, parent: QWidget, title: str, label: str, current: str) -> str | None:
        self.asked.append(("ask_text", title, label))
        return self.text_answer


@dataclasses.dataclass
class Walk:
    """What the operator could read, and the data words that are not the console's own."""

    texts: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    data_words: set[str] = dataclasses.field(default_factory=set)

    def add(self, where: str, text: str) -> None:
        if text and text.strip():
            self.texts.append((where, text))

    def add_data(self, *values: object) -> None:
        for value in values:
            if isinstance(value, str) and value:
                self.data_words.add(value)

    def strip_data(self, text: str) -> str:
        """The text without tags, paths and file names, and without the data it shows
        (longest data first)."""
        # <code> quotes a worker's own words verbatim (data, as reported).
        text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        text = FILE_NAME.sub(" ", text)
        for word in sorted(self.data_words, key=len, reverse=True):
            text = text.replace(word, " ")
        return text


def walk_console(qtbot: QtBot, tmp_path: Path) -> Walk:
    """Open every view and dialog with data, do every prompting action, collect the texts."""
    walk = Walk()
    catalog = load_catalog()
    flows = flow_infos(catalog)
    prompts = WalkPrompts(text="x" * 80, save_path=str(tmp_path / "records.xlsx"))
    window = MainWindow(
        "9.9",
        "sqlite:///fleetdeck.db",
        "rack-pc-1",
        thresholds=TileThresholds(20, 42.0),
        validate=make_validator(catalog),
        prompts=prompts,
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    walk.add_data("9.9", "sqlite:///fleetdeck.db", "rack-pc-1")
    _remember_flows(walk, flows)
    _fail_simulated_start(qtbot, window)
    walk_widgets(walk, window)  # the empty grid: start simulated phones, and why not
    _fill_grid(walk, window)
    _fill_pool(walk, window, flows)
    _walk_prompts_of_grid(window, prompts, tmp_path)
    _walk_prompts_of_pool(window)
    _walk_refusals(qtbot, walk, window, catalog, tmp_path)
    walk_widgets(walk, window)
    for flow in flows:
        _walk_new_batch(qtbot, walk, window, flow.name)
    _walk_import(qtbot, walk, window, prompts, tmp_path)
    _walk_records(walk, window)
    _fill_inspector(walk, window)
    for text in problem_texts(window.inspector, catalog):  # data already taken out
        walk.add("inspector: a refused flow, selector or dry run", text)
    for text in schedule_problems(catalog):
        walk.add("new-batch dialog: a refused schedule", text)
    walk_widgets(walk, window)
    for kind, title, text in prompts.asked:
        walk.add(f"prompt {kind}: title", title)
        walk.add(f"prompt {kind}: text", text)
    window.close()
    return walk


def walk_widgets(walk: Walk, root: QWidget) -> None:
    """Collect the texts of ``root``, its children and its actions."""
    for widget in [root, *root.findChildren(QWidget)]:
        name = widget.objectName() or type(widget).__name__
        if widget.isWindow():
            walk.add(f"{name}: window title", widget.windowTitle())
        walk.add(f"{name}: tooltip", widget.toolTip())
        for where, text in _own_texts(widget):
            walk.add(f"{name}: {where}", text)
    for action in root.findChildren(QAction):
        walk.add(f"action {action.objectName()}: text", action.text())
        walk.add(f"action {action.objectName()}: tooltip", action.toolTip())


def _own_texts(widget: QWidget) -> Iterable[tuple[str, str]]:
    if isinstance(widget, QLabel):
        yield "text", widget.text()
    if isinstance(widget, QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QLineEdit):
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield f"item {index}", widget.itemText(index)
            tip = widget.itemData(index, Qt.ItemDataRole.ToolTipRole)
            yield f"item {index} tooltip", tip if isinstance(tip, str) else ""
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield f"tab {index}", widget.tabText(index)
    if isinstance(widget, QSpinBox):
        yield "suffix", widget.suffix()
        yield "prefix", widget.prefix()
    if isinstance(widget, QAbstractSpinBox):
        yield "special", widget.specialValueText()
    if isinstance(widget, QProgressBar):
        yield "format", widget.format()
    if isinstance(widget, QMenu):
        yield "title", widget.title()
    if isinstance(widget, QTableView) and widget.model() is not None:
        model = widget.model()
        for column in range(model.columnCount(QModelIndex())):
            header = model.headerData(column, Qt.Orientation.Horizontal)
            yield f"header {column}", header if isinstance(header, str) else ""


def _fill_inspector(walk: Walk, window: MainWindow) -> None:
    """A phone's screen in the inspector, a node selected, a selector tested, a flow typed."""
    view = window.inspector
    tab = ScreenNode(2, "android.widget.TextView", "发现", "app:id/tab", "", "app", (0, 0, 90, 40))
    frame = "android.widget.FrameLayout"
    top = ScreenNode(1, frame, "", "", "", "app", (0, 0, 90, 160), children=(tab,))
    root = ScreenNode(0, "", "", "", "", "", (0, 0, 0, 0), children=(top,))
    view.set_phones([("127.0.0.1:5555", "SimPhone 1 · 127.0.0.1:5555")])
    view.show_screen(Screen.of("127.0.0.1:5555", QImage(90, 160, QImage.Format.Format_RGB32), root))
    view.select_node(2)
    row = CandidateRow("resource_id", '{"id": "app:id/tab"}', 1, 1, Robustness.BEST, "", "")
    view.show_candidates(2, [row])
    view.show_matches("{text: 发现}", [2], "")
    view.editor.show_validation(False, "flow.yaml:4: steps[0].tapOn: bad", 4)
    view.editor.show_finished("stopped", "", "")
    walk.add_data(
        "127.0.0.1:5555", "SimPhone", "android.widget.TextView", "发现", "app:id/tab",
        "flow.yaml:4: steps[0].tapOn: bad", SELECTOR_EXAMPLE,
    )  # fmt: skip


def _remember_flows(walk: Walk, flows: Iterable[FlowInfo]) -> None:
    for flow in flows:
        walk.add_data(flow.name, *flow.item_fields)
        for spec in flow.fields:
            walk.add_data(spec.name, *spec.choices)
            if isinstance(spec.default, str):
                walk.add_data(spec.default)
    walk.add_data(*KNOWN_CODES)


def _fill_grid(walk: Walk, window: MainWindow) -> None:
    """One tile in every state, with every line a tile can show."""
    tiles = []
    for number, state in enumerate(PhoneState):
        tile = PhoneTile(
            serial=f"SER{number:04d}",
            state=state,
            label=f"A排-{number:02d}",
            rack_slot=f"1-{number}.2",
            account="maomi_daily" if number % 2 else "",
            host="rack-pc-1",
            flow="collect.titles" if number % 3 else "",
            step="read the video list" if number % 3 else "",
            last_result=("succeeded", "device", "cancelled", "")[number % 4],
            last_result_flow="collect.titles",
            last_result_at="12:03",
            last_result_kind=(
                ResultKind.of_result(("succeeded", "device", "cancelled")[number % 4])
                if number % 4 != 3
                else None
            ),
            battery_percent=None if number == 5 else 15 + 10 * number,
            temperature_c=None if number == 5 else 30.5 + 2 * number,
            capture_method="scrcpy",
            last_message=_TILE_MESSAGES[number % 4],
            last_reason=parse_reason(_TILE_MESSAGES[number % 4]),
            problem="profile page blank" if number % 3 == 0 else "",
            problem_code="page_blank" if number % 3 == 0 else "",
            attention=_ATTENTION if number % 3 == 0 else "",
            attention_reason=parse_reason(_ATTENTION) if number % 3 == 0 else None,
        )
        tiles.append(tile)
        walk.add_data(tile.serial, tile.label, tile.rack_slot, tile.account, tile.capture_method)
        # The worker's own words are data; the pool's reasons are the console's to word.
        walk.add_data("account restricted", "profile page blank", "ops@rack-pc-1")
        walk.add(f"tile {state}: state word", phone_state(state.value))
    window.grid.apply_updates(
        [TileUpdate(t.serial, t, screen_image(t.serial, n)) for n, t in enumerate(tiles[:4])]
        + [TileUpdate(t.serial, t) for t in tiles[4:]]
    )
    window.grid.model.flush()
    window.grid.set_pool_summary(PoolSummary(running=3, queued=1200, failed_last_hour=1))
    for row in range(window.grid.model.rowCount()):
        index = window.grid.model.index(row, 0)
        walk.add(f"tile {row}: tooltip", index.data(Qt.ItemDataRole.ToolTipRole))
    window.grid.open_live_view(tiles[0].serial)


# An attempt's message: the worker's own words, or a reason the pool wrote.
_TILE_MESSAGES = (
    "",
    "account restricted",
    reason("stopped_by", by=reason("batch_stopped", batch=12, by="ops@rack-pc-1")),
    reason("stopped_by", by=reason("nobody_left_barred", count=3, message="account restricted")),
)
_ATTENTION = reason("drained", count=3, message="profile page blank")


def _fill_pool(walk: Walk, window: MainWindow, flows: list[FlowInfo]) -> None:
    batches = sample_batches()
    for batch in batches:
        walk.add_data(batch.name, batch.flow, batch.created_by)
    window.set_flows(flows)
    window.pool.set_batches(batches)
    window.pool.pipeline_requested.connect(
        lambda batch_id: window.pool.show_pipeline(sample_pipeline(batch_id))
    )
    for stage in sample_pipeline().stages:
        walk.add_data(stage.name, stage.flow)
    window.tabs.setCurrentIndex(POOL_TAB)
    _select_pipeline_batch(window)


def _select_pipeline_batch(window: MainWindow) -> None:
    pool = window.pool
    pool.table.clearSelection()
    for row in range(pool.proxy.rowCount()):
        batch = pool.proxy.index(row, 0).data(BatchRole.BATCH)
        if batch.upstream and batch.downstream:
            pool.table.selectRow(row)
            return


def _walk_prompts_of_grid(window: MainWindow, prompts: WalkPrompts, tmp_path: Path) -> None:
    grid = window.grid
    selection = grid.view.selectionModel()
    for row in range(2):
        selection.select(grid.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    for action in (PhoneAction.STOP, PhoneAction.DRAIN, PhoneAction.RESUME):
        grid.trigger(action)
    prompts.open_answer = str(tmp_path / "app.apk")
    grid.trigger(PhoneAction.INSTALL_APK)
    grid.trigger(PhoneAction.SET_LABEL)  # too long: the operator is told the limit
    grid.trigger(PhoneAction.SET_ACCOUNT)


def _walk_prompts_of_pool(window: MainWindow) -> None:
    pool = window.pool
    pool.table.selectAll()
    for name in ("pause", "resume", "stop", "extend", "retry"):
        pool.trigger(name)
    _select_pipeline_batch(window)


def _walk_new_batch(qtbot: QtBot, walk: Walk, window: MainWindow, flow: str) -> None:
    """The dialog for ``flow``: its form, one bad field, run after a batch."""
    dialog = window.open_new_batch_dialog()
    dialog.choose_flow(flow)
    walk.add_data(dialog.name_edit.text())
    for spec in dialog.current_flow().fields:  # type: ignore[union-attr]
        editor = dialog.form.editor(spec.name)
        if isinstance(editor, QLineEdit):
            editor.setText("-5" if spec.type.value in ("int", "float") else "")
    dialog.after_box.setChecked(dialog.after_box.isEnabled())
    walk_widgets(walk, dialog)
    dialog.close()
    qtbot.waitUntil(lambda: window.new_batch_dialog is None, timeout=2000)


def _walk_import(
    qtbot: QtBot, walk: Walk, window: MainWindow, prompts: WalkPrompts, tmp_path: Path
) -> None:
    """A spreadsheet with a bad cell and an unknown column, its errors listed."""
    sheet = tmp_path / "creators.csv"
    sheet.write_text(BAD_CSV, encoding="utf-8")
    walk.add_data("creators.csv", "colour", "red", "blue", "abc", "maomi_daily", "travel_lin")
    walk.add_data("creator, Titles, min_comments, colour")
    prompts.open_answer = str(sheet)
    dialog = window.open_new_batch_dialog()
    dialog.choose_flow("collect.titles")
    dialog.import_panel.import_button.click()
    deadline = time.monotonic() + 10
    while dialog.import_panel.busy and time.monotonic() < deadline:
        qtbot.wait(20)
    assert dialog.import_panel.result is not None, "the import was not checked"
    walk_widgets(walk, dialog)
    model = dialog.import_panel.errors_model
    for row in range(model.rowCount()):
        walk.add(f"import error {row}", model.index(row, 4).data())
    dialog.close()
    qtbot.waitUntil(lambda: window.new_batch_dialog is None, timeout=2000)


def _walk_records(walk: Walk, window: MainWindow) -> None:
    """Records listed, a failure selected with its details, an export under way."""
    records = window.records
    records.records_requested.connect(lambda query: records.add_page(sample_page(query)))
    records.details_requested.connect(
        lambda record_id: records.show_details(
            sample_details(next(r for r in _rows(records) if r.record_id == record_id))
        )
    )
    window.tabs.setCurrentIndex(RECORDS_TAB)
    QApplication.processEvents()
    rows = _rows(records)
    for record in rows:
        walk.add_data(record.flow, record.device, record.host, record.account, record.author_id)
        walk.add_data(record.error_code)
        if record.reason is None:  # the worker's own words: data; a pool reason is worded
            walk.add_data(record.message)
    failed = next(number for number, r in enumerate(rows) if r.error_class)
    records.table.selectRow(failed)
    details = sample_details(rows[failed])
    walk.add_data(details.failed_step)
    for note in details.artifacts:
        walk.add_data(note.artifact_id)
    walk.add_data(*details.item_fields, *(str(v) for v in details.params.values()))
    walk.add_data(*details.params)
    for row in range(records.model.rowCount()):
        walk.add(f"record {row}: message", records.model.index(row, 12).data())
        walk.add(f"record {row}: status", records.model.index(row, 2).data())
    records._on_export_clicked()  # asks where to save, then shows the progress
    records.export_bar.set_progress(120, 480)
    walk.add_data(str(window.records.prompts.save_answer))  # type: ignore[attr-defined]


def _fail_simulated_start(qtbot: QtBot, window: MainWindow) -> None:
    """Simulated phones that cannot start: no adb at the configured path."""
    sim = SimController(adb_port=65001, adb_path="/nonexistent/adb")
    sim.failed.connect(window.grid.show_simulated_start_failed)
    with qtbot.waitSignal(sim.failed, timeout=5000):
        sim.start_phones(2, 7)


def _walk_refusals(
    qtbot: QtBot, walk: Walk, window: MainWindow, catalog: FlowCatalog, tmp_path: Path
) -> None:
    """The pool's refusals, worded in the status bar: real controllers on a real (empty)
    database refuse the editor's and the grid's actions on batches and phones it lacks."""
    engine = open_engine(make_url(f"sqlite+pysqlite:///{tmp_path / 'walk.db'}"))
    upgrade(engine)
    db = DbExecutor(engine)
    pool = PoolController(window, db, catalog, "ops@rack-pc-1")
    grid = GridController(window.grid, db, None, "ops@rack-pc-1")
    messages: list[str] = []
    for controller in (pool, grid):
        controller.message.connect(window.show_message)
        controller.message.connect(messages.append)
    window.pool.table.selectAll()
    enabled = [
        name
        for name in ("pause", "resume", "stop", "extend", "retry")
        if window.pool.actions_by_name[name].isEnabled()
    ]
    for name in enabled:
        window.pool.trigger(name)
    selection = window.grid.view.selectionModel()
    selection.select(window.grid.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.Select)
    window.grid.trigger(PhoneAction.STOP)
    try:
        qtbot.waitUntil(lambda: len(messages) > len(enabled), timeout=10_000)
    finally:
        db.shutdown()
        engine.dispose()
    assert window.statusBar().currentMessage() in messages
    for number, message in enumerate(messages):
        walk.add(f"status bar {number}", message)


def _rows(records: object) -> list:  # type: ignore[type-arg]
    model = records.model  # type: ignore[attr-defined]
    return [model.record_at(row) for row in range(model.rowCount())]
