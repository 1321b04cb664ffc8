"""The Excel export in the console's language: every text of the pool's column table has
a word, and a Chinese console's export reads in Chinese, the zone and numbers kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.pool.export.layout import TEXTS, ExportLayout, attempt_columns
from ui.i18n import CHINESE
from ui.records.export_words import EXPORT_TITLES, export_headers

if TYPE_CHECKING:
    from ui.i18n import Translations


def test_every_export_text_has_a_word_to_translate() -> None:
    assert set(TEXTS.values()) == set(EXPORT_TITLES)


def test_a_chinese_console_words_the_export_in_chinese(translations: Translations) -> None:
    translations.switch(CHINESE)
    layout = ExportLayout(zone_name="Asia/Shanghai", headers=export_headers())
    headers = [column.header for column in attempt_columns(layout)]
    assert "开始时间 (Asia/Shanghai)" in headers
    assert "错误信息" in headers
    assert layout.text("sheet.attempts") == "执行记录"
    assert "{length}" in layout.text("cut_marker")  # the number is put in later
