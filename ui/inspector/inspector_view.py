"""The selector inspector tab: a phone's screenshot and node tree side by side, the
selected node's candidate selectors, and the YAML flow editor beside them.

Read-only: the phone is touched only when the operator presses "Tap this node" or
"Back", or clicks the screenshot while Record is on (each tap then becomes a step).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.inspector.candidate_model import SELECTOR_COLUMN, CandidateModel
from ui.inspector.flow_editor_view import FlowEditorView
from ui.inspector.hierarchy_model import ORDER_ROLE, HierarchyModel
from ui.inspector.screen_view import ScreenView
from ui.prompts import Prompts

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from ui.inspector.screen_data import CandidateRow, Screen, ScreenNode

_W = TypeVar("_W", bound=QWidget)

HOVER_BACKGROUND = QColor("#bbdefb")
SELECTOR_EXAMPLE = "{id: search_box}"  # code: the same in every language


class HoverHierarchyModel(HierarchyModel):
    """The tree model, with the node hovered on the screenshot painted."""

    hovered = -1

    def set_hovered(self, order: int) -> None:
        """Paint node ``order`` as hovered (-1: none)."""
        old, self.hovered = self.hovered, order
        for changed in (old, order):
            index = self.index_of(changed)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.BackgroundRole])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # type: ignore[override]
        """The hovered node's background, else the tree model's data."""
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            if index.internalId() == self.hovered:
                return QBrush(HOVER_BACKGROUND)
            return None
        return super().data(index, role)


class InspectorView(QWidget):
    """Renders the inspected screen and emits the operator's intents.

    Signals:
        phone_chosen(adb_serial): inspect this phone.
        refresh_requested(): read the screen again.
        node_selected(order): list the candidates of node ``order``.
        selector_test_requested(text): highlight every node this selector matches.
        tap_requested(order, record): tap node ``order``; with ``record``, add the step.
        type_requested(order, text, record): type ``text`` into node ``order``.
        back_requested(record): press Back; with ``record``, add the step.
    """

    phone_chosen = Signal(str)
    refresh_requested = Signal()
    node_selected = Signal(int)
    selector_test_requested = Signal(str)
    tap_requested = Signal(int, bool)
    type_requested = Signal(int, str, bool)
    back_requested = Signal(bool)

    def __init__(self, prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.prompts = prompts or Prompts()
        self.current_screen: Screen | None = None
        self.selected = -1
        self.tree_model = HoverHierarchyModel()
        self.candidates = CandidateModel()
        self._build()
        self._connect()
        self.retranslate()
        self._update_actions()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.phone_label = QLabel()
        self.phones = _named(QComboBox(), "inspectorPhones")
        self.phones.setMinimumContentsLength(30)
        self.refresh_button = _named(QPushButton(), "inspectorRefresh")
        self.record_button = _named(QPushButton(), "inspectorRecord")
        self.record_button.setCheckable(True)
        self.tap_button = _named(QPushButton(), "inspectorTap")
        self.type_button = _named(QPushButton(), "inspectorType")
        self.back_button = _named(QPushButton(), "inspectorBack")
        self.status = _named(QLabel(), "inspectorStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        for widget in (self.phone_label, self.phones, self.refresh_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.tap_button, self.type_button, self.back_button, self.record_button):
            bar.addWidget(widget)
        bar.addWidget(self.status, 1)
        self.screen_view = ScreenView()
        self.tree = _named(QTreeView(), "inspectorTree")
        self.tree.setModel(self.tree_model)
        self.tree.setMouseTracking(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(True)
        self.editor = FlowEditorView(self.prompts)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.tree)
        middle.addWidget(self._details())
        middle.setSizes([320, 380])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for part in (self.screen_view, middle, self.editor):
            self.splitter.addWidget(part)
        self.splitter.setSizes([300, 560, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _details(self) -> QWidget:
        self.attributes = _named(QLabel(), "inspectorAttributes")
        self.attributes.setTextFormat(Qt.TextFormat.PlainText)
        self.attributes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attributes.setWordWrap(True)
        self.table = _named(QTableView(), "inspectorCandidates")
        self.table.setModel(self.candidates)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SELECTOR_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.copy_step_button = _named(QPushButton(), "copyStep")
        self.copy_entry_button = _named(QPushButton(), "copyEntry")
        self.test_button = _named(QPushButton(), "testSelector")
        self.test_input = _named(QLineEdit(), "selectorInput")
        self.test_result = _named(QLabel(), "selectorResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_step_button)
        copy_row.addWidget(self.copy_entry_button)
        copy_row.addStretch(1)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_input, 1)
        test_row.addWidget(self.test_button)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.attributes)
        layout.addWidget(self.table, 1)
        layout.addLayout(copy_row)
        layout.addLayout(test_row)
        layout.addWidget(self.test_result)
        return box

    def _connect(self) -> None:
        self.phones.activated.connect(self._on_phones_activated)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.tap_button.clicked.connect(self._on_tap_clicked)
        self.type_button.clicked.connect(self._on_type_clicked)
        self.back_button.clicked.connect(
            lambda: self.back_requested.emit(self.record_button.isChecked())
        )
        self.screen_view.node_hovered.connect(self.tree_model.set_hovered)
        self.screen_view.node_clicked.connect(self._on_screen_node_clicked)
        self.tree.entered.connect(self._on_tree_entered)
        self.tree.clicked.connect(self._on_tree_clicked)
        self.copy_step_button.clicked.connect(lambda: self._copy(flow_step=True))
        self.copy_entry_button.clicked.connect(lambda: self._copy(flow_step=False))
        self.test_button.clicked.connect(self._on_test_clicked)
        self.test_input.returnPressed.connect(self._on_test_clicked)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.phone_label.setText(self.tr("Phone:"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.record_button.setText(self.tr("Record"))
        self.record_button.setToolTip(
            self.tr("While on, a click on the screenshot taps the phone and adds the step.")
        )
        self.tap_button.setText(self.tr("Tap this node"))
        self.type_button.setText(self.tr("Type text…"))
        self.back_button.setText(self.tr("Back"))
        self.copy_step_button.setText(self.tr("Copy as flow step"))
        self.copy_entry_button.setText(self.tr("Copy as profile entry"))
        self.test_button.setText(self.tr("Test"))
        self.test_input.setPlaceholderText(
            self.tr("Test a selector, e.g. {example} or an xpath").format(example=SELECTOR_EXAMPLE)
        )
        self.screen_view.placeholder = self.tr("Choose a phone to inspect.")
        self._show_attributes()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ API (controller)
    def set_phones(self, phones: list[tuple[str, str]]) -> None:
        """Offer these phones: (adb serial, label); the current one stays chosen."""
        current = self.phones.currentData()
        self.phones.clear()
        for adb_serial, label in phones:
            self.phones.addItem(label, adb_serial)
        index = self.phones.findData(current) if current else -1
        self.phones.setCurrentIndex(index)
        self._update_actions()
        self._choose_first_when_shown()

    def _choose_first_when_shown(self) -> None:
        # Reading a screen is harmless, so an operator who opens the tab sees a phone.
        if self.isVisible() and not self.current_phone() and self.phones.count():
            self.choose_phone(str(self.phones.itemData(0)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802  (Qt override)
        """Inspect the first phone when the tab opens with none chosen."""
        super().showEvent(event)
        self._choose_first_when_shown()

    def choose_phone(self, adb_serial: str) -> None:
        """Inspect this phone (as if the operator picked it)."""
        index = self.phones.findData(adb_serial)
        if index >= 0:
            self.phones.setCurrentIndex(index)
            self._on_phones_activated(index)

    def current_phone(self) -> str:
        """The adb serial of the chosen phone ("" for none)."""
        data = self.phones.currentData()
        return str(data) if data else ""

    def show_screen(self, screen: Screen) -> None:
        """Show a freshly read screen; the selection starts over."""
        self.current_screen = screen
        self.selected = -1
        self.screen_view.set_screen(screen)
        self.tree_model.set_screen(screen)
        self.tree_model.hovered = -1
        self.tree.expandAll()
        self.candidates.set_rows([])
        self._show_attributes()
        self._update_actions()

    def show_status(self, text: str) -> None:
        """One line about the inspector's state (errors, taps)."""
        self.status.setText(text)

    def show_candidates(self, order: int, rows: list[CandidateRow]) -> None:
        """List the candidates of node ``order`` (ignored when another is selected now)."""
        if order != self.selected:
            return
        self.candidates.set_rows(rows)
        if rows:
            self.table.selectRow(0)
        self._update_actions()

    def show_matches(self, text: str, orders: list[int], error: str) -> None:
        """Highlight a tested selector's matches and say how many."""
        self.screen_view.set_matched(orders)
        if error:
            self.test_result.setText(self.tr("Not a valid selector: {reason}").format(reason=error))
        else:
            self.test_result.setText(self.tr("%n node(s) match.", "", len(orders)))

    def select_node(self, order: int) -> None:
        """Select node ``order`` in both the screenshot and the tree."""
        if self.current_screen is None or order not in self.current_screen.nodes:
            return
        self.selected = order
        self.screen_view.set_selected(order)
        index = self.tree_model.index_of(order)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.tree.scrollTo(index)
        self.candidates.set_rows([])
        self._show_attributes()
        self._update_actions()
        self.node_selected.emit(order)

    def selected_node(self) -> ScreenNode | None:
        """The selected node, if any."""
        return self.current_screen.nodes.get(self.selected) if self.current_screen else None

    # ------------------------------------------------------------------ internals
    def _show_attributes(self) -> None:
        node = self.selected_node()
        if node is None:
            self.attributes.setText(self.tr("Click a node on the screenshot or in the tree."))
            return
        left, top, right, bottom = node.bounds
        lines = [
            self.tr("Class: {value}").format(value=node.class_name),
            self.tr("Resource id: {value}").format(value=node.resource_id or "—"),
            self.tr("Text: {value}").format(value=node.text or "—"),
            self.tr("Description: {value}").format(value=node.description or "—"),
            self.tr("Bounds: [{l},{t}][{r},{b}]").format(l=left, t=top, r=right, b=bottom),
        ]
        self.attributes.setText("\n".join(lines))

    def _update_actions(self) -> None:
        has_phone = bool(self.current_phone())
        self.refresh_button.setEnabled(has_phone)
        self.back_button.setEnabled(has_phone)
        self.record_button.setEnabled(has_phone)
        self.tap_button.setEnabled(has_phone and self.selected_node() is not None)
        self.type_button.setEnabled(has_phone and self.selected_node() is not None)
        has_rows = self.candidates.rowCount() > 0
        self.copy_step_button.setEnabled(has_rows)
        self.copy_entry_button.setEnabled(has_rows)
        self.test_button.setEnabled(self.current_screen is not None)

    def _current_candidate(self) -> CandidateRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.candidates.row(rows[0].row() if rows else 0)

    def _copy(self, *, flow_step: bool) -> None:
        row = self._current_candidate()
        if row is None:
            return
        text = row.flow_step if flow_step else row.profile_entry
        QGuiApplication.clipboard().setText(text)
        self.show_status(self.tr("Copied: {text}").format(text=text))

    @Slot(int)
    def _on_phones_activated(self, index: int) -> None:
        self._update_actions()
        adb_serial = self.phones.itemData(index)
        if adb_serial:
            self.phone_chosen.emit(str(adb_serial))

    @Slot(int, int, int)
    def _on_screen_node_clicked(self, order: int, x: int, y: int) -> None:
        self.select_node(order)
        if self.record_button.isChecked():
            self.tap_requested.emit(order, True)

    @Slot(QModelIndex)
    def _on_tree_entered(self, index: QModelIndex) -> None:
        order = index.data(ORDER_ROLE)
        self.screen_view.set_hovered(int(order) if order is not None else -1)

    @Slot(QModelIndex)
    def _on_tree_clicked(self, index: QModelIndex) -> None:
        order = index.data(ORDER_ROLE)
        if order is not None:
            self.select_node(int(order))

    @Slot()
    def _on_tap_clicked(self) -> None:
        if self.selected_node() is not None:
            self.tap_requested.emit(self.selected, self.record_button.isChecked())

    @Slot()
    def _on_type_clicked(self) -> None:
        if self.selected_node() is None:
            return
        text = self.prompts.ask_text(
            self, self.tr("Type text"), self.tr("Text to type into the selected field:"), ""
        )
        if text is not None:
            self.type_requested.emit(self.selected, text, self.record_button.isChecked())

    @Slot()
    def _on_test_clicked(self) -> None:
        text = self.test_input.text()
        if text.strip():
            self.selector_test_requested.emit(text)


def _named(widget: _W, name: str) -> _W:
    """The widget, with an object name (tests and style sheets find it by that)."""
    widget.setObjectName(name)
    return widget
