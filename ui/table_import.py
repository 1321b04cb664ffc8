"""Read task parameters from an Excel or CSV file, one row per task, and check every cell.

Plain Python (no Qt): the new-batch dialog runs it off the GUI thread. The first row holds
the headers, each naming a parameter by its name or its label. A row with any error is
listed by row number and column letter, as the operator sees them in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import logging
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.flow_fields import FieldValueError, check_field_value, parse_field_text
from ui.flow_words import flow_text
from ui.i18n import QT_TRANSLATE_NOOP
from ui.sheet_scan import Finding, TooManyRows, scan_sheet

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

    from ui.flow_fields import FieldSpec, ValidateParams
    from ui.sheet_scan import SheetFacts

log = logging.getLogger(__name__)

MAX_ROWS = 100_000
MAX_COLUMNS = 200
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")


class TableImportError(Exception):
    """The file cannot be read as a table at all (one line for the operator)."""


@dataclass(frozen=True)
class RawTable:
    """The cells of a file as text: headers, then numbered data rows (empty rows skipped)."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    problems: tuple[CellError, ...] = ()  # cells the file itself makes unusable


@dataclass(frozen=True)
class CellError:
    """One problem in the file.

    Attributes:
        row: the row number in the file (the header row is 1).
        column: the column letter, e.g. ``B``; empty when the parameter has no column.
        header: the column's header, or the parameter's label when it has no column.
        value: the cell's text.
        message: what is wrong.
    """

    row: int
    column: str
    header: str
    value: str
    message: str


@dataclass(frozen=True)
class ImportedTask:
    """One good row: its number in the file and the task's parameters."""

    row: int
    params: Mapping[str, object]


@dataclass(frozen=True)
class ImportResult:
    """What an import found: good tasks, and every error of the bad rows."""

    source: str
    tasks: tuple[ImportedTask, ...]
    errors: tuple[CellError, ...] = ()
    bad_rows: frozenset[int] = field(default_factory=frozenset)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong, so the tasks may be submitted."""
        return not self.errors

    def without_bad_rows(self) -> ImportResult:
        """Drop the rows with errors (header errors cannot be dropped: fix the file)."""
        header_errors = tuple(e for e in self.errors if e.row == 1)
        return ImportResult(self.source, self.tasks, header_errors, frozenset())


def read_table(path: Path) -> RawTable:
    """Read an .xlsx or .csv file into text cells; raise TableImportError when unreadable."""
    suffix = path.suffix.lower()
    findings: list[Finding] = []
    if suffix in EXCEL_SUFFIXES:
        grid, findings = _read_excel(path)
    elif suffix in CSV_SUFFIXES:
        grid = _read_csv(path)
    else:
        raise TableImportError(
            QCoreApplication.translate(
                "TableImport", "{file}: not an Excel (.xlsx) or CSV file"
            ).format(file=path.name)
        )
    rows = iter(grid)
    header_cells = next(rows, None)
    if header_cells is None:
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: the file is empty").format(
                file=path.name
            )
        )
    headers = _trim(header_cells)
    if len(headers) > MAX_COLUMNS:
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: more than {limit} columns").format(
                file=path.name, limit=MAX_COLUMNS
            )
        )
    body: list[tuple[int, tuple[str, ...]]] = []
    for number, cells in enumerate(rows, start=2):
        texts = tuple(_cell_text(cell) for cell in cells)
        if any(texts):
            body.append((number, texts))
        if len(body) > MAX_ROWS:
            raise TableImportError(
                QCoreApplication.translate("TableImport", "{file}: more than {limit} rows").format(
                    file=path.name, limit=MAX_ROWS
                )
            )
    problems = tuple(_problem(finding, headers) for finding in findings)
    return RawTable(str(path), headers, tuple(body), problems)


def check_table(
    table: RawTable,
    flow: str,
    fields: Sequence[FieldSpec],
    base_values: Mapping[str, object],
    validate: ValidateParams | None,
) -> ImportResult:
    """Turn each row into a task's parameters over ``base_values``; list every bad cell."""
    columns, header_errors = _match_headers(table.headers, fields)
    problems: dict[int, list[CellError]] = defaultdict(list)
    for problem in table.problems:
        problems[problem.row].append(problem)
    tasks: list[ImportedTask] = []
    errors = [*header_errors, *problems.pop(1, [])]
    bad_rows: set[int] = set()
    bodies = dict(table.rows)
    # A row the file makes unusable is listed even when none of its cells reads as data
    # (its only value a formula Excel never calculated).
    for number in sorted(bodies.keys() | problems.keys()):
        row_errors = list(problems.get(number, []))
        cells = bodies.get(number)
        if cells is not None:
            values, cell_errors = _check_row(number, cells, columns, fields, base_values)
            if not cell_errors and not row_errors and validate is not None:
                cell_errors = _validation_errors(
                    number, cells, columns, fields, validate(flow, values)
                )
            row_errors.extend(cell_errors)
        if row_errors:
            errors.extend(row_errors)
            bad_rows.add(number)
        elif cells is not None:
            tasks.append(ImportedTask(number, values))
    return ImportResult(table.source, tuple(tasks), tuple(errors), frozenset(bad_rows))


