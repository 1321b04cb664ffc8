"""Smoke test of ``bench pool`` on MariaDB: the pool and the raw yardstick in one run."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from app.cli import main

if TYPE_CHECKING:
    from tests.support.database import MariaDBServer


@pytest.mark.mariadb
@pytest.mark.slow
def test_bench_pool_prints_the_ratio_to_the_raw_loop_from_one_run(
    mariadb_server: MariaDBServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = mariadb_server.create_database().render_as_string(hide_password=False)
    args = ["bench", "pool", "--db", url, "--agents", "1", "--slots", "5", "--seconds", "1"]
    assert main([*args, "--rounds", "1", "--offered", "10", "--breakdown", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["saturated_claims"] > 0
    assert figures["raw_claims"] > 0
    ratio = figures["saturated_claims_per_s"] / figures["raw_claims_per_s"]
    assert figures["raw_ratio"] == pytest.approx(ratio, abs=0.01)
    assert figures["offered_claims"] > 0
    assert figures["raw_offered_claims"] > 0  # the bare loop at the offered rate
    assert figures["offered_agent_cpu_ms_per_claim"] > 0
    assert figures["double_claims"] == 0
    assert figures["deadlocks_unretried"] == 0
    kinds = {row["statement"] for row in figures["saturated_breakdown"]["statements"]}
    assert {"SELECT pool_ready", "INSERT pool_runs", "COMMIT"} <= kinds
    # How busy the machine was, beside each phase's latencies (Linux).
    for phase in ("saturated", "raw", "offered", "raw_offered"):
        assert 0 < figures[f"{phase}_machine_busy_pct"] <= 100
        # ... and how much of the slowest claims was their agent waiting for a core.
        assert 0 <= figures[f"{phase}_slowest_claims_core_wait_pct"] <= 100
        less_wait = figures[f"{phase}_claim_p99_less_core_wait_ms"]
        assert 0 <= less_wait <= figures[f"{phase}_claim_p99_ms"]
