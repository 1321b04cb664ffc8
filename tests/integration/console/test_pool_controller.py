"""The task-pool editor wired to its controller on a real pool (SQLite and MariaDB):
what an operator reads in the batches table after tasks succeed, fail and are stopped,
and what *Retry failed* brings back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

from app.controllers.db_executor import DbExecutor
from app.controllers.pool_controller import PoolController
from db.pool.states import ErrorClass
from db.pool.stop import stop_batch, stop_task
from db.pool.values import RunReport
from ui.main_window import MainWindow
from ui.pool.batch_model import PROGRESS, BatchRole
from ui.pool.pool_data import BatchSpec, Mode, Targets
from ui.prompts import Prompts
from workers.flows.catalog import load_catalog

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from tests.support.pool import Fleet
    from ui.pool.pool_data import BatchRow

FLAKY = RunReport.failure(ErrorClass.RETRYABLE, "network down")  # no attempt left: failed


class Answers(Prompts):
    """An operator who says yes, and ticks the box only when told to."""

    def __init__(self) -> None:
        self.tick = False
        self.asked: list[str] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(text)
        return True

    def confirm_with_option(
        self, parent: Any, title: str, text: str, option: str
    ) -> tuple[bool, bool]:
        self.asked.append(f"{text} [{option}]")
        return True, self.tick


@dataclass
class Editor:
    """The task-pool tab as an operator uses it, over the test's database."""

    qtbot: QtBot
    window: MainWindow
    controller: PoolController
    db: DbExecutor
    answers: Answers

    def settle(self) -> None:
        """Let every queued action finish, then show a fresh snapshot of the batches."""
        self.controller.refresh()
        marker: list[object] = []
        self.db.call(lambda _s: None, marker.append)
        self.qtbot.waitUntil(lambda: bool(marker), timeout=10_000)

    def row(self, batch_id: int) -> BatchRow:
        """The batch's row as the table holds it now."""
        self.settle()
        found = self.window.pool.model.batch(batch_id)
        assert found is not None, f"batch {batch_id} is not listed"
        return found

    def progress(self, batch_id: int) -> str:
        """The progress cell's text."""
        model = self.window.pool.model
        row = model.row_of(batch_id)
        assert row is not None
        return str(model.index(row, PROGRESS).data())

    def select(self, batch_id: int) -> None:
        """Select this one batch in the table."""
        self.settle()
        view = self.window.pool
        proxy_rows = range(view.proxy.rowCount())
        row = next(
            r
            for r in proxy_rows
            if view.proxy.index(r, 0).data(BatchRole.BATCH).batch_id == batch_id
        )
        view.table.clearSelection()
        view.table.selectRow(row)

    def batch_ids(self) -> set[int]:
        """Every batch listed."""
        self.settle()
        return {b.batch_id for b in self.window.pool.model.batches()}


@pytest.fixture
def editor(qtbot: QtBot, engine: Engine) -> Iterator[Editor]:
    answers = Answers()
    window = MainWindow("test", "test-db", "pc-1", prompts=answers)
    qtbot.addWidget(window)
    db = DbExecutor(engine)
    controller = PoolController(window, db, load_catalog(), "ops@pc-1")
    yield Editor(qtbot, window, controller, db, answers)
    controller.stop()
    db.shutdown()


def mixed_batch(fleet: Fleet) -> int:
    """A batch of six: two succeed, two fail for good, two are stopped by an operator."""
    batch = fleet.submit(count=6, max_attempts=1)
    first = fleet.claim([0, 1, 2])
    fleet.finish(first[0].run_id)
    fleet.finish(first[1].run_id, FLAKY)
    fleet.finish(first[2].run_id)
    (second,) = fleet.claim([0])
    fleet.finish(second.run_id, FLAKY)
    # The last two: one running, one still queued when the operator stops them.
    (running,) = fleet.claim([1])
    queued = next(t.id for t in fleet.tasks(batch) if t.state == "queued")
    fleet.tx(lambda s: stop_task(s, queued, "ops"))
    fleet.tx(lambda s: stop_task(s, running.task_id, "ops"))
    (stop,) = fleet.polls()
    fleet.finish(running.run_id, RunReport.failure(stop.error_class, stop.reason))
    return batch


def test_a_batch_stopped_by_the_operator_shows_cancelled_not_failed(
    editor: Editor, fleet: Fleet
) -> None:
    batch = fleet.submit(count=24)
    fleet.claim([0])  # one task is running when the stop lands
    fleet.tx(lambda s: stop_batch(s, batch, "ops"))
    (stop,) = fleet.polls()
    fleet.finish(stop.run_id, RunReport.failure(stop.error_class, stop.reason))
    assert fleet.status(batch).tasks.cancelled == 24  # as `status` says
    row = editor.row(batch)
    assert (row.failed, row.cancelled, row.done) == (0, 24, 0)
    assert editor.progress(batch) == "24 cancelled"
    assert "failed" not in editor.progress(batch)


