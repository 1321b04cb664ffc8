"""The inspector's Qt models pass Qt's model tester and map nodes both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.inspector.candidate_model import COUNT_COLUMN, ROW_ROLE, CandidateModel
from ui.inspector.hierarchy_model import ORDER_ROLE, HierarchyModel
from ui.inspector.screen_data import CandidateRow, Robustness, Screen, ScreenNode

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester


def sample_screen() -> Screen:
    """Two windows: an app (a list of two rows) over which a dialog is drawn."""
    rows = tuple(
        ScreenNode(3 + i, "android.widget.TextView", f"row {i}", "app:id/row", "", "app",
                   (0, 100 * i, 720, 100 * i + 100))
        for i in range(2)
    )  # fmt: skip
    dialog_button = ScreenNode(7, "android.widget.Button", "OK", "", "", "sys", (300, 50, 400, 90))
    dialog = ScreenNode(6, "android.widget.FrameLayout", "", "", "", "sys", (200, 0, 500, 120),
                        children=(dialog_button,))  # fmt: skip
    app_list = ScreenNode(2, "android.widget.ListView", "", "app:id/list", "", "app",
                          (0, 0, 720, 1280), children=rows)  # fmt: skip
    app = ScreenNode(1, "android.widget.FrameLayout", "", "", "", "app", (0, 0, 720, 1280),
                     children=(app_list,))  # fmt: skip
    root = ScreenNode(0, "", "", "", "", "", (0, 0, 0, 0), children=(dialog, app))
    return Screen.of("serial", QImage(720, 1280, QImage.Format.Format_RGB32), root)


def test_hierarchy_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = HierarchyModel()
    model.set_screen(sample_screen())
    qtmodeltester.check(model)
    model.set_screen(None)
    qtmodeltester.check(model)


def test_hierarchy_model_finds_each_node_by_order() -> None:
    model = HierarchyModel()
    screen = sample_screen()
    model.set_screen(screen)
    assert model.rowCount() == 2  # the two windows
    for order in screen.nodes:
        index = model.index_of(order)
        if order == 0:
            assert not index.isValid()  # the dump's root is not shown
            continue
        assert index.data(ORDER_ROLE) == order
    row = model.index_of(4)
    assert row.data() == 'TextView "row 1" #row'
    assert row.parent().data(ORDER_ROLE) == 2


def test_the_node_at_a_point_is_on_top() -> None:
    screen = sample_screen()
    assert screen.node_at(350, 70).order == 7  # the dialog's button, over the list
    assert screen.node_at(250, 110).order == 6  # the dialog, over row 1
    assert screen.node_at(10, 150).order == 4
    assert screen.node_at(10, 5000) is None


def test_the_screen_size_comes_from_the_windows_not_the_picture() -> None:
    screen = sample_screen()
    small = Screen.of("serial", QImage(360, 640, QImage.Format.Format_RGB32), screen.root)
    assert small.size == (720, 1280)  # a half-size screenshot still maps to phone pixels


def test_candidate_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = CandidateModel()
    rows = [
        CandidateRow("resource_id", '{"id": "app:id/row", "index": 1}', 1, 2,
                     Robustness.FAIR, "- tapOn: …", "row: …"),
        CandidateRow("xpath", "//x", -1, -1, Robustness.FRAGILE, "", ""),
    ]  # fmt: skip
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.index(0, COUNT_COLUMN).data() == "1"
    assert model.index(1, COUNT_COLUMN).data() == "invalid"
    assert model.index(1, 0).data(ROW_ROLE) is rows[1]
    assert model.index(0, COUNT_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "2 nodes match without the index"
    )