def column_letter(index: int) -> str:
    """Excel's name of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _read_excel(path: Path) -> tuple[list[tuple[object, ...]], list[Finding]]:
    import openpyxl  # only needed here; keeps the import of this module light
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        log.info("%s: not read as Excel: %s", path, exc)  # the library's English: the log
        raise TableImportError(
            QCoreApplication.translate(
                "TableImport", "{file}: cannot be read as Excel (damaged, or not an .xlsx file)"
            ).format(file=path.name)
        ) from None
    try:
        sheet = book.active
        if sheet is None:
            raise TableImportError(
                QCoreApplication.translate(
                    "TableImport", "{file}: the workbook has no sheet"
                ).format(file=path.name)
            )
        facts = _scan(path, sheet.title)
        # Only the rows and columns that hold data: a stray cell far away costs nothing.
        rows = [
            tuple(cells)
            for cells in sheet.iter_rows(
                min_row=1,
                max_row=max(facts.last_row, 1),
                max_col=max(facts.header_width, 1),
                values_only=True,
            )
        ]
        return rows, facts.findings
    finally:
        book.close()


def _scan(path: Path, title: str) -> SheetFacts:
    try:
        facts = scan_sheet(path, title, MAX_ROWS)
    except TooManyRows:
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: more than {limit} rows").format(
                file=path.name, limit=MAX_ROWS
            )
        ) from None
    except ValueError as exc:
        log.info("%s: not read as Excel: %s", path, exc)  # the library's English: the log
        raise TableImportError(
            QCoreApplication.translate(
                "TableImport", "{file}: cannot be read as Excel (damaged, or not an .xlsx file)"
            ).format(file=path.name)
        ) from None
    if facts.header_width > MAX_COLUMNS:
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: more than {limit} columns").format(
                file=path.name, limit=MAX_COLUMNS
            )
        )
    return facts


def _problem(finding: Finding, headers: Sequence[str]) -> CellError:
    """A finding of the sheet scan as the operator reads it, by cell address."""
    index = finding.column - 1
    header = headers[index] if index < len(headers) else ""
    words = {
        "formula": QT_TRANSLATE_NOOP(
            "TableImport",
            "formula without a cached value (open and save the file in Excel, or paste values)",
        ),
        "error": QT_TRANSLATE_NOOP("TableImport", "the cell shows an error"),
        "merged": QT_TRANSLATE_NOOP(
            "TableImport", "part of merged cells (unmerge them and fill every cell)"
        ),
        "merged_header": QT_TRANSLATE_NOOP(
            "TableImport", "merged header (unmerge it: every column needs its own header)"
        ),
        "outside": QT_TRANSLATE_NOOP("TableImport", "a value in a column without a header"),
    }
    message = QCoreApplication.translate("TableImport", words[finding.kind])
    return CellError(finding.row, column_letter(index), header, finding.value, message)


def _unreadable(path: Path, exc: OSError) -> str:
    """Why the system would not read a file, in the console's language (never strerror)."""
    if exc.errno == errno.ENOENT:
        text = QT_TRANSLATE_NOOP("TableImport", "{file}: the file no longer exists")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        text = QT_TRANSLATE_NOOP("TableImport", "{file}: no permission to read it")
    else:
        text = QT_TRANSLATE_NOOP("TableImport", "{file}: cannot be read (the log says why)")
    return QCoreApplication.translate("TableImport", text).format(file=path.name)


