"""``bench pool``: PC agents claiming for their phone slots against one database.

Phases, each ``--seconds`` long, with ``--agents`` processes of ``--slots`` slots
each: *saturated* (instant work: how many claims per second the pool takes),
*offered* (work sized so the fleet asks for ``--offered`` claims per second: claim
latency and how long a free phone waits; each phone's first task runs a random part
of a task's length, so work ends at that rate from the start) and, on MySQL, *raw*:
the same agents saturated again, claiming with a bare PyMySQL loop (``pool_raw``) on
the same tables, so ``raw_ratio`` (the pool's claims/s over the bare loop's) comes
from one run, and *raw_offered*: the bare loop at the offered rate, the latency this
machine allows any claim at that rate (with ``--phase both`` on MySQL). It
writes throwaway batches, so point ``--db`` at a scratch database.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from app.bench.machine import busy_percent, core_wait_figures, cpu_times, percentile
from app.bench.pool_agent import AgentPlan, agent_main
from app.bench.pool_clock import StatementClock
from app.bench.pool_setup import (
    BENCH_USER,
    bench_engine,
    check_double_claims,
    prepare_fleet,
    stop_open,
)
from app.errors import ErrorCode, UserError
from db.pool.sql import READY
from db.pool.submit import submit_batch
from db.pool.tx import RETRIES, run_transaction
from db.pool.values import BatchSpec

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable

    from sqlalchemy import Engine

    from app.settings import Settings

LOW_WATER = 6000
TOP_UP = 4000
SATURATED_GUESS = 2500  # claims/s to stock tasks for before the saturated phase


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--agents", type=int, default=20, help="PC agents (processes)")
    parser.add_argument("--slots", type=int, default=50, help="phone slots per agent")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument(
        "--offered", type=float, default=300.0, help="claims/s the offered phase asks for"
    )
    parser.add_argument(
        "--phase",
        choices=["both", "saturated", "offered", "raw"],
        default="both",
        help="what to run (both: saturated, offered and, on MySQL, raw)",
    )
    parser.add_argument("--tick-ms", type=float, default=20.0, help="agent loop tick")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="slices the saturated and raw phases alternate in (same load for both)",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="time every statement of a tick by kind (adds a little overhead)",
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the phases and return the figures."""
    if min(args.agents, args.slots, args.rounds) < 1 or min(args.seconds, args.offered) <= 0:
        raise UserError("--agents, --slots, --rounds, --seconds and --offered must be positive")
    engine, url_text = bench_engine(args.bench_db or settings.db_url)
    try:
        stop_open(engine)
        fleet = prepare_fleet(engine, args.agents, args.slots)
        first_batch = _fill(engine, TOP_UP)
        figures: dict[str, Any] = {}
        retried, gave_up = 0, 0
        deadlocks_before = _server_deadlocks(engine)
        slots = args.agents * args.slots
        found: dict[str, list[dict[str, Any]]] = {}
        for name, task_s, seconds in _schedule(args, engine, slots):
            _fill(engine, int(_stock_rate(args, task_s) * seconds * 1.2) + slots)
            raw_target = _queue_of(engine) if name.startswith("raw") else None
            results = _phase(engine, url_text, fleet, args, task_s, raw_target, seconds)
            found.setdefault(name, []).extend(results)
            retried += sum(r["deadlocks"] + r["lock_timeouts"] for r in results)
            gave_up += sum(r["gave_up"] for r in results)
        for name, results in found.items():
            figures.update(_summary(name, results, args.seconds, args.breakdown))
        if "raw_claims_per_s" in figures and "saturated_claims_per_s" in figures:
            raw = figures["raw_claims_per_s"]
            figures["raw_ratio"] = round(figures["saturated_claims_per_s"] / raw, 2) if raw else 0
        main = "saturated" if args.phase not in ("offered", "raw") else args.phase
        lat = "offered" if args.phase in ("both", "offered") else main
        return {
            "claims_per_s": figures[f"{main}_claims_per_s"],
            "claim_p50_ms": figures[f"{lat}_claim_p50_ms"],
            "claim_p99_ms": figures[f"{lat}_claim_p99_ms"],
            "slot_idle_p99_ms": figures[f"{lat}_slot_idle_p99_ms"],
            "load_average": [round(n, 2) for n in os.getloadavg()],
            "double_claims": check_double_claims(engine, first_batch),
            "deadlocks": retried + RETRIES.deadlocks + RETRIES.lock_timeouts,
            "deadlocks_unretried": gave_up + RETRIES.gave_up,
            "server_deadlocks": _server_deadlocks(engine) - deadlocks_before,
            "backend": engine.dialect.name,
            "agents": args.agents,
            "slots": slots,
            **figures,
        }
    finally:
        stop_open(engine)
        engine.dispose()


