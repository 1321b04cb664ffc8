"""The console's plain data contracts say the same words as the pool they stand for.

ui/ may not import db/ (the layer contract), so its enums are copies: these tests keep
them honest.
"""

from __future__ import annotations

from db.pool import states as pool
from ui.pool import pool_data as ui
from ui.records.record_data import ERROR_CLASSES


def test_modes_match() -> None:
    assert {m.value for m in ui.Mode} == {m.value for m in pool.Mode}


def test_batch_states_match() -> None:
    assert {s.value for s in ui.BatchState} == {s.value for s in pool.BatchState}
    finished = {s.value for s in ui.BatchState if s.finished}
    assert finished == {s.value for s in set(pool.BatchState) - pool.OPEN_BATCH_STATES}


def test_error_classes_match() -> None:
    assert set(ERROR_CLASSES) == {e.value for e in pool.ErrorClass}


def test_priority_range_matches() -> None:
    assert (ui.PRIORITY_MIN, ui.PRIORITY_MAX) == (
        pool.MOST_URGENT_PRIORITY,
        pool.LEAST_URGENT_PRIORITY,
    )
    assert ui.PRIORITY_DEFAULT == pool.DEFAULT_PRIORITY
