"""Every text an operator reads is in the console's language: the whole console walked
in Chinese finds no English left, and in English no Chinese."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.ui.i18n.walk import walk_console
from ui.i18n import CHINESE, ENGLISH, NATIVE_NAMES

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from ui.i18n import Translations

# Words that stay as they are in Chinese: names, formats, units and key names.
KEPT_WORDS = {
    "FleetDeck", "APK", "apk", "Excel", "CSV", "csv", "xlsx", "xlsm", "USB", "ID", "UTC",
    "Ctrl", "SimVideo", "simvideo", "adb", "English", "KB", "MB", "ms", "YAML", "XPath",
    "xpath", "http", "https", "SHA",
    "Cron", "cron",  # the schedule format's name (crontab), as Chinese tools say it
    "IANA",  # the time-zone database's name (Asia/Shanghai)
}  # fmt: skip
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
CHINESE_CHARACTER = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def test_in_chinese_nothing_is_left_in_english(
    qtbot: QtBot, translations: Translations, tmp_path: Path
) -> None:
    translations.switch(CHINESE)
    walk = walk_console(qtbot, tmp_path)
    assert len(walk.texts) > 500  # the walk reached the views, dialogs and prompts
    untranslated = []
    for where, text in walk.texts:
        rest = walk.strip_data(text)
        words = set(ENGLISH_WORD.findall(rest)) - KEPT_WORDS
        if words:
            untranslated.append(f"{where}: {text!r} ({', '.join(sorted(words))})")
    assert untranslated == [], "\n".join(untranslated)


def test_in_english_no_chinese_shows(
    qtbot: QtBot, translations: Translations, tmp_path: Path
) -> None:
    translations.switch(ENGLISH)
    walk = walk_console(qtbot, tmp_path)
    assert len(walk.texts) > 500
    walk.add_data(NATIVE_NAMES[CHINESE])  # the Language menu names Chinese in Chinese
    walk.add_data("盖楼")  # collect.comments' English help quotes the operators' own word
    chinese = [
        f"{where}: {text!r}"
        for where, text in walk.texts
        if CHINESE_CHARACTER.search(walk.strip_data(text))
    ]
    assert chinese == [], "\n".join(chinese)
