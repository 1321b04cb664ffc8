"""Where the milliseconds of an agent's tick go: each statement's round trip, by kind.

``bench pool --breakdown`` hangs this on every agent's engine: it names each
statement by its verb and first table (``SELECT pool_ready``, ``UPDATE pool_runs``)
and adds up how often it ran and how long its round trip took, so the report can
say how many round trips a tick costs and which of them cost the most.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

if TYPE_CHECKING:
    from sqlalchemy import Engine

_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+`?(\w+)", re.IGNORECASE)
_INNERMOST = re.compile(r"\([^()]*\)")


def statement_kind(sql: str) -> str:
    """``VERB table`` of a statement, e.g. ``SELECT pool_ready`` (subqueries aside)."""
    words = sql.lstrip().split(None, 1)
    verb = words[0].upper() if words else "?"
    outer, previous = sql, ""
    while outer != previous:  # drop (...) from the inside out: EXISTS (SELECT ...) etc.
        previous, outer = outer, _INNERMOST.sub("", outer)
    found = _TABLE.search(outer) or _TABLE.search(sql)
    return f"{verb} {found.group(1)}" if found else verb


class StatementClock:
    """Counts and times the statements an engine sends (one process, one thread)."""

    def __init__(self) -> None:
        self.count: dict[str, int] = defaultdict(int)
        self.ms: dict[str, float] = defaultdict(float)
        self._started = 0.0

    def attach(self, engine: Engine) -> None:
        """Listen to ``engine``'s statements."""
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def add(self, kind: str, seconds: float) -> None:
        """Count one round trip of ``kind`` that took ``seconds``."""
        self.count[kind] += 1
        self.ms[kind] += seconds * 1000

    def _before(self, *_args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.add(statement_kind(statement), time.perf_counter() - self._started)

    def merged(self, other: StatementClock) -> None:
        """Add another clock's figures to this one."""
        for kind, n in other.count.items():
            self.count[kind] += n
            self.ms[kind] += other.ms[kind]

    def table(self, ticks: int) -> list[dict[str, Any]]:
        """Per kind: round trips per tick and mean ms each, the costliest first."""
        rows = [
            {
                "statement": kind,
                "per_tick": round(n / max(1, ticks), 2),
                "mean_ms": round(self.ms[kind] / n, 2),
                "ms_per_tick": round(self.ms[kind] / max(1, ticks), 2),
            }
            for kind, n in self.count.items()
        ]
        return sorted(rows, key=lambda row: -row["ms_per_tick"])
