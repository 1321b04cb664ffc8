"""The start-up heap is frozen: later full collections do not walk it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.heap import freeze_startup_heap


@pytest.fixture
def unfrozen_after() -> Iterator[None]:
    yield
    gc.unfreeze()  # hand the objects back to the collector for the other tests


@pytest.mark.usefixtures("unfrozen_after")
def test_objects_alive_at_start_up_are_left_out_of_later_collections() -> None:
    started_with = {"compiled": ["statement"]}  # a container the collector tracks
    assert any(obj is started_with for obj in gc.get_objects())

    frozen = freeze_startup_heap()

    assert frozen >= 1
    assert not any(obj is started_with for obj in gc.get_objects())
    made_later: dict[str, list[str]] = {"claim": []}
    assert any(obj is made_later for obj in gc.get_objects())  # new objects are collected
