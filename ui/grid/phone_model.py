"""The phone grid's one list model: a tile per serial, updated in coalesced batches."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage

from ui.flow_words import step_text
from ui.grid.phone_data import PhoneState, PhoneTile, TileUpdate
from ui.grid.tile_face import health_pause_text, last_result_text
from ui.reasons import reason_text
from ui.words import phone_state

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from PySide6.QtCore import QObject

ModelIndex = QModelIndex | QPersistentModelIndex
# Repaint cadence. Shorter frames keep the GUI responsive: a frame costs about 1 ms per
# visible tile that changed (bench grid, 30 tiles on screen: p99 latency ~5 ms at 50 ms
# against ~7-9 ms at 100 ms; see README).
DEFAULT_FLUSH_MS = 50


class PhoneRole(enum.IntEnum):
    """The model's custom roles (the delegate and the filters read them)."""

    TILE = int(Qt.ItemDataRole.UserRole) + 1  # the PhoneTile
    THUMBNAIL = enum.auto()  # the newest QImage (a null QImage when none yet)
    STATE = enum.auto()  # the state's word, e.g. "running"
    SERIAL = enum.auto()
    HOST = enum.auto()
    ACCOUNT = enum.auto()
    SEARCH_TEXT = enum.auto()  # label, serial, rack slot and account, case-folded


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
# Which roles change when a field of PhoneTile changes (besides TILE and the tooltip).
_FIELD_ROLES: dict[str, tuple[int, ...]] = {
    "state": (PhoneRole.STATE,),
    "label": (_DISPLAY, PhoneRole.SEARCH_TEXT),
    "rack_slot": (PhoneRole.SEARCH_TEXT,),
    "account": (PhoneRole.ACCOUNT, PhoneRole.SEARCH_TEXT),
    "host": (PhoneRole.HOST,),
}
_TILE_FIELDS = tuple(f.name for f in fields(PhoneTile))
_NO_PICTURE = QImage()
# Roles whose change alters the summary line or the filter choices.
_COUNTED_ROLES = frozenset({PhoneRole.STATE, PhoneRole.HOST, PhoneRole.ACCOUNT})


@dataclass
class _Pending:
    """The newest not-yet-shown change of one phone (newer ones replace older)."""

    tile: PhoneTile | None = None
    thumbnail: QImage | None = None
    removed: bool = False


