"""The Schedules and Monitoring tabs wired to their controllers on a real database
(SQLite and MariaDB): a schedule made in the new-batch dialog, refused in the console's
language (``schedule add`` keeps its English), controlled from the table; hits per
monitor with unread marks that another console (another PC) sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from app.controllers.db_executor import DbExecutor
from app.controllers.flow_forms import flow_infos, make_validator
from app.controllers.monitoring_controller import MonitoringController
from app.controllers.schedules_controller import SchedulesController
from db.monitor.hits import list_hits
from db.monitor.schedules import list_schedules
from db.monitor.seen import MarkedItem, SeenEntry, emit_new
from db.pool.tx import run_transaction
from db.pool.values import OutputItem
from ui.i18n import CHINESE, Translations
from ui.main_window import SCHEDULES_TAB, MainWindow
from ui.monitor.hit_models import MARK, TEXT
from ui.monitor.schedule_model import RESULT, STATE
from ui.prompts import Prompts
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from tests.support.pool import Fleet


class Yes(Prompts):
    def confirm(self, parent: Any, title: str, text: str) -> bool:
        return True


@dataclass
class Console:
    """One console's window and controllers over the test's database."""

    qtbot: QtBot
    window: MainWindow
    schedules: SchedulesController
    monitoring: MonitoringController
    db: DbExecutor

    def settle(self) -> None:
        self.schedules.refresh()
        self.monitoring.refresh()
        for _ in range(2):  # the hits load after the monitors arrive
            marker: list[object] = []
            self.db.call(lambda _s: None, marker.append)
            self.qtbot.waitUntil(lambda m=marker: bool(m), timeout=10_000)

    def close(self) -> None:
        self.schedules.stop()
        self.monitoring.stop()
        self.db.shutdown()


def _console(qtbot: QtBot, engine: Engine, name: str) -> Console:
    catalog = load_catalog()
    window = MainWindow("test", "test-db", name, prompts=Yes(), validate=make_validator(catalog))
    window.set_flows(flow_infos(catalog))
    qtbot.addWidget(window)
    db = DbExecutor(engine)
    schedules = SchedulesController(window, db, catalog, f"ops@{name}")
    schedules.message.connect(window.show_message)
    monitoring = MonitoringController(window, db, f"ops@{name}")
    return Console(qtbot, window, schedules, monitoring, db)


@pytest.fixture
def console(qtbot: QtBot, fleet: Fleet) -> Iterator[Console]:
    made = _console(qtbot, fleet.engine, "pc-1")
    yield made
    made.close()


def test_a_schedule_from_the_dialog_is_listed_and_controlled(console: Console) -> None:
    window = console.window
    window.show()
    window.schedules.new_button.click()
    dialog = window.new_batch_dialog
    assert dialog is not None
    assert dialog.repeat_box.isChecked()
    assert dialog.current_flow().name == "monitor.account"  # type: ignore[union-attr]
    dialog.form.set_value("creators", "c001,c002")
    dialog.repeat_box.when_edit.setText("5x")
    problem = dialog.problem_label
    dialog.accept_button().click()
    console.qtbot.waitUntil(lambda: "'5x'" in problem.text(), timeout=10_000)
    # Worded in the console (the field's rule, then what was wrong), not `schedule add`'s
    # English ("--every '5x': expected a span ..."), in either language.
    assert problem.text() == (
        "Not created: Interval: a span such as 30s, 15m, 2h or 1d, 1 s to 366 days "
        "('5x' is not a span of time)"
    )
    chinese = Translations()
    chinese.switch(CHINESE)
    try:
        dialog.accept_button().click()
        console.qtbot.waitUntil(lambda: "间隔" in problem.text(), timeout=10_000)
        assert problem.text() == (
            "未创建：间隔：应为 30s、15m、2h 或 1d 这样的时长，1 秒到 366 天（'5x' 不是时长）"
        )
    finally:
        chinese.uninstall()
    dialog.repeat_box.when_edit.setText("15m")
    dialog.accept_button().click()
    console.qtbot.waitUntil(lambda: window.new_batch_dialog is None, timeout=10_000)
    assert window.tabs.currentIndex() == SCHEDULES_TAB
    console.settle()
    model = window.schedules.model
    assert model.rowCount() == 1
    row = model.row_at(0)
    assert (row.flow, row.every_s, row.params["creators"]) == (
        "monitor.account",
        900,
        ["c001", "c002"],
    )
    assert model.index(0, RESULT).data() == "not run yet"
    window.schedules.table.selectRow(0)
    window.schedules.pause_button.click()
    console.qtbot.waitUntil(lambda: model.index(0, STATE).data() == "paused", timeout=10_000)
    window.schedules.run_now_button.click()
    console.qtbot.waitUntil(lambda: model.row_at(0).last_batch_id is not None, timeout=10_000)
    assert model.index(0, RESULT).data().startswith(f"batch #{model.row_at(0).last_batch_id}")
    window.schedules.remove_button.click()
    console.qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=10_000)
    assert run_transaction(console.db.engine, list_schedules) == []


def _hits(fleet: Fleet, keys: list[str]) -> None:
    fleet.submit(flow="monitor.keyword", count=1)
    (claim,) = fleet.claim([0])
    items = [
        MarkedItem(
            OutputItem(
                k,
                {
                    "hit_key": k,
                    "kind": "comment",
                    "creator": "c001",
                    "title": "标题",
                    "video_key": "c001v1",
                    "text": f"说 {k}",
                    "keyword": "日常",
                },
            ),
            SeenEntry(k),
        )
        for k in keys
    ]
    run_transaction(fleet.engine, lambda s: emit_new(s, claim.run_id, "m", items, True))
    fleet.finish(claim.run_id)


def test_hits_newest_first_and_a_read_mark_reaches_another_console(
    fleet: Fleet, qtbot: QtBot
) -> None:
    _hits(fleet, ["comment:1", "comment:2"])
    _hits(fleet, ["comment:3"])
    first, second = _console(qtbot, fleet.engine, "pc-1"), _console(qtbot, fleet.engine, "pc-2")
    try:
        first.settle()
        view = first.window.monitoring
        assert view.monitors.rowCount() == 1
        assert view.monitors.index(0, 1).data() == "3"  # unread
        qtbot.waitUntil(lambda: view.hits.rowCount() == 3, timeout=10_000)
        assert [view.hits.index(r, TEXT).data() for r in range(3)] == [
            "说 comment:3",
            "说 comment:2",
            "说 comment:1",
        ]
        view.hit_table.selectRow(1)  # opening a hit reads it
        assert "说 comment:2" in view.details.toPlainText()
        assert "c001v1" in view.details.toPlainText()
        qtbot.waitUntil(
            lambda: (
                [
                    h.read
                    for h in run_transaction(
                        fleet.engine, lambda s: list_hits(s, None, "monitor.keyword")
                    )
                ]
                == [False, True, False]
            ),
            timeout=10_000,
        )
        second.settle()
        other = second.window.monitoring
        qtbot.waitUntil(lambda: other.hits.rowCount() == 3, timeout=10_000)
        assert [other.hits.index(r, MARK).data() for r in range(3)] == ["●", "", "●"]
        assert other.monitors.index(0, 1).data() == "2"
        other.all_read_button.click()
        qtbot.waitUntil(
            lambda: (first.settle(), view.monitors.index(0, 1).data() == "")[1], timeout=10_000
        )
    finally:
        first.close()
        second.close()