def test_mixed_outcomes_are_counted_apart(editor: Editor, fleet: Fleet) -> None:
    batch = mixed_batch(fleet)
    tasks = fleet.status(batch).tasks
    assert (tasks.succeeded, tasks.failed, tasks.cancelled) == (2, 2, 2)
    row = editor.row(batch)
    assert (row.done, row.failed, row.cancelled, row.running, row.queued) == (2, 2, 2, 0, 0)
    assert editor.progress(batch) == "2 done · 2 failed · 2 cancelled"


def test_retry_failed_brings_back_the_failed_tasks_only(editor: Editor, fleet: Fleet) -> None:
    batch = mixed_batch(fleet)
    before = editor.batch_ids()
    editor.select(batch)
    editor.window.pool.trigger("retry")
    assert "2 cancelled" in editor.answers.asked[-1]  # the box offers them, unticked
    (new,) = editor.batch_ids() - before
    row = editor.row(new)
    assert (row.queued, row.failed, row.cancelled) == (2, 0, 0)
    assert fleet.status(new).task_count == 2


def test_retry_with_the_box_ticked_brings_back_the_cancelled_tasks_too(
    editor: Editor, fleet: Fleet
) -> None:
    batch = mixed_batch(fleet)
    before = editor.batch_ids()
    editor.answers.tick = True
    editor.select(batch)
    editor.window.pool.trigger("retry")
    (new,) = editor.batch_ids() - before
    assert editor.row(new).queued == 4
    assert fleet.status(new).task_count == 4


def test_a_stopped_batch_is_retried_only_after_a_question_about_its_cancelled_tasks(
    editor: Editor, fleet: Fleet
) -> None:
    batch = fleet.submit(count=5)
    fleet.tx(lambda s: stop_batch(s, batch, "ops"))
    before = editor.batch_ids()
    editor.select(batch)
    editor.window.pool.trigger("retry")
    assert "5 cancelled" in editor.answers.asked[-1]
    assert "no failed task" in editor.answers.asked[-1]
    (new,) = editor.batch_ids() - before
    assert editor.row(new).queued == 5


def test_the_pipeline_view_counts_cancelled_tasks_apart(editor: Editor, fleet: Fleet) -> None:
    upstream = mixed_batch(fleet)
    downstream = fleet.submit(after_batch_id=upstream, count=1)
    canvas = editor.window.pool.pipeline.canvas
    editor.select(downstream)
    editor.qtbot.waitUntil(lambda: canvas.graph is not None, timeout=10_000)
    assert canvas.graph is not None
    stage = next(s for s in canvas.graph.stages if s.batch_id == upstream)
    assert canvas.progress_text(stage) == "2/6 done, 2 failed, 2 cancelled"


def test_batches_left_unnamed_are_told_apart_by_their_id(editor: Editor, fleet: Fleet) -> None:
    spec = BatchSpec(
        flow="device.health",
        name="",
        mode=Mode.POOL,
        params={},
        targets=Targets(),
        count=1,
        priority=5,
        max_attempts=1,
        timeout_s=60,
    )
    editor.window.batch_submitted.emit(spec)
    editor.window.batch_submitted.emit(spec)
    editor.qtbot.waitUntil(lambda: len(editor.batch_ids()) == 2, timeout=10_000)
    rows = [editor.row(batch_id) for batch_id in sorted(editor.batch_ids())]
    assert [row.name for row in rows] == [f"device.health #{row.batch_id}" for row in rows]
    assert fleet.status(rows[0].batch_id).name is None  # nothing stamped into the pool


def test_a_new_batch_from_the_dialog_is_checked_against_its_flow_before_anything_is_written(
    editor: Editor, fleet: Fleet, qtbot: QtBot
) -> None:
    told: list[str] = []
    editor.window.show_message = told.append  # type: ignore[method-assign]
    bad = BatchSpec(
        flow="collect.titles",
        name="标题 titles",
        mode=Mode.POOL,
        params={"creator": "c001", "count": -3},
        targets=Targets(),
        count=2,
        priority=5,
        max_attempts=1,
        timeout_s=60,
    )
    editor.window.batch_submitted.emit(bad)
    assert told
    assert "count" in told[-1]
    assert editor.batch_ids() == set()  # nothing half-written
    good = replace(bad, params={"creator": "c001", "count": 3})
    editor.window.batch_submitted.emit(good)
    qtbot.waitUntil(lambda: len(editor.batch_ids()) == 1, timeout=10_000)
    (batch_id,) = editor.batch_ids()
    row = editor.row(batch_id)
    assert (row.name, row.flow, row.mode.value, row.queued) == (
        "标题 titles",
        "collect.titles",
        "pool",
        2,
    )
    assert row.params["creator"] == "c001"
    assert fleet.status(batch_id).submitted_by == "ops@pc-1"
