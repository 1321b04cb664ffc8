"""Smoke test of ``bench api``: it runs and reports every figure (no timing judged)."""

from __future__ import annotations

import json
from typing import Any

from app.cli import main


def test_bench_api_reports_every_figure(capsys: Any) -> None:
    args = ["bench", "api", "--seconds", "1", "--outage", "1", "--batches", "1", "--json"]
    assert main(args) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["submit_tasks_per_s"] > 0
    assert figures["callbacks_lost"] == 0
    assert figures["outage_lost"] == 0
    for name in ("callback_latency_p50_ms", "callback_latency_p99_ms", "outage_drain_s",
                 "outage_failed_posts"):  # fmt: skip
        assert figures[name] is not None
