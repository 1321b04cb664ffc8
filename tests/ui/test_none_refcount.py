"""Guard against the PySide6 release that drops a reference to None per empty QVariant.

PySide6 6.12.0 on Python 3.11 returned None to Python without counting the reference
whenever an empty QVariant reached Python (``QModelIndex.data()`` of an unset role,
``QComboBox.currentData()`` of an item without data). After a few thousand such reads
the interpreter aborts ("none_dealloc"), so a console that repaints all day would crash.
pyproject.toml holds PySide6 at 6.11 for this; these tests fail if a release with the
bug comes back. From Python 3.12 None is immortal and the count never moves.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox

from ui.grid.phone_data import TileUpdate
from ui.grid.phone_grid_view import PhoneGridView
from ui.samples.phones import sample_tiles, screen_image

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12"
)
READS = 2_000


def test_empty_variants_reaching_python_keep_none_alive():
    combo = QComboBox()
    combo.addItem("no data")
    before = sys.getrefcount(None)
    for _ in range(READS):
        combo.currentData()
        QModelIndex().data()
    assert sys.getrefcount(None) > before - READS // 2


def test_painting_the_grid_for_a_long_time_keeps_none_alive(qtbot):
    grid = PhoneGridView(flush_interval_ms=5)
    qtbot.addWidget(grid)
    grid.resize(900, 600)
    tiles = sample_tiles(30)
    grid.apply_updates([TileUpdate(t.serial, t) for t in tiles])  # no pictures yet
    grid.model.flush()
    grid.show()
    before = sys.getrefcount(None)
    for frame in range(40):
        pictures = [
            TileUpdate(t.serial, thumbnail=screen_image(t.serial, frame, 60, 130))
            for t in tiles[::3]
        ]
        grid.apply_updates(pictures)
        grid.model.flush()
        grid.view.viewport().repaint()
        grid.filter_bar.current_filter()
    assert sys.getrefcount(None) > before - 200
