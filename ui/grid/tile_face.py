"""Paints the face of a phone tile: frame, state in colour and word, task, health, host.

Everything on a tile except its picture. The delegate paints a face once per change of
the tile into a cached pixmap, so repaints for a new picture cost no text layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen

from ui.flow_words import step_text
from ui.grid.phone_data import PhoneState, ResultKind
from ui.words import error_class, outcome, phone_state

if TYPE_CHECKING:
    from ui.grid.phone_data import PhoneTile, TileThresholds

# Colour of each state; the word is always painted too, so colour is never the only cue.
STATE_COLOURS: dict[PhoneState, str] = {
    PhoneState.IDLE: "#4f7a94",
    PhoneState.RUNNING: "#23864f",
    PhoneState.STOPPING: "#d4731c",
    PhoneState.STOPPED: "#3d4b5c",
    PhoneState.DRAINING: "#b58900",
    PhoneState.OFFLINE: "#7a7a7a",
    PhoneState.UNAUTHORIZED: "#8e44ad",
    PhoneState.ERROR: "#c0392b",
}
WARNING_COLOUR = "#d0342c"
OK_COLOUR = "#23864f"
# A task stopped on purpose: the slate of a stopped phone, never a failure's red.
RESULT_COLOURS = {
    ResultKind.SUCCEEDED: OK_COLOUR,
    ResultKind.FAILED: WARNING_COLOUR,
    ResultKind.STOPPED: "#5d6d7e",
}


def paint_face(
    painter: QPainter,
    palette: QPalette,
    font: QFont,
    rect: QRect,
    text_rect: QRect,
    tile: PhoneTile,
    thresholds: TileThresholds,
    *,
    selected: bool,
) -> list[str]:
    """Paint the frame in ``rect`` and the tile's lines in ``text_rect``.

    Returns the texts as painted (elided to fit), top to bottom.
    """
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _paint_frame(painter, palette, rect, tile.state, selected=selected)
    return _paint_text(painter, palette, font, text_rect, tile, thresholds)


def _paint_frame(
    painter: QPainter, palette: QPalette, rect: QRect, state: PhoneState, *, selected: bool
) -> None:
    background = palette.color(QPalette.ColorRole.Base)
    border = palette.color(QPalette.ColorRole.Mid)
    if selected:
        background = palette.color(QPalette.ColorRole.Highlight).lighter(185)
        border = palette.color(QPalette.ColorRole.Highlight)
    painter.setPen(QPen(border, 2 if selected else 1))
    painter.setBrush(background)
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
    # A state-coloured bar on the left edge: the wall reads at a glance from afar.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATE_COLOURS[state]))
    painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 4, 4, rect.height() - 8), 2, 2)


def _paint_text(
    painter: QPainter,
    palette: QPalette,
    font: QFont,
    rect: QRect,
    tile: PhoneTile,
    thresholds: TileThresholds,
) -> list[str]:
    text_colour = palette.color(QPalette.ColorRole.Text)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    writer = _LineWriter(painter, rect, font)
    writer.title(tile.title, tile.rack_slot, text_colour, muted)
    if tile.label:  # without a label the title is the serial: say it once
        writer.line(tile.serial, muted, smaller=True)
    writer.state_pill(tile.state)
    # The step first: the flow's name is long and the step is what changes.
    task = f"{step_text(tile.step)} · {tile.flow}" if tile.flow and tile.step else tile.flow
    writer.line(
        task or QCoreApplication.translate("PhoneTile", "no task"), text_colour if task else muted
    )
    if tile.last_result_kind is None:
        writer.line(QCoreApplication.translate("PhoneTile", "no result yet"), muted)
    else:
        writer.line(last_result_text(tile), QColor(RESULT_COLOURS[tile.last_result_kind]))
    writer.health(tile, thresholds, text_colour)
    writer.line(tile.account and f"@ {tile.account}", text_colour)
    if tile.problem or tile.attention:
        writer.line(problem_text(tile), QColor(WARNING_COLOUR))
    if tile.health_pause:
        writer.line(health_pause_text(tile), QColor(WARNING_COLOUR))
    host = " · ".join(part for part in (tile.host, tile.capture_method) if part)
    writer.line(host, muted, smaller=True)
    return writer.painted


_PROBLEM_WORDS: dict[str, str] = {
    "account_restricted": str(QT_TRANSLATE_NOOP("PhoneTile", "account restricted")),
    "not_logged_in": str(QT_TRANSLATE_NOOP("PhoneTile", "not logged in")),
    "app_not_installed": str(QT_TRANSLATE_NOOP("PhoneTile", "app missing")),
}


_PAUSE_WORDS: dict[str, str] = {
    "too_hot": str(QT_TRANSLATE_NOOP("PhoneTile", "paused: too hot")),
    "battery_low": str(QT_TRANSLATE_NOOP("PhoneTile", "paused: battery low")),
}
_ANYWAY_WORDS: dict[str, str] = {
    "too_hot": str(QT_TRANSLATE_NOOP("PhoneTile", "too hot, runs anyway")),
    "battery_low": str(QT_TRANSLATE_NOOP("PhoneTile", "battery low, runs anyway")),
}


def health_pause_text(tile: PhoneTile) -> str:
    """Why the phone takes no new work (too hot, battery low), or that it runs anyway."""
    words = _ANYWAY_WORDS if tile.run_anyway else _PAUSE_WORDS
    word = words.get(tile.health_pause)
    return QCoreApplication.translate("PhoneTile", word) if word else ""


def problem_text(tile: PhoneTile) -> str:
    """What is wrong with the phone's account, in a word or two; "needs attention" first."""
    # A code without a word of its own is a device problem all the same: the worker's
    # English words for it are in the tooltip, never on the face.
    word = _PROBLEM_WORDS.get(tile.problem_code)
    problem = QCoreApplication.translate("PhoneTile", word) if word else error_class("device")
    if not tile.attention:
        return problem
    return QCoreApplication.translate("PhoneTile", "needs attention: {problem}").format(
        problem=problem
    )


