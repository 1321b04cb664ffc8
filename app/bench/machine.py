"""How busy this machine's processors were over a stretch of time (Linux ``/proc/stat``).

A latency figure of ``bench pool`` means little without it: twenty agents, the database
server and the kernel share the same cores, and a claim's tail is mostly time spent
waiting for one once they are three quarters busy.
"""

from __future__ import annotations

from pathlib import Path

PROC_STAT = Path("/proc/stat")


def cpu_times(source: Path = PROC_STAT) -> tuple[int, int] | None:
    """(busy, total) clock ticks of all processors since boot; None without ``/proc/stat``."""
    try:
        first = source.read_text(encoding="ascii").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return None
    name, *numbers = first.split()
    if name != "cpu" or len(numbers) < 4:
        return None
    ticks = [int(n) for n in numbers[:8]]  # user .. steal; guest time is inside user
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle and waiting for I/O
    return sum(ticks) - idle, sum(ticks)


def busy_percent(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """The share of processor time spent busy between two readings, in percent."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return round(100 * (after[0] - before[0]) / (after[1] - before[1]), 1)
