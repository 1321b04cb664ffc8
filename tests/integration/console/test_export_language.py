"""The console's Excel export speaks the console's language in its headers only; the
CLI's export stays English (SQLite and MariaDB)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import load_workbook

from db.pool.export import ATTEMPT_COLUMNS, ITEM_COLUMNS
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
    assert list(english) == ["Attempts", "Outputs"]
    assert list(chinese) == ["执行记录", "产出数据"]
    zh_attempts, en_attempts = chinese["执行记录"], english["Attempts"]
    assert en_attempts[0] == tuple(title for title, _width in ATTEMPT_COLUMNS)
    assert zh_attempts[0][0] == "记录 ID"
    assert "错误类别" in zh_attempts[0]
    assert all(not str(title).isascii() for title in zh_attempts[0])  # every title worded
    assert zh_attempts[1:] == en_attempts[1:]  # the data cells are the same
    assert chinese["产出数据"][1:] == english["Outputs"][1:]
    assert "title" in chinese["产出数据"][0]  # item fields are the flow's own keys


def test_every_column_the_pool_writes_has_a_word() -> None:
    titles = {title for title, _ in ATTEMPT_COLUMNS + ITEM_COLUMNS}
    assert titles | {"Attempts", "Outputs", "more fields"} == set(EXPORT_TITLES)
