"""Smoke test of ``bench artifacts``: it runs and reports every figure."""

from __future__ import annotations

import json

import pytest

from app.cli import main


def test_bench_artifacts_drains_the_spool_and_reports_its_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "artifacts", "--phones", "4", "--store", "local", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["artifacts"], figures["uploaded"], figures["failed_tries"]) == (12, 12, 0)
    for key in ("spool_ms_p50", "spool_ms_max", "peak_spool_depth", "drained_s", "mb_per_s"):
        assert figures[key] >= 0
