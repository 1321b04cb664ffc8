"""Pipelines: --after, streaming fan-out of output items, de-duplication, fatal cascades."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from db.pool.errors import InvalidRequest
from db.pool.states import BatchState, ErrorClass, TaskState
from db.pool.stop import pause_batch, resume_batch, stop_batch
from db.pool.submit import submit_pipeline
from db.pool.values import BatchSpec, PipelineStage, RunReport
from tests.support.pool import table_rows

if TYPE_CHECKING:
    from tests.support.pool import Fleet


def test_after_without_mapping_waits_for_the_upstream_batch(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    downstream = fleet.submit(count=2, after_batch_id=upstream)
    assert fleet.status(downstream).state == BatchState.WAITING
    assert fleet.status(downstream).tasks.blocked == 2
    (claim,) = fleet.claim()  # only the upstream task is claimable
    assert claim.batch_id == upstream
    fleet.finish(claim.run_id)
    assert fleet.status(upstream).state == BatchState.COMPLETED
    assert fleet.status(downstream).state == BatchState.ACTIVE
    assert {c.batch_id for c in fleet.claim()} == {downstream}


def test_each_item_becomes_a_downstream_task_as_soon_as_it_is_stored(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1, params={"creator": "alice"})
    downstream = fleet.submit(
        after_batch_id=upstream,
        mapping={"title": "title"},
        params={"creator": "alice", "max_comments": 10},
        author_param="creator",
    )
    (collector,) = fleet.claim([0])
    result = fleet.emit(collector.run_id, ("v1", {"title": "First", "video_key": "v1"}))
    assert (result.accepted, result.downstream_tasks) == (True, 1)
    # The upstream attempt is still running, and its item can already be worked on.
    (comments,) = fleet.claim([1])
    assert comments.batch_id == downstream
    assert comments.params == {"creator": "alice", "max_comments": 10, "title": "First"}
    assert comments.author_id == "alice"
    task = fleet.task(comments.task_id)
    assert (task.source_task_id, task.source_run_id, task.item_key) == (
        collector.task_id,
        collector.run_id,
        "v1",
    )


def test_a_retried_run_re_emitting_items_creates_nothing_twice(fleet: Fleet) -> None:
    upstream = fleet.submit(count=2, priority=0)
    downstream = fleet.submit(after_batch_id=upstream, mapping={"title": "title"}, priority=9)
    first, other = fleet.claim([0, 1])
    fleet.emit(first.run_id, ("v1", {"title": "A"}), ("v2", {"title": "B"}))
    fleet.finish(first.run_id, RunReport.failure(ErrorClass.RETRYABLE, "app crashed"))
    (retry,) = fleet.claim([2])
    assert retry.task_id == first.task_id
    again = fleet.emit(retry.run_id, ("v1", {"title": "A"}), ("v3", {"title": "C"}))
    assert again.downstream_tasks == 1  # only v3 is new
    same_key = fleet.emit(other.run_id, ("v2", {"title": "B"}))  # another task, same item
    assert same_key.downstream_tasks == 0
    assert sorted(t.item_key for t in fleet.tasks(downstream)) == ["v1", "v2", "v3"]
    assert fleet.status(downstream).task_count == 3


def test_mapped_batch_completes_after_its_upstream_and_its_own_tasks(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    downstream = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    (collector,) = fleet.claim([0])
    fleet.emit(collector.run_id, ("v1", {"title": "A"}))
    (worker,) = fleet.claim([1])
    fleet.finish(worker.run_id)
    assert fleet.status(downstream).state == BatchState.ACTIVE  # more items may come
    fleet.finish(collector.run_id)
    assert fleet.status(downstream).state == BatchState.COMPLETED


def test_mapped_batch_submitted_late_gets_the_items_already_stored(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    (collector,) = fleet.claim([0])
    fleet.emit(collector.run_id, ("v1", {"title": "A"}), ("v2", {"title": "B"}))
    fleet.finish(collector.run_id)
    downstream = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    assert sorted(t.item_key for t in fleet.tasks(downstream)) == ["v1", "v2"]


def test_fatal_failure_cancels_downstream_work_with_its_reason(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    mapped = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    waiting = fleet.submit(count=2, after_batch_id=upstream)
    (collector,) = fleet.claim([0])
    fleet.emit(collector.run_id, ("v1", {"title": "A"}))
    fatal = RunReport.failure(ErrorClass.FATAL, "creator does not exist")
    fleet.finish(collector.run_id, fatal)
    reason = f"upstream task {collector.task_id} failed: creator does not exist"
    (child,) = fleet.tasks(mapped)
    assert (child.state, child.reason) == (TaskState.CANCELLED, reason)
    status = fleet.status(waiting)
    assert (status.state, status.tasks.cancelled, status.stop_reason) == ("stopped", 2, reason)


def test_stopping_the_upstream_stops_batches_waiting_on_it(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    waiting = fleet.submit(count=1, after_batch_id=upstream)
    stopped = fleet.tx(lambda s: stop_batch(s, upstream, "jo"))
    assert stopped == [upstream, waiting]
    assert fleet.status(waiting).stop_reason == f"batch {upstream} stopped by jo"


def test_paused_downstream_stays_paused_when_released(fleet: Fleet) -> None:
    upstream = fleet.submit(count=1)
    downstream = fleet.submit(count=1, after_batch_id=upstream)
    fleet.tx(lambda s: pause_batch(s, downstream, "kim"))
    fleet.finish(fleet.claim([0])[0].run_id)
    assert fleet.claim() == []
    assert fleet.tx(lambda s: resume_batch(s, downstream)) == BatchState.ACTIVE
    assert fleet.claim([0])[0].batch_id == downstream


def test_pipeline_stages_are_stored_in_order_in_one_go(fleet: Fleet) -> None:
    def spec(**options: object) -> BatchSpec:
        return BatchSpec(flow="test.echo", params={}, submitted_by="lee", **options)  # type: ignore[arg-type]

    stages = [
        PipelineStage(spec(stage="titles", pipeline="p")),
        PipelineStage(spec(stage="comments", mapping={"title": "title"}), after_stage=0),
        PipelineStage(spec(stage="report"), after_stage=1),
    ]
    ids = fleet.tx(lambda s: submit_pipeline(s, stages))
    assert ids == sorted(ids)
    assert len(ids) == 3
    assert fleet.status(ids[1]).after == ids[0]
    assert fleet.status(ids[2]).after == ids[1]
    assert fleet.status(ids[0]).downstream == [ids[1]]
    bad = [PipelineStage(spec()), PipelineStage(spec(count=0), after_stage=0)]
    with pytest.raises(InvalidRequest, match="stage 2"):
        fleet.tx(lambda s: submit_pipeline(s, bad))
    assert table_rows(fleet.engine, "pool_batches") == 3  # the refused pipeline left nothing


def test_mapping_needs_an_upstream_batch(fleet: Fleet) -> None:
    with pytest.raises(InvalidRequest, match="--after"):
        fleet.submit(mapping={"title": "title"})


def test_items_without_a_key_or_too_large_are_refused(fleet: Fleet) -> None:
    fleet.submit(count=1)
    (claim,) = fleet.claim([0])
    with pytest.raises(InvalidRequest, match="key is empty"):
        fleet.emit(claim.run_id, ("", {"title": "x"}))
    with pytest.raises(InvalidRequest, match="'big'"):
        fleet.emit(claim.run_id, ("big", {"text": "x" * 70_000}))
    assert fleet.run(claim.run_id).output_count == 0


def test_two_long_keys_sharing_their_first_191_characters_make_two_tasks(fleet: Fleet) -> None:
    """The de-duplication key is made from the whole item key, not the stored cut."""
    upstream = fleet.submit(count=1)
    downstream = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    shared = "https://video.example/" + "x" * 200  # longer than the stored 191 characters
    (collector,) = fleet.claim([0])
    result = fleet.emit(
        collector.run_id, (shared + "/first", {"title": "A"}), (shared + "/second", {"title": "B"})
    )
    assert result.downstream_tasks == 2
    fleet.finish(collector.run_id)
    assert sorted(t.params_json for t in fleet.tasks(downstream)) == [
        '{"title":"A"}',
        '{"title":"B"}',
    ]
    # A batch submitted later reads the stored items: still two tasks, not one.
    late = fleet.submit(after_batch_id=upstream, mapping={"title": "title"})
    assert len(fleet.tasks(late)) == 2