class PhoneListModel(QAbstractListModel):
    """One row per phone; updates are queued and applied at a fixed cadence.

    ``apply_updates`` only records the newest change per phone (so at most one pending
    thumbnail per phone); a timer applies them every ``flush_interval_ms`` and emits one
    ``dataChanged`` per changed row, however many updates it received.

    Signals:
        counts_changed: phones were added or removed, or a phone's state, host or
            account changed (the summary line and the filter choices follow it).
    """

    counts_changed = Signal()

    def __init__(
        self, parent: QObject | None = None, flush_interval_ms: int = DEFAULT_FLUSH_MS
    ) -> None:
        super().__init__(parent)
        self._tiles: list[PhoneTile] = []
        self._rows: dict[str, int] = {}
        self._thumbnails: dict[str, QImage] = {}
        self._pending: dict[str, _Pending] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(flush_interval_ms)
        self._flush_timer.timeout.connect(self.flush)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Return the number of phones (a list has no children)."""
        return 0 if parent.isValid() else len(self._tiles)

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        """Return one role of one phone."""
        if not index.isValid() or not 0 <= index.row() < len(self._tiles):
            return None
        tile = self._tiles[index.row()]
        if role == _DISPLAY:
            return tile.title
        if role == _TOOLTIP:
            return _tooltip(tile)
        if role == PhoneRole.TILE:
            return tile
        if role == PhoneRole.THUMBNAIL:
            # A null image, not None: PySide6 6.12 on Python 3.11 drops a reference to
            # None each time an empty QVariant reaches Python (see README, Console).
            return self._thumbnails.get(tile.serial, _NO_PICTURE)
        return _plain_role(tile, role)

    # ------------------------------------------------------------------ updates
    @Slot(list)
    def apply_updates(self, updates: Iterable[TileUpdate]) -> None:
        """Queue changes; they show at the next flush (within ``flush_interval_ms``)."""
        for update in updates:
            self._merge_pending(update)
        if self._pending and not self._flush_timer.isActive():
            self._flush_timer.start()

    @Slot(list)
    def set_tiles(self, tiles: Sequence[PhoneTile]) -> None:
        """Replace every tile at once (first load); thumbnails of kept phones stay."""
        self.beginResetModel()
        self._pending.clear()
        self._tiles = list(tiles)
        self._rows = {tile.serial: row for row, tile in enumerate(self._tiles)}
        self._thumbnails = {s: i for s, i in self._thumbnails.items() if s in self._rows}
        self.endResetModel()
        self.counts_changed.emit()

    @Slot()
    def flush(self) -> None:
        """Apply every queued change now."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, {}
        counts_moved = self._remove_rows([s for s, p in pending.items() if p.removed])
        counts_moved |= self._insert_rows(
            [p.tile for s, p in pending.items() if p.tile and s not in self._rows]
        )
        changed: dict[int, frozenset[int]] = {}
        for serial, change in pending.items():
            row = self._rows.get(serial)
            if row is None or change.removed:
                continue
            roles = self._apply_change(row, change)
            if roles:
                changed[row] = roles
                counts_moved |= not roles.isdisjoint(_COUNTED_ROLES)
        self._emit_changed(changed)
        if counts_moved:
            self.counts_changed.emit()

    # ------------------------------------------------------------------ reading
    def tile_at(self, row: int) -> PhoneTile:
        """Return the tile in ``row``."""
        return self._tiles[row]

    def tile_for(self, serial: str) -> PhoneTile | None:
        """Return the tile of ``serial`` (None when not in the grid)."""
        row = self._rows.get(serial)
        return None if row is None else self._tiles[row]

    def thumbnail_for(self, serial: str) -> QImage | None:
        """Return the newest shown picture of ``serial``."""
        return self._thumbnails.get(serial)

    def row_of(self, serial: str) -> int | None:
        """Return the row of ``serial``, None when it is not in the grid."""
        return self._rows.get(serial)

    def count_by_state(self) -> Counter[PhoneState]:
        """Return how many phones are in each state."""
        return Counter(tile.state for tile in self._tiles)

    def accounts(self) -> list[str]:
        """Return the distinct accounts on the phones, sorted."""
        return sorted({tile.account for tile in self._tiles if tile.account})

    def hosts(self) -> list[str]:
        """Return the distinct hosts of the phones, sorted."""
        return sorted({tile.host for tile in self._tiles if tile.host})

    # ------------------------------------------------------------------ internals
    def _merge_pending(self, update: TileUpdate) -> None:
        if update.removed:
            self._pending[update.serial] = _Pending(removed=True)
            return
        pending = self._pending.setdefault(update.serial, _Pending())
        if update.tile is not None:
            pending.tile = update.tile
            pending.removed = False
        if update.thumbnail is not None and not pending.removed:
            pending.thumbnail = update.thumbnail

    def _remove_rows(self, serials: list[str]) -> bool:
        rows = sorted((self._rows[s] for s in serials if s in self._rows), reverse=True)
        for first, last in _runs_descending(rows):
            self.beginRemoveRows(QModelIndex(), first, last)
            for tile in self._tiles[first : last + 1]:
                self._thumbnails.pop(tile.serial, None)
            del self._tiles[first : last + 1]
            self.endRemoveRows()
        if rows:
            self._rows = {tile.serial: row for row, tile in enumerate(self._tiles)}
        return bool(rows)

    def _insert_rows(self, tiles: list[PhoneTile]) -> bool:
        if not tiles:
            return False
        first = len(self._tiles)
        self.beginInsertRows(QModelIndex(), first, first + len(tiles) - 1)
        for offset, tile in enumerate(tiles):
            self._tiles.append(tile)
            self._rows[tile.serial] = first + offset
        self.endInsertRows()
        return True

    def _apply_change(self, row: int, change: _Pending) -> frozenset[int]:
        roles: set[int] = set()
        old = self._tiles[row]
        if change.tile is not None and change.tile != old:
            self._tiles[row] = change.tile
            roles.update(_changed_roles(old, change.tile))
        if change.thumbnail is not None:
            self._thumbnails[old.serial] = change.thumbnail
            roles.add(PhoneRole.THUMBNAIL)
        return frozenset(roles)

    def _emit_changed(self, changed: dict[int, frozenset[int]]) -> None:
        # One signal per changed row, never a range: a view repaints just the index of a
        # one-row dataChanged, but its whole viewport for a range (QAbstractItemView).
        for row in sorted(changed):
            index = self.index(row)
            self.dataChanged.emit(index, index, sorted(changed[row]))


