"""The fault schedule of ``bench soak``: what breaks when, and for how long.

Each fault is applied for real (signals to mariadbd and a worker, the proxy on a
worker's path, simulated phones taken off the bus or unauthorized) and remembered
with its start, its end and what it touched, so the time to the first completed
task after it can be read from the records.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.bench.tcp_proxy import PathState

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.bench.soak_rig import SoakRig


@dataclass(frozen=True)
class Planned:
    """A fault to apply ``at_s`` seconds into the soak, for ``for_s`` seconds."""

    at_s: float
    kind: str
    for_s: float = 0.0


@dataclass
class Applied:
    """A fault as it happened: wall-clock end, and the hosts or phones it touched."""

    kind: str
    at_s: float
    ended: datetime
    hosts: tuple[str, ...] = ()  # empty: the whole pool (the database itself)
    serials: tuple[str, ...] = ()


def schedule(small: bool) -> list[Planned]:
    """The faults in order; the small soak keeps every kind, with shorter spells."""
    if small:
        # Spells a few seconds long, 7-10 s apart: it runs in the test command.
        return [
            Planned(8, "db_kill"),
            Planned(15, "phones_offline", 5),
            Planned(22, "phones_unauthorized", 5),
            Planned(29, "net_drop", 7),
            Planned(39, "net_blackhole", 7),
            Planned(49, "net_slow", 5),
            Planned(57, "db_hang", 6),
            Planned(66, "worker_kill"),
        ]
    return [
        Planned(60, "db_kill"),
        Planned(110, "phones_offline", 20),
        Planned(150, "phones_unauthorized", 20),
        Planned(190, "net_drop", 30),
        Planned(250, "net_blackhole", 30),
        Planned(310, "net_slow", 30),
        Planned(370, "db_hang", 20),
        Planned(430, "worker_kill"),
    ]


@dataclass
class FaultRunner:
    """Applies the planned faults against the rig, in order, at their times."""

    rig: SoakRig
    started: float  # monotonic start of the soak
    between: Callable[[], None]  # called while waiting (the pool is topped up)
    applied: list[Applied] = field(default_factory=list)

    def run(self, plan: list[Planned]) -> None:
        """Apply every fault of ``plan``; returns after the last one has ended."""
        for fault in plan:
            self._sleep_until(self.started + fault.at_s)
            at_s = round(time.monotonic() - self.started, 1)
            hosts, serials = getattr(self, f"_{fault.kind}")(fault.for_s)
            self.applied.append(Applied(fault.kind, at_s, datetime.now(UTC), hosts, serials))

    def _sleep_until(self, moment: float, feed: bool = True) -> None:
        while (left := moment - time.monotonic()) > 0:
            if feed:
                self.between()
            time.sleep(min(left, 1.0))

    def _hold(self, seconds: float, feed: bool = True) -> None:
        # ``feed`` False while the database itself is down or hung: the soak's own
        # statements would wait on it too.
        self._sleep_until(time.monotonic() + seconds, feed)

    # Each fault returns (hosts, serials) it touched; both empty: everyone.

    def _db_kill(self, _for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        self.rig.db.kill()
        time.sleep(2.0)
        self.rig.db.start()  # returns once it answers again (after crash recovery)
        return (), ()

    def _db_hang(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        self.rig.db.hang()
        try:
            self._hold(for_s, feed=False)
        finally:
            self.rig.db.resume()
        return (), ()

    def _net(self, how: PathState, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        assert self.rig.proxy is not None
        self.rig.proxy.fail(how, delay_s=0.2)
        try:
            self._hold(for_s)
        finally:
            self.rig.proxy.restore()
        return (self.rig.workers[0].host_name,), ()

    def _net_drop(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._net(PathState.DROP, for_s)

    def _net_blackhole(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._net(PathState.BLACKHOLE, for_s)

    def _net_slow(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._net(PathState.SLOW, for_s)

    def _worker_kill(self, _for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        worker = self.rig.workers[1 % len(self.rig.workers)]
        worker.kill()
        worker.start()
        return (worker.host_name,), ()

    def _phones(self, offset: int) -> list[int]:
        # Three phones, one of each worker, away from the slow ones (index % 5 == 4).
        count = self.rig.phone_count
        return [i for i in range(offset, count, 7) if i % 5 != 4][:3]

    def _phones_offline(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        chosen = self._phones(1)
        for index in chosen:
            self.rig.phone_owner[index].set_offline(index)
        try:
            self._hold(for_s)
        finally:
            for index in chosen:
                self.rig.phone_owner[index].set_online(index)
        return (), tuple(self.rig.serial_of(i) for i in chosen)

    def _phones_unauthorized(self, for_s: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        chosen = self._phones(2)
        for index in chosen:
            self.rig.phone_owner[index].set_unauthorized(index, True)
        try:
            self._hold(for_s)
        finally:
            for index in chosen:
                self.rig.phone_owner[index].set_unauthorized(index, False)
        return (), tuple(self.rig.serial_of(i) for i in chosen)
