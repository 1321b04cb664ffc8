"""A schedule-firing agent in its own process, on a fast simulated clock.

``python -m tests.support.slot_agent DB_URL HOST SIM_START SIM_END SPEED AT``: the
simulated clock every agent of a test shares is SIM_START at wall time AT (Unix
seconds) and runs SPEED times as fast; the agent calls the host agent's own
``fire_schedules`` (once at SIM_START before AT, then in a loop) until SIM_END, then
once more at SIM_END. Prints how many slots it recorded.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from db.engine import open_engine
from db.pool.tx import run_transaction
from workers.agent_ops import fire_schedules

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _fire_all(engine: Engine, host: str, now: datetime) -> int:
    """What the host agent does each look: one schedule per transaction until none is due."""
    total = 0
    while fired := run_transaction(engine, lambda s: fire_schedules(s, host, now)):
        total += len(fired)
    return total


def main(argv: list[str]) -> int:
    url, host, start_text, end_text, speed_text, at_text = argv
    engine = open_engine(make_url(url))
    start, end = datetime.fromisoformat(start_text), datetime.fromisoformat(end_text)
    speed, at = float(speed_text), float(at_text)
    # The clock stands at SIM_START until AT: the catch-up after a down window is done
    # then, not while the next slots come due.
    recorded, calls, busy = _fire_all(engine, host, start), 0, 0.0
    time.sleep(max(at - time.time(), 0))
    while (now := start + timedelta(seconds=(time.time() - at) * speed)) < end:
        began = time.perf_counter()
        recorded += _fire_all(engine, host, now)
        busy, calls = busy + time.perf_counter() - began, calls + 1
        time.sleep(0.005)
    print(f"{host}: {calls} calls, {busy / max(calls, 1) * 1000:.1f} ms each", file=sys.stderr)
    recorded += _fire_all(engine, host, end)
    engine.dispose()
    print(recorded, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