def _changed_roles(old: PhoneTile, new: PhoneTile) -> set[int]:
    roles: set[int] = {PhoneRole.TILE, _TOOLTIP}
    for name in _TILE_FIELDS:
        if getattr(old, name) != getattr(new, name):
            roles.update(_FIELD_ROLES.get(name, ()))
    return roles


def _runs_descending(rows: list[int]) -> list[tuple[int, int]]:
    """Group row numbers sorted high to low into (first, last) runs of neighbours."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][0] == row + 1:
            runs[-1] = (row, runs[-1][1])
        else:
            runs.append((row, row))
    return runs


def _plain_role(tile: PhoneTile, role: int) -> Any:
    if role == PhoneRole.STATE:
        return tile.state.value
    if role == PhoneRole.SERIAL:
        return tile.serial
    if role == PhoneRole.HOST:
        return tile.host
    if role == PhoneRole.ACCOUNT:
        return tile.account
    if role == PhoneRole.SEARCH_TEXT:
        return " ".join((tile.label, tile.serial, tile.rack_slot, tile.account)).casefold()
    return None


def _tooltip(tile: PhoneTile) -> str:
    # Without a label the title is the serial: say it once.
    lines = [f"{tile.title} ({tile.serial})" if tile.label else tile.serial]
    lines.append(
        QCoreApplication.translate("PhoneTile", "State: {state}").format(
            state=phone_state(tile.state.value)
        )
    )
    if tile.flow:
        step = f" — {step_text(tile.step)}" if tile.step else ""
        lines.append(
            QCoreApplication.translate("PhoneTile", "Flow: {flow}").format(flow=tile.flow) + step
        )
    if tile.last_result_kind is not None:
        result = last_result_text(tile)
        lines.append(
            QCoreApplication.translate("PhoneTile", "Last result: {result}").format(result=result)
        )
        if tile.last_reason is not None:  # the pool's reason, worded here
            why = QCoreApplication.translate("PhoneTile", "Why: {reason}")
            lines.append(why.format(reason=reason_text(tile.last_reason)))
        elif tile.last_message:  # the reason in full: the tile has room for a word only
            reported = QCoreApplication.translate("PhoneTile", "Reported: {message}")
            lines.append(reported.format(message=tile.last_message))  # the worker's words
    if tile.health_pause:
        lines.append(health_pause_text(tile))
    if tile.health_pause and not tile.run_anyway:
        lines.append(
            QCoreApplication.translate(
                "PhoneTile",
                "Takes no new work until it recovers (cooler or charged); "
                'the running task finishes. "Run anyway" overrides.',
            )
        )
    if tile.attention_reason is not None:
        attention = QCoreApplication.translate("PhoneTile", "Needs attention: {reason}")
        lines.append(attention.format(reason=reason_text(tile.attention_reason)))
    elif tile.problem:  # the worker's own words for its account's trouble
        problem = QCoreApplication.translate("PhoneTile", "Problem reported: {message}")
        lines.append(problem.format(message=tile.problem))
    where = []
    if tile.host:
        where.append(QCoreApplication.translate("PhoneTile", "Host: {host}").format(host=tile.host))
    if tile.rack_slot:  # an unknown slot is left out, not shown as "?"
        where.append(
            QCoreApplication.translate("PhoneTile", "Slot: {slot}").format(slot=tile.rack_slot)
        )
    if where:
        lines.append("   ".join(where))
    if tile.account:
        lines.append(
            QCoreApplication.translate("PhoneTile", "Account: {account}").format(
                account=tile.account
            )
        )
    return "\n".join(lines)
