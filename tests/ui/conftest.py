"""UI test helpers: remembered window state per test, and an operator who answers prompts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QSettings

from ui.i18n import Translations
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from PySide6.QtWidgets import QWidget


@pytest.fixture(autouse=True)
def _fresh_window_state(qapp: object, tmp_path: Path) -> Iterator[None]:
    """Give each test a QApplication and its own QSettings (no remembered filter leaks)."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    return


class ScriptedPrompts(Prompts):
    """Answers the console's questions as a test says, and remembers what was asked."""

    def __init__(
        self,
        *,
        confirm: bool = True,
        text: str | None = None,
        open_path: str | None = None,
        save_path: str | None = None,
    ) -> None:
        self.confirm_answer = confirm
        self.option_answer = False  # the box of confirm_with_option
        self.text_answer = text
        self.open_answer = open_path
        self.save_answer = save_path
        self.asked: list[tuple[str, str, str]] = []

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.asked.append(("confirm", title, text))
        return self.confirm_answer

    def confirm_with_option(
        self, parent: QWidget, title: str, text: str, option: str
    ) -> tuple[bool, bool]:
        self.asked.append(("confirm_with_option", title, f"{text} [{option}]"))
        return self.confirm_answer, self.confirm_answer and self.option_answer

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.asked.append(("inform", title, text))

    def ask_text(self, parent: QWidget, title: str, label: str, current: str) -> str | None:
        self.asked.append(("ask_text", title, current))
        return self.text_answer

    def open_file(self, parent: QWidget, title: str, file_filter: str) -> str | None:
        self.asked.append(("open_file", title, file_filter))
        return self.open_answer

    def save_file(
        self, parent: QWidget, title: str, suggested: str, file_filter: str
    ) -> str | None:
        self.asked.append(("save_file", title, suggested))
        return self.save_answer


@pytest.fixture
def prompts() -> ScriptedPrompts:
    """An operator who says yes to every question."""
    return ScriptedPrompts()


@pytest.fixture(autouse=True)
def translations(qapp: object) -> Iterator[Translations]:
    """The console's translators, English installed (its plural forms); a test may switch."""
    installed = Translations()
    installed.switch("en")
    yield installed
    installed.uninstall()
