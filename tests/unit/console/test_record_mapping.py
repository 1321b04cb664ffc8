"""The record viewer's filter in the pool's terms, and the pool's records as table rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.controllers.record_mapping import (
    filter_choices,
    item_fields,
    pool_filter,
    record_row,
    status_word,
)
from db.pool.states import ErrorClass, RunStatus
from db.pool.values import RecordFilter as PoolFilter
from db.pool.values import RecordSummary
from db.records_view import FilterValues
from ui.records.record_data import Outcome, RecordFilter


def test_the_error_class_is_the_more_specific_status() -> None:
    assert status_word(RecordFilter()) is None
    assert status_word(RecordFilter(outcome=Outcome.RUNNING)) == "running"
    assert status_word(RecordFilter(outcome=Outcome.FAILED)) == "failed"
    assert status_word(RecordFilter(outcome=Outcome.FAILED, error_class="timeout")) == "timeout"
    assert status_word(RecordFilter(outcome=Outcome.SUCCEEDED, error_class="fatal")) == "fatal"


def test_empty_parts_match_anything_and_the_rest_map_one_to_one() -> None:
    assert pool_filter(RecordFilter()) == PoolFilter()
    since = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    mapped = pool_filter(
        RecordFilter(
            account=" u7 ",
            author_id="小厨娘",
            flow="collect.titles",
            host="rack-pc-2",
            batch_id=12,
            since=since,
            until=since + timedelta(hours=1),
        )
    )
    assert mapped == PoolFilter(
        account="u7",
        author="小厨娘",
        flow="collect.titles",
        host="rack-pc-2",
        batch=12,
        since=since,
        until=since + timedelta(hours=1),
    )


def test_a_phone_maps_to_the_serials_its_name_resolved_to() -> None:
    assert pool_filter(RecordFilter(device="SER001")).device == "SER001"
    resolved = pool_filter(RecordFilter(device="A排-02"), serials=("SER001", "SER009"))
    assert (resolved.device, resolved.devices) == (None, ("SER001", "SER009"))


def test_a_naive_time_is_taken_as_local() -> None:
    naive = datetime(2026, 3, 1, 9, 0)
    since = pool_filter(RecordFilter(since=naive)).since
    assert since is not None
    assert since.tzinfo is not None
    assert since == naive.astimezone()


def summary(**changes: object) -> RecordSummary:
    values: dict[str, object] = {
        "id": 7, "batch": 3, "flow": "collect.titles", "account": None, "device": "SER001",
        "host": "rack-pc-1", "author": None, "attempt": 2, "status": RunStatus.SUCCEEDED,
        "error_class": None, "error_message": None,
        "started_at": datetime(2026, 3, 1, tzinfo=UTC), "finished_at": None, "output_count": 0,
    }  # fmt: skip
    values.update(changes)
    return RecordSummary(**values)  # type: ignore[arg-type]


def test_a_row_says_the_outcome_in_words() -> None:
    assert (record_row(summary(output_count=12)).items, record_row(summary()).items) == (12, 0)
    assert record_row(summary()).message == ""
    stopped = record_row(
        summary(
            status=RunStatus.CANCELLED,
            error_class=ErrorClass.CANCELLED,
            error_message="stopped by batch 4 stopped by ops",
        )
    )
    assert stopped.reason == ("stopped_by", {"by": ("batch_stopped", {"batch": "4", "by": "ops"})})
    failed = record_row(
        summary(status=RunStatus.FAILED, error_class=ErrorClass.DEVICE, error_message="受限")
    )
    assert (failed.status, failed.error_class, failed.message) == ("failed", "device", "受限")
    row = record_row(summary())
    assert (row.account, row.author_id, row.attempt, row.batch_id) == ("", "", 2, 3)


def test_item_fields_keep_the_order_they_first_appear_in() -> None:
    items = [{"title": "a", "likes": 1}, {"title": "b", "author": "x"}]
    assert item_fields(items) == ("title", "likes", "author")


def test_phones_are_offered_by_label_and_by_serial() -> None:
    values = FilterValues(
        flows=("a",),
        hosts=("h",),
        serials=("SER001", "SER002"),
        labels=("A排-01",),
        accounts=("u1",),
        batches=((5, "a"),),
    )
    assert filter_choices(values).devices == ("A排-01", "SER001", "SER002")
