"""The console's Excel export speaks the console's language in its headers only; the
CLI's export stays English (SQLite and MariaDB)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl import load_workbook

from db.pool.states import ErrorClass
from db.pool.values import RunReport
from tests.integration.console.conftest import attempt
from ui.i18n import CHINESE, ENGLISH, Translations
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
    # One sheet of attempts, then one per flow's outputs (named after the flow: data).
    assert list(english) == ["Attempts", "collect.titles"]
    assert list(chinese) == ["执行记录", "collect.titles"]
    zh_attempts, en_attempts = chinese["执行记录"], english["Attempts"]
    assert en_attempts[0][0] == "attempt id"
    assert all(str(title).isascii() for title in en_attempts[0])
    assert zh_attempts[0][0] == "记录 ID"
    assert "错误类别" in zh_attempts[0]
    assert all(not str(title).isascii() for title in zh_attempts[0])  # every title worded
    assert zh_attempts[1:] == en_attempts[1:]  # the data cells are the same
    assert chinese["collect.titles"][1:] == english["collect.titles"][1:]
    assert "title" in chinese["collect.titles"][0]  # item fields are the flow's own keys
