"""One simulated PC agent of ``bench pool``: claims for its phone slots, works, finishes.

Runs in its own process (spawned), like a real host agent, with the agent's own
database steps (``workers.agent_ops``): each tick, one transaction records the runs
whose (simulated) work ended, reads the accounts on their phones and claims for every
idle slot; every 250 ms one read looks for stop requests, and every 5 s the same
transaction also heartbeats and renews the leases.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from app.bench.machine import CoreWaitClock
from app.bench.pool_clock import StatementClock
from app.bench.pool_raw import RawClaimer
from app.heap import freeze_startup_heap
from db.engine import open_engine
from db.pool.tx import RETRIES, HeldConnection, run_transaction
from db.pool.values import Slot
from workers import agent_ops
from workers.agent_state import AgentConfig
from workers.attempt import AttemptOutcome
from workers.host_agent import TICK_MS

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from db.pool.values import Claim

WATCH_EVERY_S = TICK_MS / 1000  # the real agent's stop poll
HEARTBEAT_EVERY_S = AgentConfig.heartbeat_s  # ... and its heartbeat with the renewal
SUCCESS = AttemptOutcome(succeeded=True)
START_TIMEOUT_S = 300.0  # an agent whose start signal never comes (parent killed) exits


@dataclass(frozen=True)
class AgentPlan:
    """What one agent process does in one phase."""

    url: str
    host_id: int
    slots: list[tuple[int, int | None]]  # (device id, account id)
    seconds: float
    task_s: float  # simulated work per task; 0 = instant
    tick_s: float
    raw_target: str | None = None  # set: the raw PyMySQL yardstick, claiming from this queue
    breakdown: bool = False  # time every statement by kind


@dataclass
class AgentFigures:
    """What one agent measured."""

    claims: int = 0
    claim_tx_ms: list[float] = field(default_factory=list)
    # Of each claim_tx_ms, the agent's wait for a core (empty where the OS does not say)
    core_wait_ms: list[float] = field(default_factory=list)
    slot_idle_ms: list[float] = field(default_factory=list)
    first_claim_ms: float = 0.0  # from the start until every phone had its first task
    errors: list[str] = field(default_factory=list)
    ticks: int = 0  # claim transactions
    cpu_s: float = 0.0  # the agent process's own CPU time over the phase
    clock: StatementClock | None = None  # with --breakdown


class _Agent:
    """The agent's loop state."""

    def __init__(self, plan: AgentPlan, engine: Engine | None, raw: RawClaimer | None) -> None:
        self.plan = plan
        self.db = HeldConnection(engine) if engine is not None else None
        self.raw = raw
        self.slots = [Slot(device, account) for device, account in plan.slots]
        self.slot_of_device = {slot.device_id: i for i, slot in enumerate(self.slots)}
        self.idle = set(range(len(self.slots)))
        self.running: dict[int, tuple[int, float]] = {}  # slot -> (run id, work ends at)
        self.free_since = dict.fromkeys(self.idle, time.monotonic())
        self.figures = AgentFigures()
        self.last_watch = self.last_beat = time.monotonic()
        self.began = time.monotonic()
        self.started: set[int] = set()
        self.core_wait = CoreWaitClock()

    def start_clocks(self, began: float) -> None:
        """Start the phase's clocks. PCs start at different moments, so their heartbeats
        and stop polls fall at different moments: each agent's come at a random point of
        their period. Started at one go, all twenty renewed their fifty leases in the
        same few milliseconds every 5 s: in one offered phase, 90 of the 114 ticks over
        15 ms that recorded a finish fell within 0.3 s of those moments."""
        self.began = began
        self.free_since = dict.fromkeys(range(len(self.slots)), began)
        self.last_beat = began - random.uniform(0.0, HEARTBEAT_EVERY_S)
        self.last_watch = began - random.uniform(0.0, WATCH_EVERY_S)

    def tick(self) -> int:
        """Finish the runs whose work is done and claim for every idle slot: one transaction."""
        now = time.monotonic()
        due = [i for i, (_, ends) in self.running.items() if ends <= now]
        reports = [(self.running[i][0], SUCCESS) for i in due]
        for i in due:
            self.free_since[i] = self.running.pop(i)[1]
            self.idle.add(i)
        if not self.idle:
            return 0
        wanted = [self.slots[i] for i in sorted(self.idle)]
        ended_on = {d for i in due if (d := self.slots[i].device_id) is not None}
        t0, waited0 = time.monotonic(), self.core_wait.waited_ns()
        claims = self._transact(reports, wanted, ended_on)
        t1, waited1 = time.monotonic(), self.core_wait.waited_ns()
        # A tick that gives phones their first task (all fifty at the start) is the
        # cold start, reported apart like each phone's first claim; a PC's agent does
        # it once when it starts, not at the offered rate.
        if all(self.slot_of_device[device] in self.started for device, _ in claims):
            self.figures.claim_tx_ms.append((t1 - t0) * 1000)
            if waited0 is not None and waited1 is not None:
                self.figures.core_wait_ms.append((waited1 - waited0) / 1e6)
        self.figures.ticks += 1
        for device_id, run_id in claims:
            i = self.slot_of_device[device_id]
            if i in self.started:  # steady state: the cold start of every phone is apart
                self.figures.slot_idle_ms.append((t1 - self.free_since[i]) * 1000)
                share = random.uniform(0.9, 1.1)
            else:
                self.started.add(i)
                self.figures.first_claim_ms = max(
                    self.figures.first_claim_ms, (t1 - self.began) * 1000
                )
                # A farm's phones are at every point of their work at any moment: the
                # first task of each runs a random part of a task's length, so work ends
                # at the offered rate from the start, not in waves of every phone at
                # once (all 1,000 freed within 0.7 s, then none for 2.6 s).
                share = random.uniform(0.0, 1.0)
            work_s = self.plan.task_s * share
            self.running[i] = (run_id, t1 + work_s)
            self.idle.discard(i)
        self.figures.claims += len(claims)
        return len(claims)

    def _transact(
        self,
        reports: list[tuple[int, AttemptOutcome]],
        wanted: list[Slot],
        ended_on: set[int] | None = None,
    ) -> list[tuple[int, int]]:
        """One transaction: finish ``reports``, claim for ``wanted``; (device, run) pairs."""
        if self.raw is not None:
            devices = [slot.device_id for slot in wanted if slot.device_id is not None]
            return self.raw.tick([run_id for run_id, _ in reports], devices)
        assert self.db is not None
        clock = self.figures.clock
        work_done = 0.0

        def work(session: Session) -> list[Claim]:
            nonlocal work_done
            settled = agent_ops.finish_and_claim(
                session, self.plan.host_id, "bench-pc", reports, wanted, ended_on or set()
            )
            work_done = time.perf_counter()
            return settled.claims

        claims = self.db.run(work)
        if clock is not None:
            clock.add("COMMIT", time.perf_counter() - work_done)
        return [(claim.device_id, claim.run_id) for claim in claims if claim.device_id]

    def watch(self) -> None:
        """The real agent's stop poll, with the heartbeat and renewal when one is due."""
        now = time.monotonic()
        if self.db is None or now - self.last_watch < WATCH_EVERY_S:
            return
        self.last_watch = now
        renew = None
        if now - self.last_beat >= HEARTBEAT_EVERY_S:
            self.last_beat = now
            renew = [run_id for run_id, _ in self.running.values()]
        stops = bool(self.running)
        if renew is None and not stops:
            return
        host = self.plan.host_id
        self.db.run(
            lambda s: agent_ops.watch_running(s, host, renew, stops=stops),
            read_only=renew is None,
        )

    def finish_leftovers(self, leftovers: list[tuple[int, AttemptOutcome]]) -> None:
        """Close the runs still working when the phase ended (not measured)."""
        clock, self.figures.clock = self.figures.clock, None
        self._transact(leftovers, [])
        self.figures.clock = clock

    def close(self) -> None:
        self.core_wait.close()
        if self.db is not None:
            self.db.close()
        if self.raw is not None:
            self.raw.close()

    def pause(self, claimed: int) -> None:
        if claimed and self.plan.task_s == 0:
            return  # instant work: finish and claim again at once
        now = time.monotonic()
        next_end = min((ends for _, ends in self.running.values()), default=now + 1)
        # Sleep to the next tick, or less when a phone is about to be free.
        time.sleep(max(0.0, min(self.plan.tick_s, next_end - now)))


