"""What an xlsx sheet holds besides its values: formulas without a cached result, error
results, merged cells, values outside the headed columns, and where the data ends.

openpyxl's read-only sheets give values only (a formula Excel never calculated reads as
empty), do not list merged cells, and pad every row to the sheet's dimension, so one
stray cell at XFD99000 costs 16,384 cells a row. This reads the sheet's XML once,
streaming, and keeps only the cells that hold something; the values are then read with
openpyxl within the rows and columns that hold data.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

if TYPE_CHECKING:
    from pathlib import Path

REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class TooManyRows(Exception):  # noqa: N818  (a limit, reported by the caller)
    """More rows hold data than the import takes."""


@dataclass(frozen=True)
class Finding:
    """One cell that cannot be imported as it is.

    Attributes:
        row, column: 1-based, as Excel numbers them.
        kind: ``formula`` (no cached value), ``error`` (an error result), ``merged``
            (part of merged cells), ``merged_header``, ``outside`` (no header above).
        value: what the cell holds (the formula, the error, the merged range).
    """

    row: int
    column: int
    kind: str
    value: str


@dataclass
class SheetFacts:
    """What one pass over a sheet's XML found."""

    findings: list[Finding] = field(default_factory=list)
    header_width: int = 0  # columns of row 1 that hold something (merged headers count)
    last_row: int = 0  # the last row that holds data
    data_rows: set[int] = field(default_factory=set)  # rows after the first holding data


def scan_sheet(path: Path, title: str, max_rows: int) -> SheetFacts:
    """Scan the sheet called ``title``; TooManyRows past ``max_rows`` data rows,
    ValueError when its XML cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, title)
            with archive.open(part) as stream:
                return _Scanner(max_rows).run(stream)
    except (etree.LxmlError, KeyError, zipfile.BadZipFile) as exc:
        raise ValueError(str(exc)) from None


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet called ``title``."""
    book = etree.fromstring(archive.read("xl/workbook.xml"), _parser())
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _parser())
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    for sheet in book.iter("{*}sheet"):
        if sheet.get("name") == title:
            target = targets.get(sheet.get(REL_ID), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    raise KeyError(f"no sheet {title!r}")


def _parser() -> etree.XMLParser:
    # An operator's file: no entities, no network, no unbounded trees.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _local(tag: object) -> str:
    text = str(tag)
    return text[text.rfind("}") + 1 :]


class _Scanner:
    """One streaming pass: findings, header width, the rows that hold data."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.facts = SheetFacts()
        self.outside: list[tuple[int, int]] = []
        self.merges: list[str] = []
        self.row = 0
        self.column = 0

    def run(self, stream: object) -> SheetFacts:
        events = etree.iterparse(
            stream, events=("start", "end"), resolve_entities=False, no_network=True
        )
        for event, element in events:
            name = _local(element.tag)
            if event == "start":
                if name == "row":
                    self.row = int(element.get("r") or self.row + 1)
                    self.column = 0
                continue
            if name == "c":
                self._cell(element)
            elif name == "mergeCell":
                self.merges.append(element.get("ref", ""))
            elif name == "row":
                element.clear()  # keep memory flat: the row is done
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        self._finish()
        return self.facts

    def _cell(self, cell: etree._Element) -> None:
        reference = cell.get("r")
        if reference:
            letters, self.row = coordinate_from_string(reference)
            self.column = column_index_from_string(letters)
        else:
            self.column += 1
        formula = cell.find("{*}f")
        value = cell.find("{*}v")
        inline = cell.find("{*}is")
        # openpyxl and other writers save "<v></v>" (or nothing) for a formula they never
        # calculated; Excel's own empty text result is typed t="str".
        uncalculated = value is None or (not value.text and cell.get("t") != "str")
        if formula is not None and uncalculated:
            self._found("formula", "=" + (formula.text or "…"))
        elif cell.get("t") == "e" and value is not None:
            self._found("error", value.text or "#ERROR")
        holds = (
            formula is not None
            or (value is not None and bool(value.text))
            or (inline is not None and bool("".join(inline.itertext())))
        )
        if holds:
            self._holds()

    def _found(self, kind: str, value: str) -> None:
        self.facts.findings.append(Finding(self.row, self.column, kind, value))

    def _holds(self) -> None:
        facts = self.facts
        if self.row == 1:
            facts.header_width = max(facts.header_width, self.column)
            return
        if self.row not in facts.data_rows:
            facts.data_rows.add(self.row)
            if len(facts.data_rows) > self.max_rows:
                raise TooManyRows
        facts.last_row = max(facts.last_row, self.row)
        if self.column > facts.header_width:  # row 1 came first: its width is known
            self.outside.append((self.row, self.column))

    def _finish(self) -> None:
        facts = self.facts
        for reference in self.merges:
            self._merge(reference)
        facts.findings.extend(
            Finding(row, column, "outside", "")
            for row, column in self.outside
            if column > facts.header_width
        )
        facts.findings.sort(key=lambda f: (f.row, f.column))

    def _merge(self, reference: str) -> None:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(reference)
        except (TypeError, ValueError):
            return
        if first_col is None or first_row is None or last_col is None or last_row is None:
            return
        facts = self.facts
        if first_row == 1:
            facts.header_width = max(facts.header_width, last_col)
            if last_col > first_col:
                facts.findings.append(Finding(1, first_col + 1, "merged_header", reference))
        for row in range(max(first_row, 2), min(last_row, facts.last_row) + 1):
            if row in facts.data_rows:
                column = first_col + 1 if row == first_row else first_col
                if column <= last_col:
                    facts.findings.append(Finding(row, column, "merged", reference))
