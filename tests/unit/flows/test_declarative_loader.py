"""Declarative flows: a good file becomes a runnable flow; a bad one is rejected whole,
with its file, line and field."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from workers.flows.catalog import load_catalog
from workers.flows.declarative.loader import load_flow_file
from workers.flows.profiles import load_profiles
from workers.flows.sdk import InvalidParams
from workers.flows.yaml_source import YamlError

GOOD = """\
name: farm.titles
description: Collect titles.
app: simvideo
params:
  creator: {type: str, label: Creator, author_id: true}
  count: {type: int, label: Count, default: 5, min: 1, max: 50}
output:
  key: title
  fields: {title: str, comment_count: int}
steps:
  - launchApp: simvideo
  - inputText: {into: "@search_box", text: "${creator}"}
  - tapOn: "@search_button"
  - repeat:
      times: 2
      steps:
        - back:
  - collect:
      items: "@video_item"
      fields: {title: "@video_title", comment_count: {selector: "@video_comment_count", type: int}}
      limit: ${count}
"""


def write(folder: Path, text: str, name: str = "flow.yaml") -> Path:
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def load(path: Path):  # type: ignore[no-untyped-def]
    return load_flow_file(path, load_profiles())


def test_good_file_becomes_a_flow(tmp_path: Path) -> None:
    flow, compiled = load(write(tmp_path, GOOD))
    assert flow.name == "farm.titles"
    assert flow.author_field == "creator"
    assert flow.item_fields == ["title", "comment_count"]
    assert flow.item is not None
    assert flow.item.key_field == "title"
    assert [step.action for step in compiled.steps] == [
        "launchApp",
        "inputText",
        "tapOn",
        "repeat",
        "collect",
    ]
    assert compiled.steps[3].children[0].action == "back"
    assert compiled.steps[1].line == 12
    assert flow.validate_params({"creator": "c001"}).model_dump() == {"creator": "c001", "count": 5}
    with pytest.raises(InvalidParams, match="'count'"):
        flow.validate_params({"creator": "c001", "count": "99"})


@pytest.mark.parametrize(
    ("change", "line", "field", "reason"),
    [
        (
            ('  - tapOn: "@search_button"', '  - tapOn: "@no_such_button"'),
            13,
            "steps[2].tapOn",
            "no selector 'no_such_button'",
        ),
        (
            ('  - tapOn: "@search_button"', "  - tapOn: {colour: red, timeout: 5}"),
            13,
            "steps[2].tapOn",
            "no selector: give one of text, text_contains, id, description, class, xpath "
            "(found colour, timeout)",
        ),
        (
            ('  - tapOn: "@search_button"', '  - tapOnn: "@search_button"'),
            13,
            "steps[2]",
            "exactly one action",
        ),
        (
            ('text: "${creator}"', 'text: "${creater}"'),
            12,
            "steps[1].inputText.text",
            "${creater} is not a declared parameter",
        ),
        (
            ("        - back:", "        - swipe: {direction: sideways}"),
            17,
            "steps[3].repeat.steps[0].swipe.direction",
            "Input should be",
        ),
        (("name: farm.titles", "name: Farm Titles"), 1, "name", "String should match"),
        (("key: title", "key: video"), 8, "output.key", "not one of the output fields"),
        (("app: simvideo", "app: tiktak"), 3, "app", "no app profile 'tiktak'"),
        (("  count: {type: int", "  creator: {type: int"), 6, "params.creator", "appears twice"),
    ],
)
def test_bad_file_is_rejected_with_line_and_field(
    tmp_path: Path, change: tuple[str, str], line: int, field: str, reason: str
) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(YamlError) as info:
        load(write(tmp_path, text))
    error = info.value
    assert (error.line, error.field) == (line, field), str(error)
    assert reason in error.reason
    assert str(error).startswith(f"{tmp_path / 'flow.yaml'}:{line}: {field}: ")


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(YamlError) as info:
        load(write(tmp_path, "name: x\nsteps: [\n  - back\n"))
    assert info.value.line >= 2
    assert "not valid YAML" in str(info.value)


def test_catalog_keeps_good_files_and_reports_bad_ones_whole(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "good.yaml")
    bad = GOOD.replace("name: farm.titles", "name: farm.broken").replace(
        "limit: ${count}", "limit: ${count}\n      maxScrolls: -1"
    )
    write(tmp_path, bad, "bad.yaml")
    write(tmp_path, GOOD.replace("farm.titles", "collect.titles"), "clash.yaml")
    write(
        tmp_path,
        dedent("""\
        name: farm.chain
        description: Runs a flow that does not exist.
        steps:
          - runFlow: farm.nowhere
        """),
        "chain.yaml",
    )
    catalog = load_catalog(flows_dir=tmp_path)
    assert "farm.titles" in catalog.registry
    assert "farm.broken" not in catalog.registry  # nothing of a bad file is registered
    assert "farm.chain" not in catalog.registry
    messages = sorted(str(error) for error in catalog.errors)
    assert any("bad.yaml:" in m and "maxScrolls" in m for m in messages), messages
    assert any("clash.yaml:1: name: flow 'collect.titles' already exists" in m for m in messages)
    assert any("chain.yaml:4: runFlow: no flow named 'farm.nowhere'" in m for m in messages)
    # The built-in flows are untouched by a clashing file.
    assert catalog.registry.get("collect.titles").author_field == "creator"


def test_shipped_flows_and_profiles_load_cleanly() -> None:
    catalog = load_catalog()
    assert catalog.errors == []
    assert {"simvideo.open_creator", "simvideo.titles"} <= set(catalog.registry.names())
