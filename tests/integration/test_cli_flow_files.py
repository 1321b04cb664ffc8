"""The command line with a hostile flows folder: every other command still works, and the
broken flow, when asked for, says why it did not load."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tests.support.cli import one_line_error, run_fleetdeck
from tests.unit.flows.test_flow_file_limits import BIG, DEEP, LAUGHS, SYNTAX

if TYPE_CHECKING:
    from pathlib import Path


def _farm(home: Path) -> dict[str, str]:
    flows = home / "flows"
    flows.mkdir()
    for name, text in {
        "deep.yaml": DEEP,
        "laughs.yaml": LAUGHS,
        "big.yaml": BIG,
        "mine.syntax.yaml": SYNTAX,
    }.items():
        (flows / name).write_text(text, encoding="utf-8")
    return {"FLEETDECK_FLOWS_DIR": str(flows)}


def test_a_bad_flows_folder_does_not_take_other_commands_down(tmp_path: Path) -> None:
    env = _farm(tmp_path)
    good = run_fleetdeck("submit", "device.health", "--json", home=tmp_path, env=env)
    assert good.returncode == 0, good.stderr[-3000:]
    assert json.loads(good.stdout)["flow"] == "device.health"
    asked = one_line_error(run_fleetdeck("submit", "mine.syntax", home=tmp_path, env=env))
    assert "flow 'mine.syntax' did not load:" in asked
    assert "mine.syntax.yaml:4: not valid YAML" in asked


def test_a_pipeline_mapping_onto_another_type_is_refused_at_submit(tmp_path: Path) -> None:
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "stages:\n"
        "  - {flow: collect.titles, params: {creator: alice}}\n"
        "  - {flow: collect.comments, map: {position: title}, params: {creator: alice}}\n",
        encoding="utf-8",
    )
    line = one_line_error(run_fleetdeck("submit", "--pipeline", str(pipeline), home=tmp_path))
    assert "stage 2 (collect.comments)" in line
    assert "'position' is int, but collect.comments's parameter 'title' takes str" in line
