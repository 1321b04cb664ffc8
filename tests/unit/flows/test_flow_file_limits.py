"""A bad flow file costs bounded time and memory, is rejected whole with FILE:LINE, and
the other flows load; asking for the bad flow by name shows why it did not load."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import UserError
from app.submission import check_mapping, find_flow
from workers.flows.catalog import load_catalog
from workers.flows.registry import UnknownFlow
from workers.flows.yaml_source import DEFAULT_LIMITS

GOOD = """\
name: farm.hello
description: Goes home.
steps:
  - home:
"""

DEEP = "name: farm.deep\ndescription: x\nsteps:\n  - " + "[" * 3000 + "]" * 3000 + "\n"

LAUGHS = (
    "name: farm.laughs\ndescription: x\nsteps:\n  - home:\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
    + "".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 10)}]\n" for i in range(1, 10))
)

BIG = GOOD.replace("farm.hello", "farm.big") + "# " + "x" * (5 * 1024 * 1024) + "\n"

SYNTAX = """\
name: mine.syntax
description: Two values in one step.
steps:
  - tapOn: "@a" "@b"
  - home:
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_files_are_rejected_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "deep.yaml", DEEP)
    write(tmp_path, "laughs.yaml", LAUGHS)
    write(tmp_path, "big.yaml", BIG)
    write(tmp_path, "mine.syntax.yaml", SYNTAX)
    catalog = load_catalog(flows_dir=tmp_path)
    assert "farm.hello" in catalog.registry
    assert "device.health" in catalog.registry
    messages = {Path(error.path).name: str(error) for error in catalog.errors}
    assert "deep.yaml:4: nested more than" in messages["deep.yaml"]
    assert "counting what aliases repeat" in messages["laughs.yaml"]
    assert f"larger than {DEFAULT_LIMITS.max_bytes // 1024} KiB" in messages["big.yaml"]
    assert "mine.syntax.yaml:4:" in messages["mine.syntax.yaml"]


def test_asking_for_a_rejected_flow_shows_its_load_error(tmp_path: Path) -> None:
    write(tmp_path, "mine.syntax.yaml", SYNTAX)
    write(tmp_path, "other-name.yaml", DEEP)  # asked for by its `name:` line
    registry = load_catalog(flows_dir=tmp_path).registry
    with pytest.raises(UnknownFlow) as by_stem:
        registry.get("mine.syntax")
    assert "flow 'mine.syntax' did not load:" in str(by_stem.value)
    assert "mine.syntax.yaml:4:" in str(by_stem.value)
    with pytest.raises(UnknownFlow, match="other-name.yaml:4: nested more than"):
        registry.get("farm.deep")
    with pytest.raises(UnknownFlow, match="unknown flow 'farm.none' \\(known flows: "):
        registry.get("farm.none")


def test_run_flow_cycles_are_found_at_load(tmp_path: Path) -> None:
    for name, target in (("farm.a", "farm.b"), ("farm.b", "farm.a"), ("farm.c", "farm.a")):
        write(
            tmp_path,
            f"{name}.yaml",
            f"name: {name}\ndescription: x\nsteps:\n  - home:\n  - runFlow: {target}\n",
        )
    write(
        tmp_path, "self.yaml", "name: farm.self\ndescription: x\nsteps:\n  - runFlow: farm.self\n"
    )
    catalog = load_catalog(flows_dir=tmp_path)
    for name in ("farm.a", "farm.b", "farm.c", "farm.self"):
        assert name not in catalog.registry
    messages = [str(error) for error in catalog.errors]
    assert any("farm.a.yaml:5: runFlow: a cycle: farm.a -> farm.b -> farm.a" in m for m in messages)
    assert any("self.yaml:4: runFlow: a cycle: farm.self -> farm.self" in m for m in messages)
    # farm.c is not in the cycle, but it calls into it: it goes too, and says why.
    assert any("farm.c.yaml:5: runFlow: no flow named 'farm.a'" in m for m in messages)


@pytest.mark.parametrize(
    ("declaration", "complaint"),
    [
        ("{type: int, label: N, default: many}", "'many' does not fit"),
        ("{type: int, label: N, default: 99, max: 10}", "99 does not fit"),
        ("{type: bool, label: N, default: [1]}", "does not fit"),
        ("{type: str, label: N, default: a, choices: [b, c]}", "'a' does not fit"),
    ],
)
def test_a_default_of_the_wrong_type_is_found_at_load(
    tmp_path: Path, declaration: str, complaint: str
) -> None:
    text = f"name: farm.d\ndescription: x\nparams:\n  n: {declaration}\nsteps:\n  - home:\n"
    write(tmp_path, "d.yaml", text)
    catalog = load_catalog(flows_dir=tmp_path)
    assert "farm.d" not in catalog.registry
    (error,) = [e for e in catalog.errors if e.path.endswith("d.yaml")]
    assert "d.yaml:4: params.n.default:" in str(error)
    assert complaint in str(error)


def test_a_good_default_still_loads(tmp_path: Path) -> None:
    declaration = "{type: int, label: N, default: 3, max: 10}"
    text = f"name: farm.d\ndescription: x\nparams:\n  n: {declaration}\nsteps:\n  - home:\n"
    write(tmp_path, "d.yaml", text)
    flow = load_catalog(flows_dir=tmp_path).registry.get("farm.d")
    assert flow.validate_params({}).model_dump() == {"n": 3}


def test_a_mapping_onto_a_parameter_of_another_type_is_refused() -> None:
    registry = load_catalog().registry
    titles, comments = registry.get("collect.titles"), registry.get("collect.comments")
    check_mapping(titles, {"title": "title", "position": "position"}, comments)
    with pytest.raises(UserError, match="item field 'position' is int, but .*'title' takes str"):
        check_mapping(titles, {"position": "title"}, comments)
    with pytest.raises(UserError, match="item field 'title' is str, but .*'scan_limit' takes int"):
        check_mapping(titles, {"title": "scan_limit"}, comments)


def test_find_flow_reports_the_load_error_in_one_line(tmp_path: Path) -> None:
    write(tmp_path, "mine.syntax.yaml", SYNTAX)
    with pytest.raises(UserError) as info:
        find_flow(load_catalog(flows_dir=tmp_path).registry, "mine.syntax")
    assert "\n" not in str(info.value)
    assert "mine.syntax.yaml:4:" in str(info.value)


def test_brackets_in_quotes_and_comments_do_not_count_towards_the_depth(tmp_path: Path) -> None:
    text = GOOD.replace("farm.hello", "farm.quoted") + (
        "# " + "[" * 100 + "\nextra: ['" + "[" * 100 + "', \"" + "{" * 100 + '"]\n'
    )
    write(tmp_path, "q.yaml", text)
    catalog = load_catalog(flows_dir=tmp_path)
    # The file loads past the depth check; it is refused only for its unknown key.
    (error,) = [e for e in catalog.errors if e.path.endswith("q.yaml")]
    assert "extra" in str(error)
    assert "nested" not in str(error)
