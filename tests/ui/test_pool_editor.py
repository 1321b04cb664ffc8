"""The task-pool editor: batches table, editable priority, actions, pipeline drawing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from ui.pool.batch_model import (
    CREATED,
    PRIORITY,
    PROGRESS,
    BatchRole,
    BatchTableModel,
    ProgressPart,
)
from ui.pool.pipeline_view import stage_columns
from ui.pool.pool_data import BatchRow, BatchState, Mode, PipelineGraph, PipelineLink, PipelineStage
from ui.pool.pool_editor_view import PoolEditorView
from ui.samples.pool import sample_batches, sample_pipeline

NOW = dt.datetime(2025, 6, 3, 12, 0, tzinfo=dt.UTC)


def batch(batch_id: int, state: BatchState = BatchState.ACTIVE, **changes: object) -> BatchRow:
    row = BatchRow(
        batch_id,
        f"batch {batch_id}",
        "collect.titles",
        Mode.POOL,
        5,
        state,
        done=3,
        failed=1,
        running=2,
        queued=4,
        created_by="王敏",
        created_at=NOW - dt.timedelta(minutes=batch_id),
    )
    return replace(row, **changes)


def test_batch_model_passes_the_model_tester(qtmodeltester):
    model = BatchTableModel()
    qtmodeltester.check(model)
    model.set_batches(sample_batches(NOW))
    model.set_batches([batch(1), batch(42, done=10)])
    model.setData(model.index(0, PRIORITY), 9)


def test_a_new_snapshot_keeps_rows_of_batches_still_there():
    model = BatchTableModel()
    model.set_batches([batch(1), batch(2), batch(3)])
    kept = QPersistentModelIndex(model.index(2, 0))
    model.set_batches([batch(3, done=9), batch(4)])
    assert kept.isValid()
    assert kept.data(BatchRole.BATCH).done == 9
    assert [model.batch_at(r).batch_id for r in range(model.rowCount())] == [3, 4]


def test_editing_a_priority_asks_the_controller_and_shows_at_once(qtbot):
    model = BatchTableModel()
    model.set_batches([batch(7, priority=5)])
    cell = model.index(0, PRIORITY)
    assert model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.priority_change_requested) as asked:
        assert model.setData(cell, 2)
    assert asked.args == [7, 2]
    assert cell.data() == "2"
    assert cell.data(Qt.ItemDataRole.FontRole).italic()  # not stored yet
    model.set_batches([batch(7, priority=2)])  # the pool confirms
    assert cell.data(Qt.ItemDataRole.FontRole) is None


def test_a_refused_priority_change_shows_the_stored_value_again():
    model = BatchTableModel()
    model.set_batches([batch(7, priority=5)])
    model.setData(model.index(0, PRIORITY), 1)
    model.priority_change_failed(7, "database unreachable")
    assert model.index(0, PRIORITY).data() == "5"


@pytest.mark.parametrize("value", [-1, 10, 256, "high", None])
def test_a_bad_priority_is_refused(qtbot, value):
    model = BatchTableModel()
    model.set_batches([batch(7)])
    with qtbot.assertNotEmitted(model.priority_change_requested):
        assert not model.setData(model.index(0, PRIORITY), value)


def test_a_finished_batch_keeps_its_priority(qtbot):
    model = BatchTableModel()
    model.set_batches([batch(7, BatchState.COMPLETED)])
    assert not model.flags(model.index(0, PRIORITY)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.assertNotEmitted(model.priority_change_requested):
        assert not model.setData(model.index(0, PRIORITY), 1)


def test_progress_and_created_columns_read_naturally():
    model = BatchTableModel()
    model.set_batches([batch(7, done=1_200, failed=0, running=3, queued=0)])
    assert model.index(0, PROGRESS).data() == "1,200 done · 3 running"
    assert (
        model.index(0, CREATED).data(BatchRole.SORT) == (NOW - dt.timedelta(minutes=7)).timestamp()
    )


@pytest.fixture
def editor(qtbot, prompts) -> PoolEditorView:
    view = PoolEditorView(prompts)
    qtbot.addWidget(view)
    view.set_batches(sample_batches(NOW))
    return view


def select_ids(editor: PoolEditorView, ids: list[int]) -> None:
    selection = editor.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(editor.proxy.rowCount()):
        index = editor.proxy.index(row, 0)
        if index.data(BatchRole.BATCH).batch_id in ids:
            selection.select(index, flags)


def test_actions_follow_the_selected_batches_state(editor):
    actions = editor.actions_by_name
    select_ids(editor, [44])  # paused each-device
    assert actions["resume"].isEnabled()
    assert not actions["pause"].isEnabled()
    assert actions["extend"].isEnabled()
    assert actions["stop"].isEnabled()
    select_ids(editor, [41])  # completed pool batch, nothing failed
    assert not any(actions[n].isEnabled() for n in ("pause", "resume", "stop", "extend", "retry"))
    select_ids(editor, [46])  # failed batch with failed tasks
    assert actions["retry"].isEnabled()
    assert actions["new"].isEnabled()


def test_stop_always_asks_with_the_counts_and_sends_the_ids(qtbot, editor, prompts):
    select_ids(editor, [42, 43, 41])  # 41 is finished: not stopped
    with qtbot.waitSignal(editor.stop_requested) as stop:
        editor.trigger("stop")
    assert sorted(stop.args[0]) == [42, 43]
    ((kind, _title, question),) = prompts.asked
    assert kind == "confirm"
    assert "2 batches" in question
    assert "5 queued" in question
    assert "9 running" in question


def test_pausing_one_batch_does_not_ask_but_many_do(qtbot, editor, prompts):
    select_ids(editor, [48])
    with qtbot.waitSignal(editor.pause_requested) as pause:
        editor.trigger("pause")
    assert pause.args == [[48]]
    assert prompts.asked == []
    select_ids(editor, [42, 43, 48])
    prompts.confirm_answer = False
    with qtbot.assertNotEmitted(editor.pause_requested):
        editor.trigger("pause")
    assert prompts.asked[-1][2] == "Pause 3 batches?"


def test_extend_and_retry_go_to_the_batches_they_make_sense_for(qtbot, editor):
    select_ids(editor, [43, 42])  # only 43 is each-device
    with qtbot.waitSignal(editor.extend_requested) as extend:
        editor.trigger("extend")
    assert extend.args == [[43]]
    select_ids(editor, [46])
    with qtbot.waitSignal(editor.retry_failed_requested) as retry:
        editor.trigger("retry")
    assert retry.args == [[46], False]


def test_cancelled_tasks_are_counted_and_coloured_apart_from_failed_ones():
    model = BatchTableModel()
    model.set_batches([batch(7, done=0, failed=0, running=0, queued=0, cancelled=24)])
    assert model.index(0, PROGRESS).data() == "24 cancelled"
    model.set_batches([batch(7, done=2, failed=1, running=0, queued=0, cancelled=3)])
    assert model.index(0, PROGRESS).data() == "2 done · 1 failed · 3 cancelled"
    colours = {part: part.colour for part in ProgressPart}
    assert colours[ProgressPart.CANCELLED] != colours[ProgressPart.FAILED]
    assert len(set(colours.values())) == len(colours)


def test_retry_leaves_cancelled_tasks_alone_unless_the_box_is_ticked(qtbot, prompts):
    editor = PoolEditorView(prompts)
    qtbot.addWidget(editor)
    mixed = batch(1, BatchState.STOPPED, done=3, failed=2, running=0, queued=0, cancelled=24)
    stopped = batch(2, BatchState.STOPPED, done=0, failed=0, running=0, queued=0, cancelled=24)
    editor.set_batches([mixed, stopped])
    select_ids(editor, [1])
    with qtbot.waitSignal(editor.retry_failed_requested) as retry:
        editor.trigger("retry")
    assert retry.args == [[1], False]
    kind, _title, question = prompts.asked[-1]
    assert kind == "confirm_with_option"
    assert "2 failed" in question
    assert "24 cancelled" in question
    prompts.option_answer = True
    with qtbot.waitSignal(editor.retry_failed_requested) as retry:
        editor.trigger("retry")
    assert retry.args == [[1], True]


def test_a_stopped_batch_is_retried_only_when_the_question_names_its_cancelled_tasks(
    qtbot, prompts
):
    editor = PoolEditorView(prompts)
    qtbot.addWidget(editor)
    stopped = batch(2, BatchState.STOPPED, done=0, failed=0, running=0, queued=0, cancelled=24)
    editor.set_batches([stopped])
    select_ids(editor, [2])
    prompts.confirm_answer = False
    with qtbot.assertNotEmitted(editor.retry_failed_requested):
        editor.trigger("retry")
    kind, _title, question = prompts.asked[-1]
    assert kind == "confirm"
    assert "no failed task" in question
    assert "24 cancelled" in question
    prompts.confirm_answer = True
    with qtbot.waitSignal(editor.retry_failed_requested) as retry:
        editor.trigger("retry")
    assert retry.args == [[2], True]


def test_selecting_a_pipeline_batch_asks_for_and_draws_its_pipeline(qtbot, editor):
    with qtbot.waitSignal(editor.pipeline_requested) as asked:
        select_ids(editor, [42])
    assert asked.args == [42]
    editor.show_pipeline(sample_pipeline(42))
    canvas = editor.pipeline.canvas
    boxes = [canvas.box_of(n) for n in (41, 42, 45)]
    assert all(box is not None for box in boxes)
    assert boxes[0].right() < boxes[1].left()
    assert boxes[1].right() < boxes[2].left()
    assert editor.pipeline.title.text() == "Pipeline: 3 stages"
    with qtbot.assertNotEmitted(editor.pipeline_requested):
        select_ids(editor, [43])
    assert "not part of a pipeline" in editor.pipeline.title.text()


def test_stages_sit_right_of_every_stage_that_feeds_them():
    stage = lambda n: PipelineStage(n, f"s{n}", "f", BatchState.ACTIVE)  # noqa: E731
    graph = PipelineGraph(
        stages=(stage(1), stage(2), stage(3), stage(4)),
        links=(
            PipelineLink(1, 2, 5),
            PipelineLink(2, 4, 3),
            PipelineLink(1, 3, 7),
            PipelineLink(3, 4, 1),
        ),
    )
    columns = [[s.batch_id for s in column] for column in stage_columns(graph)]
    assert columns == [[1], [2, 3], [4]]


def test_hide_finished(editor):
    editor.hide_finished.setChecked(True)
    shown = {
        editor.proxy.index(r, 0).data(BatchRole.BATCH).batch_id
        for r in range(editor.proxy.rowCount())
    }
    assert shown == {42, 43, 44, 45, 48}
