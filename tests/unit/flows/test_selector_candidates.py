"""Candidate selectors for a node: ranked, counted, and written as YAML that loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.device.test_hierarchy import SCREEN
from workers.device.hierarchy import Selector, parse_hierarchy
from workers.flows.declarative.loader import load_flow_text
from workers.flows.profiles import ProfileSet
from workers.flows.selector_candidates import (
    CandidateKind,
    candidates,
    flow_step,
    match_count,
    profile_entry,
    u2_kwargs,
    xpath_literal,
    xpath_of,
)
from workers.flows.selectors import SelectorSpec


def node_by_text(text: str):  # type: ignore[no-untyped-def]
    node = parse_hierarchy(SCREEN).find(Selector(text=text))
    assert node is not None
    return node


def test_every_candidate_finds_exactly_the_node() -> None:
    root = parse_hierarchy(SCREEN)
    for node in list(root.iter())[1:]:
        for candidate in candidates(node):
            found = root.find_all(candidate.spec.to_selector())
            assert found == [node], (node, candidate)
            assert candidate.count == 1


def test_a_repeated_id_carries_the_index_and_ranks_below_a_unique_text() -> None:
    ranked = [c.kind for c in candidates(node_by_text("第一个视频 🎬"))]
    assert ranked[:3] == [CandidateKind.ID_TEXT, CandidateKind.TEXT, CandidateKind.RESOURCE_ID]
    second = candidates(node_by_text("=SUM(A1)"))
    by_id = next(c for c in second if c.kind is CandidateKind.RESOURCE_ID)
    assert (by_id.spec.id, by_id.spec.index, by_id.total) == ("app:id/title", 1, 2)
    assert u2_kwargs(by_id.spec) == {"resourceId": "app:id/title", "instance": 1}
    assert ranked[-1] in (CandidateKind.CLASS_INDEX, CandidateKind.XPATH)


def test_the_first_of_several_says_index_0() -> None:
    first = node_by_text("12 comments")
    by_id = next(c for c in candidates(first) if c.kind is CandidateKind.RESOURCE_ID)
    assert flow_step(by_id.spec) == '- tapOn: {id: "app:id/comments", index: 0}'
    assert u2_kwargs(by_id.spec) == {"resourceId": "app:id/comments", "instance": 0}
    assert by_id.count == 1


def test_a_text_with_digits_ranks_below_a_plain_one() -> None:
    counts = candidates(node_by_text("12 comments"))
    title = candidates(node_by_text("第一个视频 🎬"))
    text_score = {c.spec.text: c.score for c in counts + title if c.kind is CandidateKind.TEXT}
    assert text_score["12 comments"] > text_score["第一个视频 🎬"]


def test_xpath_is_anchored_on_the_nearest_unique_id() -> None:
    node = node_by_text("0 comments")
    anchor = '//*[@resource-id="app:id/list"]'
    path = "/android.widget.LinearLayout[2]/android.widget.TextView[2]"
    assert xpath_of(node) == anchor + path
    assert match_count(node.root, SelectorSpec(xpath=xpath_of(node))) == 1


@pytest.mark.parametrize(
    ("value", "literal"),
    [('a"b', "'a\"b'"), ("it's", '"it\'s"'), ("""a"b'c""", """concat("a", '"', "b'c")""")],
)
def test_xpath_literals_survive_quotes(value: str, literal: str) -> None:
    assert xpath_literal(value) == literal


def test_copied_yaml_loads_as_a_flow_step_and_a_profile_entry() -> None:
    node = node_by_text("第一个视频 🎬")
    text_candidate = next(c for c in candidates(node) if c.kind is CandidateKind.TEXT)
    step = flow_step(text_candidate.spec)
    assert step == '- tapOn: {text: "第一个视频 🎬"}'
    flow = f"name: test.copy\ndescription: copied\nsteps:\n  {step}\n"
    _flow, compiled = load_flow_text(flow, Path("copy.yaml"), ProfileSet())
    assert compiled.steps[0].arg.element == SelectorSpec(text="第一个视频 🎬")
    by_id = next(c for c in candidates(node) if c.kind is CandidateKind.RESOURCE_ID)
    assert profile_entry(by_id.name, by_id.spec, "app") == 'title: {id: "title", index: 0}'


def test_an_id_shared_by_tabs_is_offered_with_the_text() -> None:
    tabs = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<hierarchy rotation="0">
  <node index="0" text="" resource-id="" class="android.widget.LinearLayout" package="m"
        content-desc="" bounds="[0,0][720,100]">
    <node index="0" text="微信" resource-id="m:id/a4k" class="android.widget.TextView"
          package="m" content-desc="" bounds="[0,0][240,100]" />
    <node index="1" text="发现" resource-id="m:id/a4k" class="android.widget.TextView"
          package="m" content-desc="" bounds="[240,0][480,100]" />
  </node>
</hierarchy>"""
    found = parse_hierarchy(tabs).find(Selector(text="发现"))
    assert found is not None
    ranked = candidates(found)
    assert ranked[0].kind is CandidateKind.ID_TEXT
    assert flow_step(ranked[0].spec) == '- tapOn: {id: "m:id/a4k", text: "发现"}'
    assert u2_kwargs(ranked[0].spec) == {"text": "发现", "resourceId": "m:id/a4k"}
    assert ranked[0].count == 1