def _schedule(
    args: argparse.Namespace, engine: Engine, slots: int
) -> list[tuple[str, float, float]]:
    """The phases to run: (name, work per task in seconds (0: instant), length).

    The saturated phase and the raw yardstick alternate in ``--rounds`` slices, so
    that on a shared machine both meet the same load and their ratio means something.
    """
    offered = ("offered", slots / args.offered, args.seconds)
    if args.phase == "offered":
        return [offered]
    names = ["saturated"] if args.phase == "saturated" else ["raw"]
    if args.phase == "both":
        names = ["saturated", "raw"] if engine.dialect.name == "mysql" else ["saturated"]
    rounds = args.rounds if len(names) > 1 else 1
    slices = [(name, 0.0, args.seconds / rounds) for _ in range(rounds) for name in names]
    if args.phase != "both":
        return slices
    # The raw loop at the same offered rate: the latency this machine allows at all.
    raw_offered = [("raw_offered", offered[1], args.seconds)] if "raw" in names else []
    return slices + [offered] + raw_offered


def _stock_rate(args: argparse.Namespace, task_s: float) -> float:
    """Claims/s a phase's queue is stocked for (instant work: a guess of the most)."""
    return SATURATED_GUESS if task_s == 0 else float(args.offered)


def _queue_of(engine: Engine) -> str:
    """The shared queue the benchmark's tasks wait in (the raw loop claims from it)."""
    if engine.dialect.name != "mysql":
        raise UserError("bench pool --phase raw needs a MySQL database (it is PyMySQL)")
    return str(
        run_transaction(engine, lambda s: s.execute(select(READY.c.target).limit(1)).scalar_one())
    )


def _waiting(engine: Engine) -> int:
    return int(
        run_transaction(
            engine, lambda s: s.execute(select(func.count()).select_from(READY)).scalar_one()
        )
    )


def _fill(engine: Engine, wanted: int) -> int:
    """Submit batches until ``wanted`` tasks wait; return the first batch id (0: none)."""
    first = 0
    while _waiting(engine) < wanted:
        batch_id = _submit_chunk(engine)
        first = first or batch_id
    return first


def _submit_chunk(engine: Engine) -> int:
    spec = BatchSpec(
        flow="bench.noop",
        params={},
        count=TOP_UP,
        submitted_by=BENCH_USER,
        retry_delay_s=0,
        lease_s=120,
    )
    return run_transaction(engine, lambda s: submit_batch(s, spec))


def _phase(
    engine: Engine,
    url_text: str,
    fleet: list[Any],
    args: argparse.Namespace,
    task_s: float,
    raw_target: str | None,
    seconds: float,
) -> list[dict[str, Any]]:
    rate, phones = _stock_rate(args, task_s), args.agents * args.slots
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    procs = []
    for host_id, slots in fleet:
        tick = args.tick_ms / 1000
        plan = AgentPlan(
            url_text, host_id, slots, seconds, task_s, tick, raw_target, args.breakdown
        )
        proc = context.Process(target=agent_main, args=(plan, ready, go, results), daemon=True)
        proc.start()
        procs.append(proc)
    for _ in procs:  # every agent has imported and connected: start them together
        ready.get(timeout=120)
    go.set()
    cpu_before = cpu_times()
    start_at = time.time()
    deadline = start_at + seconds + 60
    while (left_s := start_at + seconds - time.time()) > 0:
        # Top up only when the rest of the phase could run dry: a submit of thousands
        # of tasks is a burst of CPU on this machine, which the latency figures of a
        # phase stocked in advance (the offered one) should not carry.
        if _waiting(engine) < min(LOW_WATER, rate * left_s * 1.2 + phones):
            _submit_chunk(engine)
        time.sleep(0.25)
    busy = busy_percent(cpu_before, cpu_times())
    out = [results.get(timeout=max(1.0, deadline - time.time())) for _ in procs]
    for result in out:
        result["machine_busy_pct"] = busy
    for proc in procs:
        proc.join(timeout=10)
    return out


