"""The Language menu switches the running console: no restart, nothing left behind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage

from ui.grid.phone_data import PhoneState, PhoneTile, TileUpdate
from ui.i18n import CHINESE, ENGLISH
from ui.main_window import MainWindow
from ui.pool.batch_model import STATE
from ui.samples.pool import SAMPLE_FLOWS, sample_batches

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.i18n import Translations


def _console(qtbot: QtBot, translations: Translations) -> MainWindow:
    window = MainWindow(version="9.9", database_label="sqlite:///c.db", host_name="pc-1")
    qtbot.addWidget(window)
    window.language_chosen.connect(translations.switch)
    window.resize(1200, 800)
    window.show()
    tile = PhoneTile("SER1", PhoneState.RUNNING, label="A排-01", flow="collect.titles")
    window.grid.apply_updates([TileUpdate("SER1", tile)])
    window.grid.model.flush()
    window.set_flows(SAMPLE_FLOWS)
    window.pool.set_batches(sample_batches())
    return window


def _seen(window: MainWindow) -> dict[str, object]:
    """What an operator sees of the parts that must follow the language."""
    dialog = window.new_batch_dialog
    assert dialog is not None
    tile = window.grid.model.index(0, 0)
    return {
        "title": window.windowTitle(),
        "tab": window.tabs.tabText(1),
        "tile tooltip": tile.data(Qt.ItemDataRole.ToolTipRole),
        # The tile alone: the viewport's width may move by a pixel as other tabs relayout.
        "tile picture": window.grid.view.viewport()
        .grab(window.grid.view.visualRect(window.grid.view.model().index(0, 0)))
        .toImage(),
        "header": window.pool.model.headerData(STATE, Qt.Orientation.Horizontal),
        "dialog": (dialog.windowTitle(), dialog.accept_button().text()),  # type: ignore[attr-defined]
    }


def _choose(qtbot: QtBot, window: MainWindow, language: str, tab: str) -> dict[str, object]:
    window.findChild(QAction, f"language_{language}").trigger()
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == tab, timeout=2000)
    qtbot.wait(10)  # the repaint the switch scheduled
    return _seen(window)


def test_switching_zh_en_zh_changes_every_part_live(
    qtbot: QtBot, translations: Translations
) -> None:
    translations.switch(ENGLISH)
    window = _console(qtbot, translations)
    window.open_new_batch_dialog()
    chinese = _choose(qtbot, window, CHINESE, "任务池")
    english = _choose(qtbot, window, ENGLISH, "Task pool")
    again = _choose(qtbot, window, CHINESE, "任务池")
    assert chinese["title"] == "FleetDeck 9.9 控制台 — sqlite:///c.db"
    assert english["title"] == "FleetDeck 9.9 console — sqlite:///c.db"
    assert "运行中" in str(chinese["tile tooltip"])
    assert "running" in str(english["tile tooltip"])
    assert (chinese["header"], english["header"]) == ("状态", "State")
    assert chinese["dialog"] == ("新建批次", "创建批次")
    assert english["dialog"] == ("New batch", "Create batch")
    # The tile was painted again in each language (its face is cached per change).
    assert isinstance(chinese["tile picture"], QImage)
    assert chinese["tile picture"] != english["tile picture"]
    assert again == chinese
