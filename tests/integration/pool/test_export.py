"""Excel export: two sheets, headers, ISO times, no formulas, sheet split, bounded memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from openpyxl import load_workbook

from app.bench.export import seed_records
from db.pool.export import export_records
from db.pool.states import ErrorClass
from db.pool.values import RecordFilter, RunReport

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from tests.support.pool import Fleet

INJECTIONS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_export_writes_attempts_and_items_safely(fleet: Fleet, tmp_path: Path) -> None:
    batch = fleet.submit(count=2, params={"creator": "=cmd|' /C calc'!A0"})
    first, second = fleet.claim([0, 1])
    fleet.emit(
        first.run_id, *[(f"k{i}", {"text": text, "likes": i}) for i, text in enumerate(INJECTIONS)]
    )
    fleet.finish(first.run_id)
    fleet.finish(
        second.run_id,
        RunReport.failure(ErrorClass.RETRYABLE, "-boom", step="@step", error_code="ui_not_found"),
    )
    progress: list[tuple[int, int]] = []
    path = tmp_path / "records.xlsx"
    result = export_records(
        fleet.engine, RecordFilter(batch=batch), path, progress=lambda d, t: progress.append((d, t))
    )
    assert (result.attempts, result.items, result.sheets) == (2, 4, ["Attempts", "Outputs"])
    assert progress[-1] == (2, 2)
    book = load_workbook(path)
    attempts = book["Attempts"]
    header = [cell.value for cell in attempts[1]]
    assert header[:6] == ["attempt id", "batch", "task", "flow", "attempt", "status"]
    assert attempts.freeze_panes == "A2"
    assert attempts.column_dimensions["H"].width >= 40  # error message reads well
    rows = {row[0].value: row for row in attempts.iter_rows(min_row=2)}
    failed = rows[second.run_id]
    assert failed[header.index("error message")].value == "-boom"
    assert failed[header.index("failing step")].value == "@step"
    assert failed[header.index("error code")].value == "ui_not_found"
    assert rows[first.run_id][header.index("error code")].value is None
    started = failed[header.index("started at (UTC)")].value
    assert datetime.fromisoformat(started.replace("Z", "+00:00")).tzinfo is not None
    outputs = book["Outputs"]
    out_header = [cell.value for cell in outputs[1]]
    texts = [row[out_header.index("text")].value for row in outputs.iter_rows(min_row=2)]
    assert texts == INJECTIONS  # written as the text it is
    for sheet in (attempts, outputs):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{cell.coordinate} became a formula"
    with zipfile.ZipFile(path) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if "worksheets" in n)
    assert "<f>" not in xml


def test_sheets_split_at_the_row_limit(fleet: Fleet, tmp_path: Path) -> None:
    fleet.submit(count=5)
    for _ in range(2):
        for claim in fleet.claim():
            fleet.emit(claim.run_id, ("a", {"n": 1}), ("b", {"n": 2}))
            fleet.finish(claim.run_id)
    result = export_records(fleet.engine, RecordFilter(), tmp_path / "x.xlsx", max_rows=3)
    assert result.attempts == 5
    assert result.items == 10
    assert result.sheets[:3] == ["Attempts", "Attempts 2", "Attempts 3"]
    assert "Outputs 5" in result.sheets
    book = load_workbook(tmp_path / "x.xlsx")
    assert sum(book[name].max_row - 1 for name in result.sheets if "Attempts" in name) == 5
    assert all(book[name].max_row <= 3 for name in result.sheets)


def test_cancelled_export_leaves_no_file(fleet: Fleet, tmp_path: Path) -> None:
    fleet.submit(count=3)
    for claim in fleet.claim():
        fleet.finish(claim.run_id)
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "never.xlsx"
    result = export_records(fleet.engine, RecordFilter(), path, cancelled=lambda: True)
    assert result.cancelled
    assert not path.exists()
    assert list(folder.iterdir()) == []  # no partial file either


def _peak_export_bytes(engine: Engine, path: Path) -> int:
    tracemalloc.start()
    try:
        export_records(engine, RecordFilter(), path, page=50)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_number_of_records(
    engine: Engine, tmp_path: Path
) -> None:
    seed_records(engine, 200)  # four pages of 50
    small = _peak_export_bytes(engine, tmp_path / "small.xlsx")
    seed_records(engine, 1000, first=201)  # six times as many records now
    large = _peak_export_bytes(engine, tmp_path / "large.xlsx")
    assert large < small * 1.5, (small, large)
