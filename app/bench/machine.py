"""How busy this machine's processors were over a stretch of time (Linux ``/proc/stat``).

A latency figure of ``bench pool`` means little without it: twenty agents, the database
server and the kernel share the same cores, and a claim's tail is mostly time spent
waiting for one once they are three quarters busy.
"""

from __future__ import annotations

import os
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


THREAD_SCHEDSTAT = "/proc/thread-self/schedstat"


class CoreWaitClock:
    """How long the calling thread has waited for a core while ready to run (Linux
    ``schedstat``: run time, wait time, time slices).

    A claim's wall time on a shared machine is its agent's CPU, the server's answer
    and the agent's wait for a core between them; past three quarters busy the last
    one is most of a slow claim. The file stays open: one read costs about a
    microsecond, against a tick of milliseconds.
    """

    def __init__(self, source: str = THREAD_SCHEDSTAT) -> None:
        try:
            self._fd: int | None = os.open(source, os.O_RDONLY)
        except OSError:
            self._fd = None

    def waited_ns(self) -> int | None:
        """Nanoseconds waited for a core since the thread began; None where unknown."""
        if self._fd is None:
            return None
        try:
            fields = os.pread(self._fd, 128, 0).split()
            return int(fields[1])
        except (OSError, IndexError, ValueError):
            return None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def percentile(values: list[float], q: float) -> float:
    """The value at quantile ``q`` (0..1) of ``values``, nearest rank; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 2)


def core_wait_figures(
    claims: list[tuple[float, float]], slowest_share: float = 0.01
) -> tuple[float | None, float | None]:
    """From (claim ms, of which waiting for a core ms) pairs: the claims' p99 less that
    wait, and the share of the slowest ``slowest_share`` claims' time spent waiting, in
    percent; (None, None) for no pairs."""
    if not claims:
        return None, None
    p99 = percentile([total - waited for total, waited in claims], 0.99)
    slowest = sorted(claims, reverse=True)[: max(1, round(len(claims) * slowest_share))]
    total_ms = sum(total for total, _ in slowest)
    share = 100 * sum(waited for _, waited in slowest) / total_ms if total_ms > 0 else 0.0
    return p99, round(share, 1)
