"""Many claimer processes, some killed with SIGKILL: nothing runs twice, nothing is lost.

32 processes (one PC agent each) claim from one pool while the test kills some of
them at random and a few others stall past their lease on purpose. Afterwards:
no task was held by two attempts at once, every task ended in exactly one terminal
state, no worker whose lease was lost could mark a task succeeded, and every
attempt's record is complete.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from db.pool.finish import finish_runs
from db.pool.leases import dispatch_due_retries, reap_expired_leases
from db.pool.sql import BATCHES, RUNS, TASKS
from db.pool.states import TERMINAL_TASK_STATES, BatchState, ErrorClass, RunStatus, TaskState
from db.pool.tx import run_transaction
from db.pool.values import RunReport
from tests.support.claimer import ClaimerPlan, claimer_main

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from tests.support.pool import Fleet

PROCESSES = 32
KILLED = 8
STALLERS = 3
TASKS_N = 600
LEASE_S = 1
CLAIMER_S = 20.0  # the longest a claimer runs


def _context() -> Any:
    # forkserver: every claimer starts from a clean, single-threaded process with the
    # modules already imported, so 32 of them start in a second, not ten.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.support.claimer"])
    return context


KILL_WINDOW_S = (0.5, 3.5)
VICTIMS = random.Random(1234).sample(range(STALLERS, PROCESSES), KILLED)


def _start(fleet: Fleet, tmp_path: Path) -> list[Any]:
    url = fleet.engine.url.render_as_string(hide_password=False)
    processes = []
    for n in range(PROCESSES):
        host = fleet.with_host(f"agent-{n:02d}").host
        plan = ClaimerPlan(
            url=url,
            host_id=host,
            slots=[(fleet.devices[n], fleet.accounts[n])],
            log_path=str(tmp_path / f"claimer-{n:02d}.log"),
            seconds=CLAIMER_S,
            stall_s=LEASE_S + 2.5 if n < STALLERS else 0.0,
            seed=n,
            # A victim stays until it is killed: the kill window opens once all 32 have
            # started, which took over 5 s on a loaded CI machine, and a victim that
            # stayed only a few seconds past its own start had ended by then.
            stay_s=CLAIMER_S if n in VICTIMS else 0.0,
        )
        process = _context().Process(target=claimer_main, args=(plan,), daemon=True)
        process.start()
        processes.append(process)
    return processes


class _Reaper(threading.Thread):
    """What any surviving PC does: reap expired leases, dispatch due retries."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            run_transaction(self.engine, lambda s: reap_expired_leases(s))
            run_transaction(self.engine, lambda s: dispatch_due_retries(s))


def _kill_some(processes: list[Any]) -> set[int]:
    """SIGKILL some claimers at random moments; return once every claimer has ended."""
    rng = random.Random(1234)
    kill_at = {n: time.monotonic() + rng.uniform(*KILL_WINDOW_S) for n in VICTIMS}
    killed: set[int] = set()
    while any(p.is_alive() for p in processes):
        for n, when in kill_at.items():
            if n not in killed and time.monotonic() >= when and processes[n].is_alive():
                os.kill(processes[n].pid, signal.SIGKILL)
                killed.add(n)
        time.sleep(0.05)
    return killed


def _drain(fleet: Fleet) -> None:
    """Finish what the claimers left behind (as a surviving PC would)."""
    cleaner = fleet.with_host("cleaner")
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        run_transaction(fleet.engine, lambda s: reap_expired_leases(s))
        run_transaction(fleet.engine, lambda s: dispatch_due_retries(s))
        claims = cleaner.claim()
        if claims:
            reports = [(c.run_id, RunReport.success()) for c in claims]
            run_transaction(fleet.engine, partial(finish_runs, reports=reports))
        open_tasks = run_transaction(
            fleet.engine,
            lambda s: s.execute(
                select(TASKS.c.id).where(TASKS.c.state.not_in(list(TERMINAL_TASK_STATES)))
            ).all(),
        )
        if not open_tasks:
            return
        time.sleep(0.1 if claims else 0.3)
    raise AssertionError(f"{len(open_tasks)} tasks never finished")


