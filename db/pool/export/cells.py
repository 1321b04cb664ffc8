"""What goes into one Excel cell: text that is never a formula, cut visibly at Excel's
limit, and times as real date cells in the operator's time zone."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

if TYPE_CHECKING:
    from datetime import tzinfo

EXCEL_MAX_CHARS = 32_767  # per cell, counted in UTF-16 code units as Excel does
# Text Excel (or LibreOffice, or a CSV round trip) may take for a formula; the
# full-width forms too, which a Chinese IME types and Excel converts on edit.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
EXCEL_EXACT_INTEGER = 10**15  # Excel keeps 15 significant digits
CUT_FONT = Font(color="C00000", italic=True)  # a cut cell is red, besides its marker
HEADER_FONT = Font(bold=True)


class CellMaker:
    """Turns values into cells for one export; counts the cells it had to cut.

    Attributes:
        zone: dates are written in this zone (None: this PC's zone), as naive Excel
            dates with a date format.
        cut_marker: the text that ends a cut cell; ``{length}`` is the full length.
        cut: how many cells were cut so far.
    """

    def __init__(self, zone: tzinfo | None, cut_marker: str) -> None:
        self.zone = zone
        self.cut_marker = cut_marker
        self.cut = 0

    def value(self, sheet: Any, value: Any) -> Any:
        """What to append for ``value``: a plain value, or a styled write-only cell."""
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):  # past 15 digits Excel rounds a number: keep it text
            return value if abs(value) < EXCEL_EXACT_INTEGER else self.text(sheet, str(value))
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)  # Excel has no NaN
        if isinstance(value, datetime):
            return self.local(value)
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        return self.text(sheet, str(value))

    def text(self, sheet: Any, raw: str, font: Font | None = None) -> Any:
        """A text cell: control characters dropped, never a formula, cut visibly."""
        text = ILLEGAL_CHARACTERS_RE.sub("", raw)
        cut = _cut(text, self.cut_marker)
        if cut is not None:
            self.cut += 1
            text, font = cut, CUT_FONT
        quote = text.startswith(FORMULA_STARTS)
        if font is None and not quote:
            return text
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if quote:
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if font is not None:
            cell.font = font
        return cell

    def header(self, sheet: Any, title: str) -> Any:
        """A bold header cell, escaped like any other text."""
        return self.text(sheet, title, HEADER_FONT)

    def local(self, moment: datetime) -> datetime:
        """``moment`` (UTC when naive, as the pool stores it) in the export's zone."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        # astimezone(None) applies this PC's rules at that instant (summer time too).
        return aware.astimezone(self.zone).replace(tzinfo=None)


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters outside the BMP (emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, marker_template: str) -> str | None:
    """``text`` cut to fit a cell with the marker at its end; None when it fits."""
    if len(text) <= EXCEL_MAX_CHARS // 2 or utf16_length(text) <= EXCEL_MAX_CHARS:
        return None
    marker = marker_template.replace("{length}", f"{len(text):,}")
    room = EXCEL_MAX_CHARS - utf16_length(marker)
    head = text.encode("utf-16-le")[: room * 2]
    if head and 0xD8 <= head[-1] <= 0xDB:  # never split a surrogate pair
        head = head[:-2]
    return head.decode("utf-16-le") + marker
