"""Write the matching records to one workbook, a page of records at a time."""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.artifacts.catalog import artifacts_of_runs
from db.pool.export.cells import CellMaker
from db.pool.export.layout import (
    ExportLayout,
    FlowColumns,
    attempt_columns,
    discovered_columns,
    flow_columns,
)
from db.pool.export.sheets import SheetNames, SheetSeries
from db.pool.records import record_conditions, run_rows, to_record
from db.pool.sql import ITEMS, RUNS, from_json
from db.pool.values import ExportResult

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from sqlalchemy import ColumnElement, Connection, Engine

    from db.pool.values import Record, RecordFilter

EXCEL_MAX_ROWS = 1_048_576
PAGE = 500


def export_records(
    engine: Engine,
    flt: RecordFilter,
    path: Path | str,
    *,
    layout: ExportLayout | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
    page: int = PAGE,
    headers: Mapping[str, str] | None = None,
) -> ExportResult:
    """Write the records matching ``flt`` (oldest first) to an .xlsx file.

    ``layout`` gives each flow's columns and the zone of dates (default: columns from
    the data, this PC's zone); ``headers`` words its English texts (``TEXTS``) in the
    console's language (the CLI passes none: English). Cells are the same.

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
    chosen = layout or ExportLayout()
    if headers:
        chosen = replace(chosen, headers={**chosen.headers, **headers})
    writer = _Writer(chosen, max_rows, page)
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
    return ExportResult(str(target), done, writer.items, writer.sheet_names(), writer.cells.cut)


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
        record.started_at,
        record.finished_at,
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


class _Writer:
    """The workbook being written: the attempts series and one series per flow."""

    def __init__(self, layout: ExportLayout, max_rows: int, page: int) -> None:
        self.book = Workbook(write_only=True)
        self.layout = layout
        self.max_rows = max_rows
        self.page = page
        self.names = SheetNames()
        self.cells = CellMaker(layout.time_zone, layout.text("cut_marker"))
        self.attempts = self._series(layout.text("sheet.attempts"), attempt_columns(layout))
        self.outputs: dict[str, tuple[SheetSeries, FlowColumns]] = {}
        self.items = 0

    def _series(self, title: str, columns: list[Any]) -> SheetSeries:
        return SheetSeries(self.book, title, columns, self.max_rows, self.cells, self.names)

    def sheet_names(self) -> list[str]:
        """Every sheet written, attempts first, then each flow's in order of appearance."""
        names = list(self.attempts.sheet_names)
        for series, _ in self.outputs.values():
            names.extend(series.sheet_names)
        return names

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
        conditions: list[ColumnElement[bool]],
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> int | None:
        """Write every page; the number of records written, or None when cancelled."""
        done, after = 0, 0
        while done < total:
            if cancelled is not None and cancelled():
                return None
            with Session(reader) as session, session.begin():
                page = _page(
                    session.connection(),
                    [*conditions, RUNS.c.id > after],
                    min(self.page, total - done),
                )
            if not page:
                break
            for record, times in page:
                self.attempts.append(_attempt_row(record))
                self._write_items(record, times)
            done += len(page)
            after = page[-1][0].id
            if progress is not None:
                progress(done, total)
        self.attempts.ensure()
        self.attempts.finish()
        for series, _ in self.outputs.values():
            series.finish()
        return done

    def _write_items(self, record: Record, times: list[datetime]) -> None:
        if not record.outputs:
            return
        series, columns = self._outputs_of(record)
        for item, collected_at in zip(record.outputs, times, strict=True):
            known = set(columns.fields)
            rest = {k: v for k, v in item.items() if k not in known}
            series.append(
                [record.id, record.batch, record.task, record.account, record.device]
                + [collected_at]
                + [record.params.get(name) for name, _ in columns.key_params]
                + [item.get(name) for name in columns.fields]
                + [rest or None]
            )
            self.items += 1

    def _outputs_of(self, record: Record) -> tuple[SheetSeries, FlowColumns]:
        found = self.outputs.get(record.flow)
        if found is None:
            columns = self.layout.flows.get(record.flow) or discovered_columns(
                record.outputs[0], record.params
            )
            sheet_columns = flow_columns(self.layout, columns, record.outputs[0], record.params)
            found = (self._series(record.flow, sheet_columns), columns)
            self.outputs[record.flow] = found
        return found


def _page(
    conn: Connection, conditions: list[ColumnElement[bool]], limit: int
) -> list[tuple[Record, list[datetime]]]:
    """One page of records, each with the times its (in-lease) items were stored."""
    rows = run_rows(conn, conditions, newest_first=False, limit=limit)
    items: dict[int, list[tuple[bool, Any]]] = defaultdict(list)
    times: dict[int, list[datetime]] = defaultdict(list)
    if rows:
        found = conn.execute(
            select(ITEMS.c.run_id, ITEMS.c.late, ITEMS.c.data_json, ITEMS.c.created_at)
            .where(ITEMS.c.run_id.in_([row.id for row in rows]))
            .order_by(ITEMS.c.run_id, ITEMS.c.seq)
        )
        for run_id, late, data, created_at in found:
            items[run_id].append((bool(late), from_json(data)))
            if not late:
                times[run_id].append(created_at)
    artifacts = artifacts_of_runs(conn, [row.id for row in rows]) if rows else {}
    return [
        (to_record(row, items.get(row.id, []), artifacts.get(row.id)), times.get(row.id, []))
        for row in rows
    ]
