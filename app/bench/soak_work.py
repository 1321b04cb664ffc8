"""The work ``bench soak`` puts into the pool: all three modes and pipelines, real flows."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.submission import spec_for
from db.pool.sql import TASKS
from db.pool.states import OPEN_TASK_STATES, Mode
from db.pool.submit import submit_batch, submit_pipeline
from db.pool.tx import run_transaction
from db.pool.values import PipelineStage
from workers.flows.catalog import load_catalog
from workers.sim.simvideo.catalog import catalog_for

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from workers.flows.sdk import Flow

SUBMITTER = "soak"
LEASE_S = 45  # a worker cut off for 30 s keeps its running attempts
TOP_UP_BELOW = 150  # open tasks under which more are added while faults remain


class SoakWork:
    """Submits the soak's batches and counts what it submitted."""

    def __init__(self, engine: Engine, seed: int, small: bool) -> None:
        self.engine = engine
        self.small = small
        self.catalog = load_catalog()
        creators = [c.id for c in catalog_for(seed).creators]
        self._creators = itertools.cycle(creators)
        self.pipelines: list[tuple[int, int]] = []  # (titles batch, comments batch)

    def _flow(self, name: str) -> Flow:
        return self.catalog.flow(name)

    def _submit(self, flow: str, params: dict[str, Any], **options: Any) -> int:
        spec = spec_for(
            self._flow(flow), params, submitted_by=SUBMITTER, lease_s=LEASE_S, **options
        )
        return int(run_transaction(self.engine, lambda s: submit_batch(s, spec)))

    def each_device(self) -> None:
        """account.detect on every phone (binds the accounts spread batches share out)."""
        self._submit("account.detect", {"app": "simvideo"}, mode=Mode.EACH_DEVICE, priority=2)

    def pipeline(self, titles: int) -> None:
        """collect.titles of one creator, each title fanned out to one collect.comments."""
        creator = next(self._creators)
        name = f"soak-{len(self.pipelines) + 1}"
        upstream = spec_for(
            self._flow("collect.titles"),
            {"creator": creator, "count": titles},
            submitted_by=SUBMITTER,
            lease_s=LEASE_S,
            pipeline=name,
            stage="titles",
            priority=3,
        )
        downstream = spec_for(
            self._flow("collect.comments"),
            {"creator": creator, "max_comments": 3, "scan_limit": 20},
            submitted_by=SUBMITTER,
            lease_s=LEASE_S,
            mapping={"title": "title", "position": "position"},
            pipeline=name,
            stage="comments",
            priority=3,
        )
        stages = [PipelineStage(upstream), PipelineStage(downstream, after_stage=0)]
        ids = run_transaction(self.engine, lambda s: submit_pipeline(s, stages))
        self.pipelines.append((ids[0], ids[1]))

    def pool(self, count: int) -> None:
        """Short collect.titles tasks any phone may take, each of its own creator."""
        tasks = tuple({"creator": next(self._creators), "count": 2} for _ in range(count))
        self._submit("collect.titles", {}, mode=Mode.POOL, task_params=tasks, priority=5)

    def spread(self, count: int) -> None:
        """collect.titles shared evenly over distinct accounts."""
        creator = next(self._creators)
        self._submit(
            "collect.titles", {"creator": creator, "count": 1}, mode=Mode.SPREAD, count=count
        )

    def first_wave(self, target: int) -> None:
        """Every kind of work, ``target`` tasks in all (pipelines' fan-out not counted)."""
        self.each_device()
        for _ in range(2 if self.small else 6):
            self.pipeline(titles=8 if self.small else 15)
        self.spread(60 if self.small else 800)
        self.each_device()
        while (have := self.count_tasks()) < target:
            self.pool(min(500, target - have))

    def top_up(self) -> bool:
        """Add pool work when the pool runs low while faults remain; True if added."""
        if self.open_tasks() >= TOP_UP_BELOW:
            return False
        self.pool(100 if self.small else 300)
        return True

    def open_tasks(self) -> int:
        """Tasks not yet terminal."""
        return self.count_tasks(open_only=True)

    def count_tasks(self, open_only: bool = False) -> int:
        """Tasks in the pool (``open_only``: not yet terminal)."""
        query = select(func.count()).select_from(TASKS)
        if open_only:
            query = query.where(TASKS.c.state.in_(list(OPEN_TASK_STATES)))
        return int(
            run_transaction(self.engine, lambda s: s.execute(query).scalar_one(), read_only=True)
        )
