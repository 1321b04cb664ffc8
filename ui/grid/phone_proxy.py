"""Filters and order of the phone grid: by state, host, account and label text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt

from ui.grid.phone_model import PhoneRole

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

    from ui.grid.phone_data import PhoneState


@dataclass(frozen=True)
class GridFilter:
    """Which phones the grid shows; an empty part matches every phone.

    Attributes:
        states: show only phones in these states.
        host: show only phones on this host.
        account: show only phones logged in as this account.
        text: show only phones whose label, serial, rack slot or account contains it.
    """

    states: frozenset[PhoneState] = field(default_factory=frozenset)
    host: str = ""
    account: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        """True when the filter lets every phone through."""
        return not (self.states or self.host or self.account or self.text.strip())


class PhoneFilterProxy(QSortFilterProxyModel):
    """Shows the phones a ``GridFilter`` lets through, ordered by label then serial."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = GridFilter()
        self._text = ""
        self.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)
        # Re-filter and re-sort as states change; filterAcceptsRow is cheap enough to run
        # for every changed row (bench grid: 200 tiles a second).
        self.setDynamicSortFilter(True)

    @property
    def grid_filter(self) -> GridFilter:
        """The filter in effect."""
        return self._filter

    def set_grid_filter(self, grid_filter: GridFilter) -> None:
        """Show only the phones ``grid_filter`` lets through."""
        if grid_filter == self._filter:
            return
        self.beginFilterChange()
        self._filter = grid_filter
        self._text = grid_filter.text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802  (Qt override)
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Return whether the phone in ``source_row`` passes every part of the filter."""
        index = self.sourceModel().index(source_row, 0, source_parent)
        wanted = self._filter
        if wanted.states and index.data(PhoneRole.STATE) not in wanted.states:
            return False
        if wanted.host and index.data(PhoneRole.HOST) != wanted.host:
            return False
        if wanted.account and index.data(PhoneRole.ACCOUNT) != wanted.account:
            return False
        return not self._text or self._text in index.data(PhoneRole.SEARCH_TEXT)