def last_result_text(tile: PhoneTile) -> str:
    """One line on the last finished task: its word first, then the time and the flow.

    The word leads so that the narrowest tile still says it, not by colour alone.
    """
    kind = tile.last_result_kind
    if kind is None:
        return ""
    if kind is ResultKind.SUCCEEDED:
        word = outcome("succeeded")
    elif kind is ResultKind.STOPPED:
        word = QCoreApplication.translate(
            "PhoneTile", "stopped"
        )  # an operator's stop: not a failure
    else:
        word = QCoreApplication.translate("PhoneTile", "failed: {why}").format(
            why=error_class(tile.last_result)
        )
    rest = " · ".join(part for part in (tile.last_result_at, tile.last_result_flow) if part)
    return f"{word} {rest}".strip()


class _LineWriter:
    """Writes a tile's text lines top to bottom, eliding, and stops where the tile ends."""

    def __init__(self, painter: QPainter, rect: QRect, font: QFont) -> None:
        self._painter = painter
        self._rect = rect
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() - 1))
        bold = QFont(font)
        bold.setBold(True)
        # Fonts with their metrics, made once per face: building metrics is not free.
        self._plain = (QFont(font), QFontMetrics(font))
        self._small = (small, QFontMetrics(small))
        self._bold = (bold, QFontMetrics(bold))
        self._y = rect.top()
        self.painted: list[str] = []  # what was written, as elided

    def title(self, title: str, slot: str, colour: QColor, muted: QColor) -> None:
        height = self._bold[1].height()
        if not self._fits(height):
            return
        line = QRect(self._rect.left(), self._y, self._rect.width(), height)
        slot_width = 0
        if slot:
            slot_width = self._small[1].horizontalAdvance(slot) + 6
            self._painter.setFont(self._small[0])
            self._painter.setPen(muted)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            self._painter.drawText(line, align, slot)
            self.painted.append(slot)
        self._draw(self._bold, colour, title, line.adjusted(0, 0, -slot_width, 0))
        self._y += height + 1

    def line(self, text: str, colour: QColor, *, smaller: bool = False) -> None:
        if not text:
            return
        font = self._small if smaller else self._plain
        height = font[1].height()
        if not self._fits(height):
            return
        self._draw(
            font, colour, text, QRect(self._rect.left(), self._y, self._rect.width(), height)
        )
        self._y += height + 1

    def state_pill(self, state: PhoneState) -> None:
        bold, metrics = self._bold
        height = metrics.height() + 2
        if not self._fits(height):
            return
        word = phone_state(state.value)
        width = min(metrics.horizontalAdvance(word) + 14, self._rect.width())
        pill = QRect(self._rect.left(), self._y + 1, width, height)
        self._painter.setPen(Qt.PenStyle.NoPen)
        self._painter.setBrush(QColor(STATE_COLOURS[state]))
        self._painter.drawRoundedRect(QRectF(pill), height / 2, height / 2)
        self._painter.setFont(bold)
        self._painter.setPen(QColor("#ffffff"))
        self._painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, word)
        self.painted.append(word)
        self._y += height + 3

    def health(self, tile: PhoneTile, limits: TileThresholds, colour: QColor) -> None:
        height = self._plain[1].height()
        if not self._fits(height):
            return
        x = self._rect.left()
        locale = QLocale()
        battery = (
            QCoreApplication.translate("PhoneTile", "battery ?")
            if tile.battery_percent is None
            else locale.toString(tile.battery_percent) + locale.percent()
        )
        low = limits.battery_low(tile)
        x = self._segment(x, ("▼ " if low else "") + battery, WARNING_COLOUR if low else colour)
        temp = (
            "? °C"
            if tile.temperature_c is None
            else locale.toString(tile.temperature_c, "f", 1) + " °C"
        )
        hot = limits.too_hot(tile)
        self._segment(x + 10, ("▲ " if hot else "") + temp, WARNING_COLOUR if hot else colour)
        self._y += height + 1

    def _segment(self, x: int, text: str, colour: QColor | str) -> int:
        metrics = self._plain[1]
        # A few spare pixels: elidedText elides text that fits its width only to the pixel.
        width = min(metrics.horizontalAdvance(text) + 4, max(0, self._rect.right() - x))
        line = QRect(x, self._y, width, metrics.height())
        self._draw(self._plain, QColor(colour), text, line)
        return x + width

    def _fits(self, height: int) -> bool:
        return self._y + height <= self._rect.bottom() + 1

    def _draw(
        self, font: tuple[QFont, QFontMetrics], colour: QColor, text: str, line: QRect
    ) -> None:
        self._painter.setFont(font[0])
        self._painter.setPen(colour)
        elided = font[1].elidedText(text, Qt.TextElideMode.ElideRight, line.width())
        self.painted.append(elided)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self._painter.drawText(line, align, elided)
