"""A refused flow file or selector reaches the console as a code and is worded there; the
command line keeps its English word for word."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.ui.i18n.inspector_problems import BAD_FLOWS
from ui.file_problems import PROBLEMS, located_problem
from ui.i18n import CHINESE, ENGLISH
from workers.flows.declarative.loader import load_flow_text
from workers.flows.profiles import ProfileSet
from workers.flows.yaml_source import REASONS, YamlError

if TYPE_CHECKING:
    from ui.i18n import Translations

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Values the console leaves out: the library's or the system's English (logged instead),
# and what an empty step found (worded apart).
DROPPED = {"not_yaml": {"problem"}, "cannot_read": {"error"}, "params_decl": {"problem"}}
DROPPED |= {"no_selector": {"keys"}}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_reason_of_a_file_has_words_with_the_same_values() -> None:
    assert set(PROBLEMS) == set(REASONS)
    for code, english in REASONS.items():
        assert _fields(PROBLEMS[code]) == _fields(english) - DROPPED.get(code, set()), code


def _refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        load_flow_text(text, Path("flow.yaml"), ProfileSet())
    return caught.value


# The command line's words, as they were before the codes: a contract for scripts.
CLI_TEXT = {
    "one_action": "flow.yaml:4: steps[0]: a step has exactly one action (",
    "nothing": "flow.yaml:4: steps[0]: a step has exactly one action (",
    "undeclared_param": "flow.yaml:4: steps[0].inputText: ${who} is not a declared parameter",
    "needs_profile": (
        "flow.yaml:4: steps[0].tapOn: '@search' needs an app profile: set `app:` at the top"
    ),
    "default_unfit": (
        "flow.yaml:4: params.n.default: 'many' does not fit: Input should be a valid integer, "
        "unable to parse string as an integer"
    ),
    "no_selector": (
        "flow.yaml:4: steps[0].tapOn: no selector: give one of text, text_contains, id, "
        "description, class, xpath (found timeout)"
    ),
    "dict_type": "flow.yaml:4: steps[0]: Input should be a valid dictionary",
    "swipe_way": (
        "flow.yaml:4: steps[0].swipe: give either a direction or both 'from' and 'to' points"
    ),
    "twice": "flow.yaml:5: steps: appears twice",
    "output_key": "flow.yaml:3: output.key: 'id' is not one of the output fields",
    "extra_forbidden": "flow.yaml:3: colour: Extra inputs are not permitted",
}


@pytest.mark.parametrize("case", sorted(CLI_TEXT))
def test_the_command_line_keeps_its_english(case: str) -> None:
    assert str(_refused(BAD_FLOWS[case])).startswith(CLI_TEXT[case])
    if case == "nothing":
        assert str(_refused(BAD_FLOWS[case])).endswith("; found nothing")


@pytest.mark.parametrize("case", sorted(BAD_FLOWS))
def test_the_console_words_each_reason_in_chinese_after_its_location(
    translations: Translations, case: str
) -> None:
    refused = _refused(BAD_FLOWS[case])
    code = refused.said.code.removeprefix("schema.")
    assert code == case or (case == "nothing" and code == "one_action")
    translations.switch(CHINESE)
    chinese = located_problem(refused.where, refused.said.said())
    assert chinese.startswith(f"{refused.where}: ")
    reason = chinese.removeprefix(f"{refused.where}: ")
    assert not re.search(r"[\u4e00-\u9fff]", refused.reason)
    assert re.search(r"[\u4e00-\u9fff]", reason), reason
    translations.switch(ENGLISH)
    english = located_problem(refused.where, refused.said.said())
    assert english.startswith(f"{refused.where}: ")
    assert not re.search(r"[\u4e00-\u9fff]", english)
