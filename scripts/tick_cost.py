"""What one agent tick costs the machine: the agent's CPU and the database server's.

Usage:
    .venv/bin/python scripts/tick_cost.py mysql+pymysql://root@127.0.0.1/SCRATCH \
        [--ticks 1500] [--rounds 2]

One process, one host of 50 phones, ticks of one finished attempt and one claim, on
the pool's path (the host agent's ``finish_and_claim`` on a held connection) and on
``bench pool``'s raw PyMySQL loop, alternating in rounds so both meet the same
machine. Prints per tick: the process's user and system CPU, the server's CPU (read
from ``/proc`` when one ``mariadbd`` or ``mysqld`` runs on this machine) and the wall
time. ``bench pool``'s latencies follow how busy these costs keep the cores.
Writes throwaway batches: the scratch database is refused if it holds real ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import make_url  # noqa: E402

from app.bench.pool import _fill, _queue_of  # noqa: E402
from app.bench.pool_raw import RawClaimer  # noqa: E402
from app.bench.pool_setup import bench_engine, prepare_fleet  # noqa: E402
from app.errors import UserError  # noqa: E402
from app.heap import freeze_startup_heap  # noqa: E402
from db.pool.tx import HeldConnection  # noqa: E402
from db.pool.values import Slot  # noqa: E402
from workers import agent_ops  # noqa: E402
from workers.attempt import AttemptOutcome  # noqa: E402

if TYPE_CHECKING:
    from sqlalchemy import Engine

PHONES = 50
WARM_UP = 200
SUCCESS = AttemptOutcome(succeeded=True)
Tick = Callable[[int], None]


def server_pid() -> int | None:
    """The one MariaDB / MySQL server process on this machine, if there is exactly one."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() in (
                "mariadbd",
                "mysqld",
            ):
                found.append(int(entry.name))
        except OSError:
            continue
    return found[0] if len(found) == 1 else None


def server_cpu_s(pid: int | None) -> float | None:
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pool_ticks(engine: Engine, host: int, phones: list[tuple[int, int]]) -> Tick:
    """The host agent's tick: record one finished attempt and claim for its phone."""
    slots = {device: Slot(device, account) for device, account in phones}
    held = HeldConnection(engine)
    first = held.run(lambda s: agent_ops.finish_and_claim(s, host, "pc", [], list(slots.values())))
    running = {claim.device_id: claim.run_id for claim in first.claims}
    order = sorted(d for d in running if d is not None)

    def tick(i: int) -> None:
        device = order[i % len(order)]
        ended = [(running[device], SUCCESS)]
        settled = held.run(
            lambda s: agent_ops.finish_and_claim(s, host, "pc", ended, [slots[device]], {device})
        )
        running[device] = settled.claims[0].run_id

    return tick


def raw_ticks(raw: RawClaimer, phones: list[tuple[int, int]]) -> Tick:
    """The raw loop's tick: close one attempt and claim for its phone."""
    running = dict(raw.tick([], [device for device, _ in phones]))
    order = sorted(running)

    def tick(i: int) -> None:
        device = order[i % len(order)]
        running[device] = raw.tick([running[device]], [device])[0][1]

    return tick


def measure(name: str, tick: Tick, ticks: int, pid: int | None) -> None:
    for i in range(WARM_UP):
        tick(i)
    before, server, wall = os.times(), server_cpu_s(pid), time.perf_counter()
    for i in range(ticks):
        tick(i)
    after, server_after, wall_after = os.times(), server_cpu_s(pid), time.perf_counter()
    per = 1000 / ticks
    server_ms = (
        "n/a" if server is None or server_after is None else f"{(server_after - server) * per:.2f}"
    )
    print(
        f"{name:5s} per tick: agent user {(after.user - before.user) * per:.2f} ms, "
        f"system {(after.system - before.system) * per:.2f} ms; server {server_ms} ms; "
        f"wall {(wall_after - wall) * per:.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a scratch MariaDB / MySQL database (mysql+pymysql://...)")
    parser.add_argument("--ticks", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if min(args.ticks, args.rounds) < 1:
        parser.error("--ticks and --rounds must be positive")
    try:
        run_rounds(args.url, args.ticks, args.rounds)
    except UserError as exc:
        print(f"tick_cost: error: {exc}", file=sys.stderr)
        return 2
    return 0


def run_rounds(url: str, ticks: int, rounds: int) -> None:
    """Measure the pool's tick and the bare loop's, alternating, ``rounds`` times."""
    engine, url_text = bench_engine(url)
    try:
        if engine.dialect.name != "mysql":
            raise UserError("the bare loop is PyMySQL: give a MariaDB / MySQL database")
        host, phones = prepare_fleet(engine, 1, PHONES)[0]
        _fill(engine, 2 * rounds * (ticks + WARM_UP + PHONES) + PHONES)
        queue = _queue_of(engine)
        pool = pool_ticks(engine, host, phones)
        raw = raw_ticks(RawClaimer(make_url(url_text), host, queue), phones)
        freeze_startup_heap()  # as the host agent does once it has started
        pid = server_pid()
        for _ in range(rounds):
            measure("pool", pool, ticks, pid)
            measure("raw", raw, ticks, pid)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