def _warm_up(engine: Engine, plan: AgentPlan) -> None:
    """One tick of every kind, rolled back, before the phase starts.

    A new process compiles each statement the first time it sends it (SQLAlchemy
    caches it after): several hundred milliseconds of CPU per agent, which twenty fresh
    agents spent in the first seconds of every measured phase and which read as claim
    latency. A host agent runs for hours; its statements are compiled once. Twenty
    agents warm up at once on one queue: a deadlock is tried again, as in the phase.
    """
    slots = [Slot(device, account) for device, account in plan.slots]

    def one_of_each(session: Session) -> None:
        host = plan.host_id
        settled = agent_ops.finish_and_claim(session, host, "bench-pc", [], slots)
        ended = [(claim.run_id, SUCCESS) for claim in settled.claims]
        devices = {device for device, _ in plan.slots}
        agent_ops.finish_and_claim(session, host, "bench-pc", ended, slots, devices)
        agent_ops.watch_running(session, host, [r for r, _ in ended], stops=True)
        session.rollback()

    run_transaction(engine, one_of_each)


def agent_main(plan: AgentPlan, ready: Queue[Any], go: Event, results: Queue[Any]) -> None:
    """Run one agent for the phase and put its figures on ``results``."""
    url = make_url(plan.url)
    engine, raw = None, None
    try:
        if plan.raw_target is not None:
            raw = RawClaimer(url, plan.host_id, plan.raw_target)
        else:
            engine = open_engine(url)  # connects once: the start is not measured
            _warm_up(engine, plan)
        freeze_startup_heap()  # as the worker does once it has started
    except Exception as exc:  # noqa: BLE001  (reported to the parent, which prints it)
        ready.put(plan.host_id)
        figures = AgentFigures(errors=[f"before the phase: {type(exc).__name__}: {exc}"[:300]])
        results.put({"figures": figures, "deadlocks": 0, "lock_timeouts": 0, "gave_up": 0})
        return
    agent = _Agent(plan, engine, raw)
    if plan.breakdown and engine is not None:
        agent.figures.clock = StatementClock()
        agent.figures.clock.attach(engine)
    ready.put(plan.host_id)
    if not go.wait(timeout=START_TIMEOUT_S):  # the parent is gone: do not linger
        agent.close()
        if engine is not None:
            engine.dispose()
        return
    cpu_at_start = time.process_time()
    try:
        agent.start_clocks(time.monotonic())
        deadline = time.monotonic() + plan.seconds
        while time.monotonic() < deadline:
            claimed = agent.tick()
            agent.watch()
            agent.pause(claimed)
        leftovers = [(run_id, SUCCESS) for run_id, _ in agent.running.values()]
        if leftovers:
            agent.finish_leftovers(leftovers)
    except Exception as exc:  # noqa: BLE001  (reported to the parent, which prints it)
        agent.figures.errors.append(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        agent.figures.cpu_s = time.process_time() - cpu_at_start
        agent.close()
        if engine is not None:
            engine.dispose()
    results.put(
        {
            "figures": agent.figures,
            "deadlocks": RETRIES.deadlocks + (raw.deadlocks if raw is not None else 0),
            "lock_timeouts": RETRIES.lock_timeouts,
            "gave_up": RETRIES.gave_up,
        }
    )
