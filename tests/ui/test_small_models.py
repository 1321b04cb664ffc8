"""The smaller models pass the model tester and show what they hold."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ui.pool.batch_model import PRIORITY, BatchRole, BatchTableModel
from ui.pool.import_panel import ImportErrorsModel
from ui.pool.pool_editor_view import BatchFilterProxy
from ui.records.items_model import MappingTableModel
from ui.samples.pool import sample_batches
from ui.table_import import CellError


def test_import_errors_model(qtmodeltester):
    model = ImportErrorsModel()
    qtmodeltester.check(model)
    model.set_errors([CellError(3, "B", "Titles", "abc", "enter a whole number")])
    assert [model.index(0, c).data() for c in range(5)] == [
        3,
        "B",
        "Titles",
        "abc",
        "enter a whole number",
    ]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Row"
    model.set_errors([])
    assert model.rowCount() == 0


def test_mapping_table_model(qtmodeltester):
    model = MappingTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        ("title", "comment_count"), [{"title": "城市夜景", "comment_count": 120}, {"title": "x"}]
    )
    assert model.index(0, 0).data() == "城市夜景"
    assert model.index(0, 1).data() == "120"
    assert model.index(1, 1).data() == ""  # a missing key is blank
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"


def test_batch_filter_proxy(qtmodeltester):
    model = BatchTableModel()
    proxy = BatchFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    model.set_batches(sample_batches(dt.datetime(2025, 6, 3, tzinfo=dt.UTC)))
    proxy.sort(PRIORITY, Qt.SortOrder.AscendingOrder)
    priorities = [proxy.index(r, 0).data(BatchRole.BATCH).priority for r in range(proxy.rowCount())]
    assert priorities == sorted(priorities)
    proxy.set_hide_finished(True)
    assert proxy.rowCount() == 5
