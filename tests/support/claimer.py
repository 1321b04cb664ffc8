"""A claimer process for the concurrency test: one PC agent with its phones, until told off.

It claims, "works" a short random time (renewing its lease), finishes, and logs
every finish and whether the pool accepted it, one flushed line at a time, so the
log survives a SIGKILL. Some claimers stall past their lease on purpose and then
report success anyway: the pool must refuse that report.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy.engine import make_url

from db.engine import open_engine
from db.pool.claim import claim_tasks
from db.pool.finish import finish_runs
from db.pool.leases import renew_leases
from db.pool.states import ErrorClass
from db.pool.tx import HeldConnection
from db.pool.values import RunReport, Slot

STALL_ON_CLAIM = 5


@dataclass(frozen=True)
class ClaimerPlan:
    """What one claimer process does."""

    url: str
    host_id: int
    slots: list[tuple[int, int | None]]
    log_path: str
    seconds: float
    stall_s: float  # > 0: stall this long, silent, on the fifth claim, then report success
    seed: int
    # Keep asking this long even when the pool looks empty: a claimer the test means to
    # kill must still be alive at its kill time, however fast the others drained the pool.
    stay_s: float = 0.0


def claimer_main(plan: ClaimerPlan) -> None:
    """Claim and work until the time is up or the pool has stayed empty for a while."""
    rng = random.Random(plan.seed)
    engine = open_engine(make_url(plan.url), check=False)
    db = HeldConnection(engine)
    slots = [Slot(device, account) for device, account in plan.slots]
    deadline = time.monotonic() + plan.seconds
    stay_until = time.monotonic() + plan.stay_s
    idle_rounds = claims_seen = 0
    with Path(plan.log_path).open("a", encoding="utf-8") as log:
        while time.monotonic() < deadline and (idle_rounds < 15 or time.monotonic() < stay_until):
            claims = db.run(lambda s: claim_tasks(s, plan.host_id, slots))
            if not claims:
                idle_rounds += 1
                time.sleep(0.1)
                continue
            idle_rounds = 0
            for claim in claims:
                log.write(f"claim {claim.run_id} {claim.task_id}\n")
            log.flush()
            claims_seen += 1
            stall = plan.stall_s if claims_seen == STALL_ON_CLAIM else 0.0
            _work(db, plan.host_id, [c.run_id for c in claims], rng, stall)
            reports = [(c.run_id, _outcome(rng)) for c in claims]
            results = db.run(partial(finish_runs, reports=reports))
            for (run_id, report), result in zip(reports, results, strict=True):
                outcome = "succeeded" if report.succeeded else str(report.error_class)
                log.write(f"finish {run_id} {int(result.accepted)} {outcome} {int(stall > 0)}\n")
            log.flush()
    db.close()
    engine.dispose()


def _work(
    db: HeldConnection, host_id: int, runs: list[int], rng: random.Random, stall: float
) -> None:
    if stall:
        time.sleep(stall)  # silent: no renewal, the lease runs out
        return
    end = time.monotonic() + rng.uniform(0.02, 0.12)
    while time.monotonic() < end:
        time.sleep(min(0.05, max(0.0, end - time.monotonic())))
        db.run(lambda s: renew_leases(s, host_id, runs))


def _outcome(rng: random.Random) -> RunReport:
    roll = rng.random()
    if roll < 0.08:
        return RunReport.failure(ErrorClass.RETRYABLE, "simulated flake")
    if roll < 0.11:
        # Task-only: a claimer barred from the whole batch would idle out before the
        # test kills it; what is tested here is claims, not bars (test_account_bars).
        return RunReport.failure(ErrorClass.DEVICE, "simulated restriction", task_only=True)
    return RunReport.success()
