"""A series of write-only sheets (Attempts, Attempts 2, ...) that rolls over at Excel's
row limit, each with a frozen bold header, set widths and an autofilter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from db.pool.export.cells import CellMaker
    from db.pool.export.layout import Column

SHEET_NAME_MAX = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED_SHEET_NAMES = {"history"}  # Excel keeps "History" for itself


@dataclass
class SheetNames:
    """Sheet names already given in one workbook (Excel compares them caseless)."""

    taken: set[str] = field(default_factory=set)

    def unique(self, wanted: str) -> str:
        """A valid sheet name close to ``wanted`` that is not taken yet."""
        base = _NOT_IN_SHEET_NAMES.sub("_", wanted).strip("'")[:SHEET_NAME_MAX] or "Sheet"
        name, number = base, 2
        while name.casefold() in self.taken or name.casefold() in RESERVED_SHEET_NAMES:
            suffix = f" {number}"
            name, number = base[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
        self.taken.add(name.casefold())
        return name


@dataclass
class SheetSeries:
    """Rows of one kind, on as many sheets as Excel's row limit needs."""

    book: Any
    title: str
    columns: list[Column]
    max_rows: int
    cells: CellMaker
    names: SheetNames
    sheet_names: list[str] = field(default_factory=list)
    rows_in_sheet: int = 0
    sheet: Any = None

    def ensure(self) -> None:
        """Start the first sheet, header only, if nothing was written yet."""
        if self.sheet is None:
            self._start_sheet()

    def append(self, values: list[Any]) -> None:
        """Write one row (every value escaped), on a new sheet when this one is full."""
        if self.sheet is None or self.rows_in_sheet >= self.max_rows:
            self._start_sheet()
        sheet = self.sheet
        self.sheet.append([self.cells.value(sheet, v) for v in values])
        self.rows_in_sheet += 1

    def finish(self) -> None:
        """Put the autofilter over the last sheet's rows (before the book is saved)."""
        if self.sheet is not None:
            last = get_column_letter(len(self.columns))
            self.sheet.auto_filter.ref = f"A1:{last}{self.rows_in_sheet}"

    def _start_sheet(self) -> None:
        self.finish()
        wanted = self.title if not self.sheet_names else f"{self.title} {len(self.sheet_names) + 1}"
        name = self.names.unique(wanted)
        self.sheet = self.book.create_sheet(name)
        self.sheet_names.append(name)
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        self.sheet.append([self.cells.header(self.sheet, c.header) for c in self.columns])
        self.rows_in_sheet = 1
