"""The console's Excel export speaks the console's language in its headers only; the
CLI's export stays English (SQLite and MariaDB)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import load_workbook

from db.pool.export.layout import TEXTS, ExportLayout, attempt_columns
from db.pool.states import ErrorClass
from db.pool.values import RunReport
from tests.integration.console.conftest import attempt
from ui.i18n import CHINESE, ENGLISH, Translations
from ui.records.export_words import EXPORT_TITLES
from ui.records.record_data import RecordFilter

if TYPE_CHECKING:
    from pathlib import Path

    from tests.integration.console.conftest import Viewer
    from tests.support.pool import Fleet


def _export(viewer: Viewer, path: Path) -> dict[str, list[tuple[object, ...]]]:
    with viewer.qtbot.waitSignal(viewer.controller.export_finished, timeout=20_000):
        viewer.view.export_requested.emit(RecordFilter(), str(path))
    book = load_workbook(path, read_only=True)
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    book.close()
    return sheets


def test_export_headers_follow_the_console_language_and_cells_do_not(
    viewer: Viewer, fleet: Fleet, tmp_path: Path
) -> None:
    attempt(fleet, 0, flow="collect.titles", items=2)
    attempt(fleet, 1, report=RunReport.failure(ErrorClass.DEVICE, "account restricted"))
    switcher = Translations()
    try:
        switcher.switch(CHINESE)
        chinese = _export(viewer, tmp_path / "zh.xlsx")
        switcher.switch(ENGLISH)
        english = _export(viewer, tmp_path / "en.xlsx")
    finally:
        switcher.uninstall()
    assert list(english) == ["Attempts", "collect.titles"]
    assert list(chinese) == ["执行记录", "collect.titles"]  # a flow's sheet is its name
    zh_attempts, en_attempts = chinese["执行记录"], english["Attempts"]
    layout = ExportLayout(zone_name="Asia/Shanghai")  # the viewer's export zone
    assert en_attempts[0] == tuple(column.header for column in attempt_columns(layout))
    assert zh_attempts[0][0] == "记录 ID"
    assert "错误类别" in zh_attempts[0]
    assert "开始时间 (Asia/Shanghai)" in zh_attempts[0]
    assert all(not str(title).isascii() for title in zh_attempts[0])  # every title worded
    assert zh_attempts[1:] == en_attempts[1:]  # the data cells are the same
    zh_items, en_items = chinese["collect.titles"], english["collect.titles"]
    assert zh_items[1:] == en_items[1:]
    assert "title" in zh_items[0]  # item fields are the flow's own keys
    assert "记录 ID" in zh_items[0]


def test_every_column_the_pool_writes_has_a_word() -> None:
    assert set(TEXTS.values()) == set(EXPORT_TITLES)
