"""``bench pool``: PC agents claiming for their phone slots against one database.

Two phases, each ``--seconds`` long, with ``--agents`` processes of ``--slots``
slots each: *saturated* (instant work: how many claims per second the pool takes)
and *offered* (work sized so the fleet asks for ``--offered`` claims per second:
claim latency and how long a free phone waits). It writes throwaway batches, so
point ``--db`` at a scratch database.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text

from app.bench.pool_agent import AgentPlan, agent_main
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
        "--phase", choices=["both", "saturated", "offered"], default="both", help="what to run"
    )
    parser.add_argument("--tick-ms", type=float, default=20.0, help="agent loop tick")


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the phases and return the figures."""
    if args.agents < 1 or args.slots < 1 or args.seconds <= 0 or args.offered <= 0:
        raise UserError("--agents, --slots, --seconds and --offered must be positive")
    engine, url_text = bench_engine(args.bench_db or settings.db_url)
    try:
        stop_open(engine)
        fleet = prepare_fleet(engine, args.agents, args.slots)
        first_batch = _fill(engine, TOP_UP)
        figures: dict[str, Any] = {}
        retried, gave_up = 0, 0
        deadlocks_before = _server_deadlocks(engine)
        slots = args.agents * args.slots
        phases = {"saturated": 0.0, "offered": slots / args.offered}
        for name, task_s in phases.items():
            if args.phase in ("both", name):
                rate = SATURATED_GUESS if task_s == 0 else args.offered
                _fill(engine, int(rate * args.seconds * 1.2) + slots)
                results = _phase(engine, url_text, fleet, args, task_s)
                figures.update(_summary(name, results, args.seconds))
                retried += sum(r["deadlocks"] + r["lock_timeouts"] for r in results)
                gave_up += sum(r["gave_up"] for r in results)
        main = "saturated" if args.phase != "offered" else "offered"
        lat = "offered" if args.phase != "saturated" else "saturated"
        return {
            "claims_per_s": figures[f"{main}_claims_per_s"],
            "claim_p50_ms": figures[f"{lat}_claim_p50_ms"],
            "claim_p99_ms": figures[f"{lat}_claim_p99_ms"],
            "slot_idle_p99_ms": figures[f"{lat}_slot_idle_p99_ms"],
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
    engine: Engine, url_text: str, fleet: list[Any], args: argparse.Namespace, task_s: float
) -> list[dict[str, Any]]:
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    procs = []
    for host_id, slots in fleet:
        tick = args.tick_ms / 1000
        plan = AgentPlan(url_text, host_id, slots, args.seconds, task_s, tick)
        proc = context.Process(target=agent_main, args=(plan, ready, go, results), daemon=True)
        proc.start()
        procs.append(proc)
    for _ in procs:  # every agent has imported and connected: start them together
        ready.get(timeout=120)
    go.set()
    start_at = time.time()
    deadline = start_at + args.seconds + 60
    while time.time() < start_at + args.seconds:
        if _waiting(engine) < LOW_WATER:
            _submit_chunk(engine)
        time.sleep(0.25)
    out = [results.get(timeout=max(1.0, deadline - time.time())) for _ in procs]
    for proc in procs:
        proc.join(timeout=10)
    return out


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 2)


def _summary(name: str, results: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    claims = sum(r["figures"].claims for r in results)
    claim_ms = [v for r in results for v in r["figures"].claim_tx_ms]
    idle_ms = [v for r in results for v in r["figures"].slot_idle_ms]
    errors = [e for r in results for e in r["figures"].errors]
    if errors:
        raise UserError(f"bench pool: an agent failed: {errors[0]}", ErrorCode.FAILED)
    return {
        f"{name}_claims_per_s": round(claims / seconds, 1),
        f"{name}_claims": claims,
        f"{name}_claim_p50_ms": _percentile(claim_ms, 0.50),
        f"{name}_claim_p99_ms": _percentile(claim_ms, 0.99),
        f"{name}_slot_idle_p50_ms": _percentile(idle_ms, 0.50),
        f"{name}_slot_idle_p99_ms": _percentile(idle_ms, 0.99),
        f"{name}_cold_start_ms": round(max(r["figures"].first_claim_ms for r in results), 1),
    }


def _server_deadlocks(engine: Engine) -> int:
    if engine.dialect.name != "mysql":
        return 0
    with engine.connect() as conn:
        row = conn.execute(text("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")).first()
    return int(row[1]) if row is not None else 0
