"""Every built-in flow reads in Chinese: description, parameter labels and help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.controllers.flow_forms import flow_infos
from ui.flow_words import flow_text, step_text
from ui.i18n import CHINESE
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from ui.i18n import Translations


def test_every_builtin_flow_text_has_a_chinese_word(translations: Translations) -> None:
    translations.switch(CHINESE)
    missing = []
    for flow in flow_infos(load_catalog()):
        texts = [flow.description]
        for spec in flow.fields:
            texts += [spec.label, spec.help]
        missing += [f"{flow.name}: {text!r}" for text in texts if text and flow_text(text) == text]
    assert missing == []


def test_step_names_with_a_value_keep_the_value(translations: Translations) -> None:
    translations.switch(CHINESE)
    assert step_text("read the video list") == "读取视频列表"
    assert step_text("start com.example.app") == "启动 com.example.app"
    assert step_text("open the account page") == "打开账号页"  # a fixed name wins a pattern
    assert step_text("a step of my own flow") == "a step of my own flow"
