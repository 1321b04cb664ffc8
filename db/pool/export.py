"""Export execution records to Excel, streaming: bounded memory at any number of records.

openpyxl's write-only workbook writes rows straight to disk; records are read in
short keyset pages. One sheet lists attempts, one their output items; a sheet that
reaches Excel's row limit continues on "Attempts 2", "Outputs 2", and so on. Text
that Excel would take for a formula (= + - @) is written as text.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.pool.records import fetch_records, record_conditions
from db.pool.sql import RUNS
from db.pool.values import ExportResult, iso

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy import Engine

    from db.pool.values import Record, RecordFilter

EXCEL_MAX_ROWS = 1_048_576
PAGE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPANDED_ITEM_FIELDS = 12  # item fields given their own column; the rest go to "more"

ATTEMPT_COLUMNS = [
    ("attempt id", 11),
    ("batch", 8),
    ("task", 9),
    ("flow", 18),
    ("attempt", 8),
    ("status", 11),
    ("error class", 13),
    ("error message", 44),
    ("error code", 18),
    ("failing step", 18),
    ("account", 18),
    ("device", 18),
    ("host", 16),
    ("author", 18),
    ("started at (UTC)", 25),
    ("finished at (UTC)", 25),
    ("duration ms", 12),
    ("outputs", 8),
    ("params", 44),
    ("stop reason", 32),
    ("artifacts", 60),
    ("late result", 32),
]
ITEM_COLUMNS = [("attempt id", 11), ("batch", 8), ("task", 9), ("flow", 18), ("account", 18)]


def safe_cell(sheet: Any, value: Any) -> Any:
    """A cell for ``value``; text is cleaned of control characters and never a formula."""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith(FORMULA_STARTS):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


@dataclass
class _Sheets:
    """A sheet series (Attempts, Attempts 2, ...) that rolls over at the row limit."""

    book: Any
    title: str
    columns: list[tuple[str, int]]
    max_rows: int
    headers: Mapping[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    rows_in_sheet: int = 0
    sheet: Any = None

    def ensure(self) -> None:
        """Start the first sheet, header only, if nothing was written yet."""
        if self.sheet is None:
            self._start_sheet()

    def append(self, values: list[Any]) -> None:
        if self.sheet is None or self.rows_in_sheet >= self.max_rows:
            self._start_sheet()
        self.sheet.append([safe_cell(self.sheet, v) for v in values])
        self.rows_in_sheet += 1

    def _start_sheet(self) -> None:
        title = self.headers.get(self.title, self.title)
        name = title if not self.names else f"{title} {len(self.names) + 1}"
        self.sheet = self.book.create_sheet(name)
        self.names.append(name)
        for index, (_, width) in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        header = []
        for title, _ in self.columns:
            cell = WriteOnlyCell(self.sheet, value=self.headers.get(title, title))
            cell.font = Font(bold=True)
            header.append(cell)
        self.sheet.append(header)
        self.rows_in_sheet = 1


def _attempt_row(record: Record) -> list[Any]:
    return [
        record.id,
        record.batch,
        record.task,
        record.flow,
        record.attempt,
        record.status.value,
        record.error_class.value if record.error_class else None,
        record.error_message,
        record.error_code,
        record.step,
        record.account,
        record.device,
        record.host,
        record.author,
        iso(record.started_at),
        iso(record.finished_at),
        record.duration_ms,
        len(record.outputs),
        record.params,
        record.stop_reason,
        artifacts_cell(record),
        record.late_result,
    ]


def artifacts_cell(record: Record) -> str | None:
    """``kind id (state)`` per artifact, one a line: enough to fetch each by id."""
    if not record.artifacts:
        return None
    return "\n".join(f"{a.kind.value} {a.id} ({a.state.value})" for a in record.artifacts)


def export_records(
    engine: Engine,
    flt: RecordFilter,
    path: Path | str,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
    page: int = PAGE,
    headers: Mapping[str, str] | None = None,
) -> ExportResult:
    """Write the records matching ``flt`` (oldest first) to an .xlsx file.

    ``headers`` words the column titles and sheet names (keys: the English titles of
    ``ATTEMPT_COLUMNS``/``ITEM_COLUMNS`` and "Attempts", "Outputs", "more fields"); the
    console passes its language's words, the CLI none (English). Cells are the same.

    ``progress(done, total)`` is called after each page; when ``cancelled()`` turns
    true the export stops and no file is left behind. The file appears only once
    complete (written beside it, then renamed).
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    reader = engine.execution_options(sqlite_deferred=True)
    conditions = record_conditions(flt)
    with Session(reader) as session, session.begin():
        total = session.execute(
            select(func.count()).select_from(RUNS).where(*conditions)
        ).scalar_one()
    total = min(total, limit) if limit is not None else total
    writer = _Writer(max_rows, page, headers or {})
    try:
        done = writer.write_pages(reader, conditions, total, progress, cancelled)
        if done is None:
            writer.discard()
            return ExportResult(str(target), 0, 0, [], cancelled=True)
        writer.book.save(partial)
        os.replace(partial, target)
    except BaseException:
        writer.discard()
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return ExportResult(str(target), done, writer.items, writer.sheet_names())


