"""Checking requests before the database: pipeline files, parameters, record times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from app.commands.cli_parsing import parse_pairs
from app.commands.records_cmd import parse_time
from app.errors import UserError
from app.pipeline_file import read_pipeline
from app.submission import validated_params
from db.pool.export.cells import CellMaker
from workers.flows.builtin import default_registry

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _pipeline(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stages: []", "field 'stages'"),
        ("stages:\n  - flow: collect.titles\n    colour: red", "stage 1: field 'colour'"),
        ("stages:\n  - flow: nope.flow", "unknown flow 'nope.flow'"),
        (
            "stages:\n  - flow: collect.titles\n    params: {creator: a}\n"
            "  - flow: collect.comments\n    after: missing\n    params: {creator: a}",
            "stage 2 (collect.comments): after: no earlier stage is named 'missing'",
        ),
        (
            "stages:\n  - flow: collect.titles\n    params: {creator: a}\n"
            "  - flow: collect.comments\n    map: {nothing: title}\n    params: {creator: a}",
            "'nothing' is not a field of collect.titles's output items",
        ),
        ("stages: [", "not valid YAML"),
    ],
)
def test_pipeline_file_errors_name_the_stage_and_field(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(UserError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_pipeline(_pipeline(tmp_path, text), default_registry(), "ann@pc")


def test_pipeline_file_defaults_to_running_after_the_stage_before(tmp_path: Path) -> None:
    text = (
        "name: p\nstages:\n  - flow: collect.titles\n    params: {creator: a}\n"
        "  - flow: collect.comments\n    map: {title: title}\n    params: {creator: a}\n"
    )
    stages = read_pipeline(_pipeline(tmp_path, text), default_registry(), "ann@pc")
    assert [s.after_stage for s in stages] == [None, 0]
    assert stages[1].spec.author_param == "creator"
    assert stages[0].spec.params == {
        "app": "simvideo",
        "creator": "a",
        "count": 20,
        "min_comments": 0,
        "skip_collected": False,
    }


def test_mapped_parameters_may_be_missing_but_nothing_else_may() -> None:
    flow = default_registry().get("collect.comments")
    # What is stored is converted and completed with defaults; the mapped field is not.
    stored = validated_params(flow, {"creator": "a", "max_comments": "7"}, ["title"])
    assert stored == {
        "app": "simvideo",
        "creator": "a",
        "scan_limit": 50,
        "position": 0,
        "max_comments": 7,
        "include_replies": False,
    }
    with pytest.raises(UserError, match="parameter 'creator'"):
        validated_params(flow, {}, ["title"])
    with pytest.raises(UserError, match="no parameter 'headline'"):
        validated_params(flow, {"creator": "a"}, ["headline"])


def test_key_value_pairs() -> None:
    assert parse_pairs("--param", ["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(UserError, match="--param '=3'"):
        parse_pairs("--param", ["=3"])


def test_record_times() -> None:
    assert parse_time("--since", "2h", NOW) == NOW - timedelta(hours=2)
    assert parse_time("--since", "2026-03-01T10:00+02:00", NOW) == datetime(
        2026, 3, 1, 8, 0, tzinfo=UTC
    )
    local = parse_time("--since", "2026-03-01T10:00", NOW)
    assert local == datetime(2026, 3, 1, 10, 0).astimezone().astimezone(UTC)
    with pytest.raises(UserError, match="--until 'soon'"):
        parse_time("--until", "soon", NOW)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\t=1", "＝1+1"])
def test_excel_text_that_looks_like_a_formula_stays_text(text: str) -> None:
    cell = CellMaker(None, "").value(None, text)
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert cell.value == text


def test_excel_plain_values_pass_through() -> None:
    cells = CellMaker(None, "")
    assert cells.value(None, "plain") == "plain"
    assert cells.value(None, 5) == 5
    assert cells.value(None, "bell\x07") == "bell"  # control characters Excel refuses
    assert cells.value(None, float("nan")) == "nan"  # Excel has no NaN
    assert cells.value(None, 12345678901234567) == "12345678901234567"  # Excel would round