def _read_csv(path: Path) -> list[tuple[object, ...]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        log.info("%s: not read: %s", path, exc)
        raise TableImportError(_unreadable(path, exc)) from None
    # Excel on a Chinese Windows saves CSV as GB18030 (GBK); elsewhere it is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: unknown text encoding").format(
                file=path.name
            )
        )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    try:
        # The csv module's own line handling: a quoted cell may hold line breaks.
        return [tuple(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        log.info("%s: not valid CSV: %s", path, exc)
        raise TableImportError(
            QCoreApplication.translate("TableImport", "{file}: not a valid CSV file").format(
                file=path.name
            )
        ) from None


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _trim(cells: Iterable[object]) -> tuple[str, ...]:
    texts = [_cell_text(cell) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _match_headers(
    headers: Sequence[str], fields: Sequence[FieldSpec]
) -> tuple[dict[str, int], list[CellError]]:
    by_key: dict[str, FieldSpec] = {}
    for field_spec in fields:
        by_key[field_spec.name.casefold()] = field_spec
        by_key[field_spec.label.casefold()] = field_spec
        by_key[flow_text(field_spec.label).casefold()] = field_spec  # the console's language
    columns: dict[str, int] = {}
    errors: list[CellError] = []
    for index, header in enumerate(headers):
        letter = column_letter(index)
        spec = by_key.get(header.casefold())
        if not header:
            errors.append(
                CellError(
                    1,
                    letter,
                    "",
                    "",
                    QCoreApplication.translate("TableImport", "empty header: name a parameter"),
                )
            )
        elif spec is None:
            known = ", ".join(s.name for s in fields)
            errors.append(
                CellError(
                    1,
                    letter,
                    header,
                    header,
                    QCoreApplication.translate("TableImport", "no such parameter ({known})").format(
                        known=known
                    ),
                )
            )
        elif spec.name in columns:
            errors.append(
                CellError(
                    1,
                    letter,
                    header,
                    header,
                    QCoreApplication.translate("TableImport", "parameter given twice"),
                )
            )
        else:
            columns[spec.name] = index
    return columns, errors


def _check_row(
    number: int,
    cells: Sequence[str],
    columns: Mapping[str, int],
    fields: Sequence[FieldSpec],
    base_values: Mapping[str, object],
) -> tuple[dict[str, object], list[CellError]]:
    values = {k: v for k, v in base_values.items() if v is not None}
    errors: list[CellError] = []
    for spec in fields:
        index = columns.get(spec.name)
        text = cells[index] if index is not None and index < len(cells) else ""
        try:
            value = parse_field_text(spec, text)
        except FieldValueError as exc:
            errors.append(_error(number, spec, index, text, str(exc)))
            continue
        if value is not None:
            values[spec.name] = value
        problem = check_field_value(spec, values.get(spec.name))
        if problem:
            errors.append(_error(number, spec, index, text, problem))
    return values, errors


def _validation_errors(
    number: int,
    cells: Sequence[str],
    columns: Mapping[str, int],
    fields: Sequence[FieldSpec],
    messages: Mapping[str, str],
) -> list[CellError]:
    specs = {spec.name: spec for spec in fields}
    errors = []
    for name, message in messages.items():
        index = columns.get(name)
        text = cells[index] if index is not None and index < len(cells) else ""
        spec = specs.get(name)
        if spec is None:
            errors.append(CellError(number, "", name, "", message))
        else:
            errors.append(_error(number, spec, index, text, message))
    return errors


def _error(number: int, spec: FieldSpec, index: int | None, text: str, message: str) -> CellError:
    if index is None:
        return CellError(
            number,
            "",
            flow_text(spec.label),
            "",
            QCoreApplication.translate(
                "TableImport", "{message} (no column, no form value)"
            ).format(message=message),
        )
    return CellError(number, column_letter(index), flow_text(spec.label), text, message)