def _summary(
    name: str, results: list[dict[str, Any]], seconds: float, breakdown: bool
) -> dict[str, Any]:
    claims = sum(r["figures"].claims for r in results)
    claim_ms = [v for r in results for v in r["figures"].claim_tx_ms]
    idle_ms = [v for r in results for v in r["figures"].slot_idle_ms]
    errors = [e for r in results for e in r["figures"].errors]
    if errors:
        raise UserError(f"bench pool: an agent failed: {errors[0]}", ErrorCode.FAILED)
    ticks = sum(r["figures"].ticks for r in results)
    found: dict[str, Any] = {}
    clocks = [r["figures"].clock for r in results if r["figures"].clock is not None]
    if breakdown and clocks:
        total = StatementClock()
        for clock in clocks:
            total.merged(clock)
        found[f"{name}_breakdown"] = {
            "tick_ms": round(sum(claim_ms) / max(1, len(claim_ms)), 2),
            "claims_per_tick": round(claims / max(1, ticks), 2),
            "statements": total.table(ticks),
        }
    less_wait_p99, slowest_wait_pct = core_wait_figures(_claims_and_waits(results))
    return {
        **found,
        f"{name}_ticks": ticks,
        f"{name}_claims_per_s": round(claims / seconds, 1),
        f"{name}_claims": claims,
        f"{name}_claim_p50_ms": percentile(claim_ms, 0.50),
        f"{name}_claim_p99_ms": percentile(claim_ms, 0.99),
        f"{name}_slot_idle_p50_ms": percentile(idle_ms, 0.50),
        f"{name}_slot_idle_p99_ms": percentile(idle_ms, 0.99),
        f"{name}_cold_start_ms": round(max(r["figures"].first_claim_ms for r in results), 1),
        # The whole machine's processors, busy with anything, over the phase (Linux).
        f"{name}_machine_busy_pct": _mean_of(r.get("machine_busy_pct") for r in results),
        # What the claims took less their agents' wait for a core, and how much of the
        # slowest 1% was that wait (Linux): twenty agents here share two cores, which on
        # a farm each have their own PC.
        f"{name}_claim_p99_less_core_wait_ms": less_wait_p99,
        f"{name}_slowest_claims_core_wait_pct": slowest_wait_pct,
        # What a claim costs the agents' own CPU (on a farm, each PC's; here, shared).
        f"{name}_agent_cpu_ms_per_claim": round(
            sum(r["figures"].cpu_s for r in results) * 1000 / max(1, claims), 3
        ),
    }


def _claims_and_waits(results: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """(claim ms, core wait ms) of every agent that could read its wait for each claim."""
    pairs: list[tuple[float, float]] = []
    for result in results:
        figures = result["figures"]
        if len(figures.core_wait_ms) == len(figures.claim_tx_ms):
            pairs.extend(zip(figures.claim_tx_ms, figures.core_wait_ms, strict=True))
    return pairs


def _mean_of(values: Iterable[float | None]) -> float | None:
    found = [v for v in values if v is not None]
    return round(sum(found) / len(found), 1) if found else None


def _server_deadlocks(engine: Engine) -> int:
    if engine.dialect.name != "mysql":
        return 0
    with engine.connect() as conn:
        row = conn.execute(text("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")).first()
    return int(row[1]) if row is not None else 0
