"""A token name the API refuses is worded in the console's language on the Integration
page, not shown as the command line's English; nothing is stored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.controllers.db_executor import DbExecutor
from app.controllers.integration_controller import IntegrationController
from db.dispatch.tokens import list_tokens
from db.pool.tx import run_transaction
from ui.i18n import CHINESE
from ui.integration.integration_view import IntegrationView
from ui.prompts import Prompts

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from ui.i18n import Translations


class Naming(Prompts):
    def __init__(self, name: str) -> None:
        self.name = name

    def ask_text(self, parent: Any, title: str, label: str, current: str) -> str | None:
        return self.name


def test_a_token_name_too_long_is_refused_in_chinese(
    qtbot: QtBot, engine: Engine, tmp_path: Path, translations: Translations
) -> None:
    translations.switch(CHINESE)
    view = IntegrationView(Naming("调" * 65))  # a blank name the page does not send
    qtbot.addWidget(view)
    db = DbExecutor(engine)
    controller = IntegrationController(view, db, tmp_path / "api", "farm-pc-1", "op@farm-pc-1")
    messages: list[str] = []
    controller.message.connect(messages.append)
    controller.start()
    try:
        view.new_token.click()
        qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    finally:
        controller.stop()
        db.shutdown()
    assert "名称：最多 64 个字符" in messages[-1], messages
    assert "give 1-64" not in messages[-1]
    assert run_transaction(engine, list_tokens) == []
