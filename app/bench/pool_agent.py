"""One simulated PC agent of ``bench pool``: claims for its phone slots, works, finishes.

Runs in its own process (spawned), like a real host agent: each tick, one
transaction records the runs whose (simulated) work ended and claims for every
idle slot.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from db.engine import open_engine
from db.pool.claim import claim_tasks
from db.pool.finish import finish_runs
from db.pool.leases import renew_leases
from db.pool.tx import RETRIES, HeldConnection
from db.pool.values import RunReport, Slot

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from db.pool.values import Claim

RENEW_EVERY_S = 10.0


@dataclass(frozen=True)
class AgentPlan:
    """What one agent process does in one phase."""

    url: str
    host_id: int
    slots: list[tuple[int, int | None]]  # (device id, account id)
    seconds: float
    task_s: float  # simulated work per task; 0 = instant
    tick_s: float


@dataclass
class AgentFigures:
    """What one agent measured."""

    claims: int = 0
    claim_tx_ms: list[float] = field(default_factory=list)
    slot_idle_ms: list[float] = field(default_factory=list)
    first_claim_ms: float = 0.0  # from the start until every phone had its first task
    errors: list[str] = field(default_factory=list)


class _Agent:
    """The agent's loop state."""

    def __init__(self, plan: AgentPlan, engine: Engine) -> None:
        self.plan = plan
        self.db = HeldConnection(engine)
        self.slots = [Slot(device, account) for device, account in plan.slots]
        self.slot_of_device = {slot.device_id: i for i, slot in enumerate(self.slots)}
        self.idle = set(range(len(self.slots)))
        self.running: dict[int, tuple[int, float]] = {}  # slot -> (run id, work ends at)
        self.free_since = dict.fromkeys(self.idle, time.monotonic())
        self.figures = AgentFigures()
        self.last_renew = time.monotonic()
        self.began = time.monotonic()
        self.started: set[int] = set()

    def tick(self) -> int:
        """Finish the runs whose work is done and claim for every idle slot: one transaction."""
        now = time.monotonic()
        due = [i for i, (_, ends) in self.running.items() if ends <= now]
        reports = [(self.running[i][0], RunReport.success()) for i in due]
        for i in due:
            self.free_since[i] = self.running.pop(i)[1]
            self.idle.add(i)
        if not self.idle:
            return 0
        wanted = [self.slots[i] for i in sorted(self.idle)]

        def work(session: Session) -> list[Claim]:
            if reports:
                finish_runs(session, reports)
            return claim_tasks(session, self.plan.host_id, wanted)

        t0 = time.monotonic()
        claims = self.db.run(work)
        t1 = time.monotonic()
        self.figures.claim_tx_ms.append((t1 - t0) * 1000)
        for claim in claims:
            i = self.slot_of_device[claim.device_id]
            if i in self.started:  # steady state: the cold start of every phone is apart
                self.figures.slot_idle_ms.append((t1 - self.free_since[i]) * 1000)
            else:
                self.started.add(i)
                self.figures.first_claim_ms = max(
                    self.figures.first_claim_ms, (t1 - self.began) * 1000
                )
            work_s = self.plan.task_s * random.uniform(0.9, 1.1)
            self.running[i] = (claim.run_id, t1 + work_s)
            self.idle.discard(i)
        self.figures.claims += len(claims)
        return len(claims)

    def renew(self) -> None:
        if time.monotonic() - self.last_renew < RENEW_EVERY_S or not self.running:
            return
        runs = [run_id for run_id, _ in self.running.values()]
        self.db.run(lambda s: renew_leases(s, self.plan.host_id, runs))
        self.last_renew = time.monotonic()

    def pause(self, claimed: int) -> None:
        if claimed and self.plan.task_s == 0:
            return  # instant work: finish and claim again at once
        now = time.monotonic()
        next_end = min((ends for _, ends in self.running.values()), default=now + 1)
        # Sleep to the next tick, or less when a phone is about to be free.
        time.sleep(max(0.0, min(self.plan.tick_s, next_end - now)))


def agent_main(plan: AgentPlan, ready: Queue[Any], go: Event, results: Queue[Any]) -> None:
    """Run one agent for the phase and put its figures on ``results``."""
    engine = open_engine(make_url(plan.url))  # connects once: the start is not measured
    agent = _Agent(plan, engine)
    ready.put(plan.host_id)
    go.wait()
    try:
        agent.began = time.monotonic()
        agent.free_since = dict.fromkeys(range(len(agent.slots)), agent.began)
        deadline = time.monotonic() + plan.seconds
        while time.monotonic() < deadline:
            claimed = agent.tick()
            agent.renew()
            agent.pause(claimed)
        leftovers = [(run_id, RunReport.success()) for run_id, _ in agent.running.values()]
        if leftovers:
            agent.db.run(lambda s: finish_runs(s, leftovers))
    except Exception as exc:  # noqa: BLE001  (reported to the parent, which prints it)
        agent.figures.errors.append(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        agent.db.close()
        engine.dispose()
    results.put(
        {
            "figures": agent.figures,
            "deadlocks": RETRIES.deadlocks,
            "lock_timeouts": RETRIES.lock_timeouts,
            "gave_up": RETRIES.gave_up,
        }
    )