def _read_logs(tmp_path: Path) -> list[tuple[int, bool, str, bool]]:
    finishes = []
    for log in tmp_path.glob("claimer-*.log"):
        for line in log.read_text().splitlines():
            parts = line.split()
            if parts[0] == "finish" and len(parts) == 5:
                finishes.append((int(parts[1]), parts[2] == "1", parts[3], parts[4] == "1"))
    return finishes


@pytest.mark.slow
def test_killed_claimers_never_double_claim_and_lose_nothing(
    make_fleet: Any, tmp_path: Path
) -> None:
    fleet: Fleet = make_fleet(phones=PROCESSES)
    fleet.submit(count=TASKS_N, lease_s=LEASE_S, max_attempts=50)
    reaper = _Reaper(fleet.engine)
    reaper.start()
    try:
        processes = _start(fleet, tmp_path)
        killed = _kill_some(processes)
    finally:
        reaper.done.set()
        reaper.join()
    _drain(fleet)
    assert len(killed) == KILLED
    runs = run_transaction(fleet.engine, lambda s: s.execute(select(RUNS)).all())
    tasks = run_transaction(fleet.engine, lambda s: s.execute(select(TASKS)).all())
    by_task: dict[int, list[Any]] = defaultdict(list)
    for run in sorted(runs, key=lambda r: r.id):
        by_task[run.task_id].append(run)

    # Every batch completed (issue 9: two hosts ending the last tasks together once
    # left a batch active for ever, every task ended), with its finish time.
    batches = run_transaction(
        fleet.engine, lambda s: s.execute(select(BATCHES.c.state, BATCHES.c.finished_at)).all()
    )
    assert batches, "no batch was submitted"
    assert [b.state for b in batches] == [BatchState.COMPLETED] * len(batches)
    assert all(b.finished_at is not None for b in batches)

    # Every task ended in exactly one terminal state, and a success means one success.
    assert len(tasks) == TASKS_N
    assert all(task.state in TERMINAL_TASK_STATES for task in tasks)
    for task in tasks:
        successes = [r for r in by_task[task.id] if r.status == RunStatus.SUCCEEDED]
        assert len(successes) == (1 if task.state == TaskState.SUCCEEDED else 0), task.id

    # No task was held by two attempts at once; attempts are numbered 1..n.
    for task_id, attempts in by_task.items():
        assert [r.attempt_no for r in attempts] == list(range(1, len(attempts) + 1)), task_id
        for earlier, later in zip(attempts, attempts[1:], strict=False):
            assert earlier.finished_at is not None
            assert later.started_at >= earlier.finished_at, (task_id, earlier.id, later.id)

    # Workers whose lease was lost could not mark anything succeeded.
    status_of = {run.id: run for run in runs}
    finishes = _read_logs(tmp_path)
    rejected = [f for f in finishes if not f[1]]
    assert any(stalled for _, _, _, stalled in rejected), "no stalled worker was fenced off"
    for run_id, accepted, outcome, _ in finishes:
        run = status_of[run_id]
        if accepted:
            expected = RunStatus.SUCCEEDED if outcome == "succeeded" else RunStatus.FAILED
            assert run.status == expected, run_id
        else:
            assert run.status != RunStatus.SUCCEEDED, run_id
            assert run.late_result is not None, run_id
            assert run.error_class == ErrorClass.LEASE_EXPIRED, run_id

    # Records are complete: nothing left running, every field of an end is there.
    for run in runs:
        assert run.status != RunStatus.RUNNING
        assert run.finished_at is not None
        assert run.duration_ms is not None
        assert (run.error_class is None) == (run.status == RunStatus.SUCCEEDED)
        assert run.device_serial
        assert run.host_name
        assert run.actor
    killed_hosts = {f"agent-{n:02d}" for n in killed}
    assert any(
        r.host_name in killed_hosts and r.error_class == ErrorClass.LEASE_EXPIRED for r in runs
    ), "no attempt of a killed claimer was reaped"
