"""Which language the console shows, and the Language menu that switches it live."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtGui import QAction

from app.errors import UserError
from app.settings import load_settings
from ui.i18n import AUTO, CHINESE, ENGLISH, Translations, resolve_language, system_language
from ui.main_window import MainWindow
from ui.records.error_codes import ERROR_CODE_TEXT, KNOWN_CODES, describe_code
from ui.window_state import WindowState

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def test_system_locale_picks_chinese_for_any_zh_locale() -> None:
    assert system_language(QLocale("zh_CN")) == CHINESE
    assert system_language(QLocale("zh_TW")) == CHINESE
    assert system_language(QLocale("de_DE")) == ENGLISH
    assert resolve_language(AUTO, QLocale("zh_HK")) == CHINESE
    assert resolve_language(ENGLISH, QLocale("zh_CN")) == ENGLISH


def test_language_setting_is_validated_and_read_from_the_environment(tmp_path) -> None:
    settings, sources = load_settings(env={"FLEETDECK_LANGUAGE": "zh_CN"})
    assert settings.language == "zh_CN"
    assert sources["language"] == "FLEETDECK_LANGUAGE"
    with pytest.raises(UserError, match="'language' from FLEETDECK_LANGUAGE"):
        load_settings(env={"FLEETDECK_LANGUAGE": "fr"})


def test_switch_installs_our_catalog_and_qts_own(translations: Translations) -> None:
    assert translations.switch(CHINESE) == CHINESE
    assert QCoreApplication.translate("MainWindow", "Task pool") == "任务池"
    # qtbase_zh_CN.qm: the standard buttons of message boxes and file dialogs.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    translations.switch(ENGLISH)
    assert QCoreApplication.translate("MainWindow", "Task pool") == "Task pool"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    with pytest.raises(ValueError, match="unknown language"):
        translations.switch("fr")


def test_language_menu_switches_live_and_is_remembered(
    qtbot: QtBot, translations: Translations
) -> None:
    translations.switch(ENGLISH)
    window = MainWindow(version="9.9", database_label="sqlite", host_name="pc-1")
    qtbot.addWidget(window)
    window.language_chosen.connect(translations.switch)
    window.findChild(QAction, f"language_{CHINESE}").trigger()
    # Qt posts LanguageChange to every widget: it arrives on the next turn of the loop.
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "任务池", timeout=2000)
    assert window.windowTitle().startswith("FleetDeck 9.9")
    assert window.menuBar().actions()[-1].text() == "语言(&L)"  # Language comes last
    assert WindowState(QSettings()).language() == CHINESE
    window.findChild(QAction, f"language_{ENGLISH}").trigger()
    qtbot.waitUntil(lambda: window.tabs.tabText(1) == "Task pool", timeout=2000)
    assert WindowState(QSettings()).language() == ENGLISH


def test_every_error_code_is_described_in_chinese_and_english(
    translations: Translations,
) -> None:
    translations.switch(CHINESE)
    chinese = {code: describe_code(code) for code in KNOWN_CODES}
    translations.switch(ENGLISH)
    english = {code: describe_code(code) for code in KNOWN_CODES}
    assert english == ERROR_CODE_TEXT
    untranslated = [code for code in KNOWN_CODES if chinese[code] == english[code]]
    assert untranslated == []
    assert chinese["device_lost"] == "手机与 adb 断开:离线、拔出或正在重启。"
