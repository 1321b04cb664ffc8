"""The operator's time zone: a setting, or this PC's own zone with its summer time."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from app.time_zones import zone_in_effect
from db.pool.export.cells import CellMaker

if TYPE_CHECKING:
    from collections.abc import Iterator

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def pc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process as if the PC's clock were set to Berlin time."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_empty_setting_means_the_pcs_zone_with_its_summer_time(pc_zone: None) -> None:
    zone, name = zone_in_effect("")
    assert name == "Europe/Berlin"
    cells = CellMaker(zone, "")
    assert cells.local(WINTER) == datetime(2026, 1, 15, 13, 0)  # CET, UTC+1
    assert cells.local(SUMMER) == datetime(2026, 7, 15, 14, 0)  # CEST, UTC+2


def test_a_named_zone_wins_over_the_pcs(pc_zone: None) -> None:
    zone, name = zone_in_effect("Asia/Shanghai")
    assert name == "Asia/Shanghai"
    assert CellMaker(zone, "").local(SUMMER) == datetime(2026, 7, 15, 20, 0)
    # The pool's naive times are UTC.
    assert CellMaker(zone, "").local(SUMMER.replace(tzinfo=None)) == datetime(2026, 7, 15, 20, 0)


def test_an_unknown_zone_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Asia/Atlantis'"):
        zone_in_effect("Asia/Atlantis")
