"""The row above the phone grid: search text, state, host and account filters, tile size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSlider, QWidget

from ui.grid.phone_data import PhoneState
from ui.grid.phone_delegate import DEFAULT_TILE_WIDTH, MAX_TILE_WIDTH, MIN_TILE_WIDTH
from ui.grid.phone_proxy import GridFilter
from ui.words import phone_state

if TYPE_CHECKING:
    from collections.abc import Sequence

ATTENTION = frozenset({PhoneState.OFFLINE, PhoneState.UNAUTHORIZED, PhoneState.ERROR})
_ALL = ""


class GridFilterBar(QWidget):
    """Edits a ``GridFilter`` and the tile width.

    Signals:
        filter_changed(GridFilter): the operator changed a filter.
        tile_width_changed(int): the operator moved the tile size slider.
    """

    filter_changed = Signal(object)
    tile_width_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("gridSearch")
        self.search.setClearButtonEnabled(True)
        self.state_box = _combo("gridStateFilter")
        self.state_box.addItem("", "attention")
        for state in PhoneState:
            self.state_box.addItem("", state.value)
        self.host_box = _combo("gridHostFilter")
        self.account_box = _combo("gridAccountFilter")
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setObjectName("tileSizeSlider")
        self.size_slider.setRange(MIN_TILE_WIDTH, MAX_TILE_WIDTH)
        self.size_slider.setValue(DEFAULT_TILE_WIDTH)
        self.size_slider.setMaximumWidth(140)
        self._size_label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 3)
        for box in (self.state_box, self.host_box, self.account_box):
            layout.addWidget(box, 1)
        layout.addWidget(self._size_label)
        layout.addWidget(self.size_slider)
        self.search.textChanged.connect(self._on_any_filter_changed)
        for box in (self.state_box, self.host_box, self.account_box):
            box.currentIndexChanged.connect(self._on_any_filter_changed)
        self.size_slider.valueChanged.connect(self.tile_width_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.search.setPlaceholderText(self.tr("Search label, serial, slot, account  (Ctrl+F)"))
        self.state_box.setItemText(0, self.tr("All states"))
        self.state_box.setItemText(1, self.tr("Needs attention"))
        for index, state in enumerate(PhoneState, start=2):
            self.state_box.setItemText(index, phone_state(state.value))
        self.host_box.setItemText(0, self.tr("All hosts"))
        self.account_box.setItemText(0, self.tr("All accounts"))
        self.size_slider.setToolTip(self.tr("Tile size"))
        self._size_label.setText(self.tr("Size"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def current_filter(self) -> GridFilter:
        """Return the filter the controls show."""
        state = self.state_box.currentData()
        if state == "attention":
            states = ATTENTION
        elif state:
            states = frozenset({PhoneState(state)})
        else:
            states = frozenset()
        return GridFilter(
            states=states,
            host=self.host_box.currentData() or "",
            account=self.account_box.currentData() or "",
            text=self.search.text(),
        )

    def show_filter(self, grid_filter: GridFilter) -> None:
        """Set the controls to ``grid_filter`` (e.g. the one remembered from last time)."""
        if grid_filter.states == ATTENTION:
            _select(self.state_box, "attention")
        elif len(grid_filter.states) == 1:
            _select(self.state_box, next(iter(grid_filter.states)).value)
        else:
            _select(self.state_box, _ALL)
        _select(self.host_box, grid_filter.host, add=True)
        _select(self.account_box, grid_filter.account, add=True)
        self.search.setText(grid_filter.text)

    def set_choices(self, hosts: Sequence[str], accounts: Sequence[str]) -> None:
        """Offer these hosts and accounts, keeping the current choice."""
        _refill(self.host_box, hosts)
        _refill(self.account_box, accounts)

    @Slot()
    def _on_any_filter_changed(self) -> None:
        self.filter_changed.emit(self.current_filter())


def _combo(name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem("", _ALL)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _select(box: QComboBox, value: str, *, add: bool = False) -> None:
    index = box.findData(value)
    if index < 0 and add and value:
        box.addItem(value, value)
        index = box.count() - 1
    box.setCurrentIndex(max(index, 0))


def _refill(box: QComboBox, values: Sequence[str]) -> None:
    current = box.currentData() or _ALL
    wanted = [_ALL, *values]
    if current not in wanted:
        wanted.append(current)  # keep a remembered choice until the operator changes it
    present = [box.itemData(i) for i in range(box.count())]
    if present == wanted:
        return
    blocked = box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(1)
    for value in wanted[1:]:
        box.addItem(value, value)
    box.setCurrentIndex(max(box.findData(current), 0))
    box.blockSignals(blocked)
