"""The pool's refusals and reasons reach the console as codes and are worded there: every
code has words in both languages, and a stored reason gives its code back."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

import pytest

from db.pool.errors import InvalidRequest, Refused
from db.pool.reasons import REASONS, parse_reason, reason
from db.pool.sql import clip
from ui.i18n import CHINESE
from ui.reasons import REASON_WORDS, reason_text
from ui.refusals import REFUSALS, refusal_text

if TYPE_CHECKING:
    from ui.i18n import Translations

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Values a reason or refusal names: data, the same in every language.
SAMPLE = {
    "batch": 12, "task": 345, "serial": "SER0001", "by": "ops@rack-pc-1", "account": "u0001",
    "apps": "simvideo", "count": 3, "message": "账号受限", "reason": "账号受限", "seconds": 600,
    "tries": "tries", "needed": 3, "eligible": 2, "value": "0", "low": "1", "high": "100",
    "limit": 128, "field": "count", "mode": "pool", "state": "stopped", "flow": "collect.titles",
    "port": 5038,
}  # fmt: skip
DATA = {"SER", "ops", "rack", "pc", "simvideo", "collect", "titles", "APP", "adb", "PC"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_refusal_code_of_the_pool_has_words() -> None:
    assert {code.value for code in Refused} <= set(REFUSALS)


def test_every_reason_of_the_pool_has_words_naming_the_same_values() -> None:
    assert set(REASON_WORDS) == set(REASONS)
    for code, template in REASONS.items():
        # The console may leave out a value the English needs for grammar ("tries").
        assert _fields(REASON_WORDS[code]) <= _fields(template), code


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_a_refusal_reads_in_chinese_with_its_values(translations: Translations, code: str) -> None:
    translations.switch(CHINESE)
    text = refusal_text(code, SAMPLE)
    words = set(ENGLISH_WORD.findall(text)) - DATA
    assert words == set(), text


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_stored_reason_gives_its_code_back_and_reads_in_chinese(
    translations: Translations, code: str
) -> None:
    stored = reason(code, **SAMPLE)
    said = parse_reason(stored)
    assert said is not None, stored
    assert said[0] == code, stored
    translations.switch(CHINESE)
    words = set(ENGLISH_WORD.findall(reason_text(said))) - DATA
    assert words == set(), reason_text(said)


def test_reasons_within_reasons_are_worded_in_turn(translations: Translations) -> None:
    inner = reason("nobody_left_barred", count=3, message="this account is restricted")
    stored = reason("stopped_by", by=inner)
    said = parse_reason(stored)
    assert said == (
        "stopped_by",
        {"by": ("nobody_left_barred", {"count": "3", "message": "this account is restricted"})},
    )
    translations.switch(CHINESE)
    assert reason_text(said).startswith("被 没有可用账号了：全部 3 个账号")


def test_a_reason_cut_to_fit_its_column_still_gives_its_code() -> None:
    stored = clip(reason("drained", count=4, message="x" * 400), 255)
    assert stored is not None
    assert stored.endswith("…")
    assert parse_reason(stored) == ("drained", {"count": "4", "message": "x" * 194 + "…"})


def test_an_operator_named_like_a_word_stays_a_name() -> None:
    assert parse_reason("stopped by operator") == ("stopped_by_operator", {})
    assert parse_reason("stopped by 王敏") == ("stopped_by", {"by": "王敏"})
    assert parse_reason("UiObjectNotFoundError: 评论列表 did not appear") is None


def test_the_cli_keeps_the_pools_english_and_the_console_gets_the_code() -> None:
    refusal = InvalidRequest("batch 7 is already stopped", Refused.BATCH_ALREADY, batch=7)
    assert str(refusal) == "batch 7 is already stopped"
    assert (refusal.code, refusal.details) == (Refused.BATCH_ALREADY, {"batch": 7})
