"""The grid benchmark runs and reports its figures (the numbers themselves go to README)."""

from __future__ import annotations

import argparse

import pytest

from app.bench import grid
from app.errors import UserError
from app.settings import Settings


def test_the_benchmark_drives_the_grid_and_reports(qtbot):
    args = argparse.Namespace(phones=24, seconds=1.6, tile_width=240, window="800x600")
    figures = grid.run(args, Settings())
    assert figures["phones"] == 24
    assert figures["latency_samples"] > 10
    assert figures["latency_p99_ms"] >= figures["latency_p50_ms"] >= 0
    assert figures["tile_updates_per_s"] > 0
    assert figures["platform"] == "offscreen"


@pytest.mark.parametrize(
    ("phones", "seconds", "window", "message"),
    [(0, 5, "800x600", "--phones"), (10, 0.5, "800x600", "--seconds"), (10, 5, "big", "--window")],
)
def test_bad_options_are_one_line_errors(phones, seconds, window, message):
    args = argparse.Namespace(phones=phones, seconds=seconds, tile_width=240, window=window)
    with pytest.raises(UserError, match=message):
        grid.run(args, Settings())