class _Writer:
    """The workbook being written and its two sheet series."""

    def __init__(self, max_rows: int, page: int, headers: Mapping[str, str]) -> None:
        self.book = Workbook(write_only=True)
        self.max_rows = max_rows
        self.page = page
        self.headers = headers
        self.attempts = _Sheets(self.book, "Attempts", ATTEMPT_COLUMNS, max_rows, headers)
        self.outputs: _Sheets | None = None
        self.item_fields: list[str] = []
        self.items = 0

    def sheet_names(self) -> list[str]:
        return self.attempts.names + (self.outputs.names if self.outputs else [])

    def discard(self) -> None:
        """Close and delete the sheets' temporary files (an export that will not be saved).

        A write-only sheet streams into a temporary file until ``save``; left open, its
        generators complain when collected and the file stays until the process exits.
        """
        for sheet in self.book.worksheets:
            with contextlib.suppress(Exception):
                if not sheet.closed:
                    sheet.close()
                temporary = sheet._writer  # openpyxl keeps no public handle on it
                if temporary is not None and os.path.exists(temporary.out):
                    temporary.cleanup()

    def write_pages(
        self,
        reader: Engine,
        conditions: list[Any],
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> int | None:
        done, after = 0, 0
        while done < total:
            if cancelled is not None and cancelled():
                return None
            page_size = min(self.page, total - done)
            with Session(reader) as session, session.begin():
                page = fetch_records(
                    session.connection(),
                    [*conditions, RUNS.c.id > after],
                    newest_first=False,
                    limit=page_size,
                )
            if not page:
                break
            for record in page:
                self.attempts.append(_attempt_row(record))
                self._write_items(record)
            done += len(page)
            after = page[-1].id
            if progress is not None:
                progress(done, total)
        self.attempts.ensure()
        if self.outputs is None:
            self._start_outputs([])
        assert self.outputs is not None
        self.outputs.ensure()
        return done

    def _start_outputs(self, sample: list[dict[str, Any]]) -> None:
        fields: list[str] = []
        for item in sample:
            fields.extend(k for k in item if k not in fields)
        self.item_fields = fields[:EXPANDED_ITEM_FIELDS]
        columns = ITEM_COLUMNS + [(f, 20) for f in self.item_fields] + [("more fields", 30)]
        self.outputs = _Sheets(self.book, "Outputs", columns, self.max_rows, self.headers)

    def _write_items(self, record: Record) -> None:
        if not record.outputs:
            return
        if self.outputs is None:
            self._start_outputs(record.outputs)
        assert self.outputs is not None
        for item in record.outputs:
            rest = {k: v for k, v in item.items() if k not in self.item_fields}
            self.outputs.append(
                [record.id, record.batch, record.task, record.flow, record.account]
                + [item.get(f) for f in self.item_fields]
                + [rest or None]
            )
            self.items += 1
