"""Excel export: a sheet per flow with its own columns, real dates, no formulas anywhere
(checked in the sheet XML), visible cuts, filters, sheet split, bounded memory."""

from __future__ import annotations

import re
import tracemalloc
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.bench.export import seed_records
from app.export_layout import export_layout
from db.pool.export import EXCEL_MAX_CHARS, ExportLayout, FlowColumns, export_records
from db.pool.records import query_records
from db.pool.states import ErrorClass
from db.pool.values import RecordFilter, RunReport
from workers.flows.builtin import default_registry

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Engine

    from db.pool.values import Record
    from tests.support.pool import Fleet

INJECTIONS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "＝1+1"]
SHANGHAI = "Asia/Shanghai"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def layout(zone: str = SHANGHAI) -> ExportLayout:
    return export_layout(default_registry(), zone)


def run_flow(fleet: Fleet, flow: str, params: dict[str, Any], items: list[dict[str, Any]]) -> int:
    """One finished attempt of ``flow`` that emitted ``items``; its record id."""
    fleet.submit(flow=flow, params=params, count=1)
    claim = fleet.claim_one(0)
    assert claim is not None
    fleet.emit(claim.run_id, *[(str(i), item) for i, item in enumerate(items)])
    fleet.finish(claim.run_id)
    return claim.run_id


def rows_of(sheet: Any) -> list[dict[str, Any]]:
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def all_records(engine: Engine) -> dict[int, Record]:
    from db.pool.tx import run_transaction

    found = run_transaction(engine, lambda s: query_records(s, RecordFilter(), limit=100))
    return {record.id: record for record in found}


TITLES = [
    {"title": "猫咪的一天", "comment_count": 812, "video_key": "c001v001", "position": 1},
    {"title": "Cooking 101", "comment_count": 130, "video_key": "c001v004", "position": 4},
]
COMMENTS = [
    {"author": "小明", "text": "哈哈 love it 🔥", "likes": 12, "position": 1},
    {"author": "bob", "text": "line one\nline two", "likes": 0, "position": 2},
]


def test_each_flow_gets_its_own_sheet_with_its_columns_and_the_task_beside_each_item(
    fleet: Fleet, tmp_path: Path
) -> None:
    titles_run = run_flow(fleet, "collect.titles", {"creator": "c001", "count": 2}, TITLES)
    comments_run = run_flow(
        fleet, "collect.comments", {"creator": "c001", "title": "猫咪的一天"}, COMMENTS
    )
    path = tmp_path / "mixed.xlsx"
    result = export_records(fleet.engine, RecordFilter(), path, layout=layout())
    assert result.sheets == ["Attempts", "collect.titles", "collect.comments"]
    assert (result.attempts, result.items) == (2, 4)
    book = load_workbook(path)
    comments = rows_of(book["collect.comments"])
    assert [
        {k: row[k] for k in ("Creator", "Video title", "author", "text", "likes", "position")}
        for row in comments
    ] == [{"Creator": "c001", "Video title": "猫咪的一天", **c} for c in COMMENTS]
    assert {row["attempt id"] for row in comments} == {comments_run}
    assert all(row["more fields"] is None for row in comments)  # nothing left in JSON
    titles = rows_of(book["collect.titles"])
    assert [{k: row[k] for k in TITLES[0]} for row in titles] == TITLES
    assert {row["Creator"] for row in titles} == {"c001"}
    assert {row["attempt id"] for row in titles} == {titles_run}
    assert "Video title" not in titles[0]  # not a parameter of collect.titles


def test_times_are_date_cells_in_the_operators_zone(fleet: Fleet, tmp_path: Path) -> None:
    run_id = run_flow(fleet, "collect.titles", {"creator": "c001"}, TITLES[:1])
    record = all_records(fleet.engine)[run_id]
    path = tmp_path / "dates.xlsx"
    export_records(fleet.engine, RecordFilter(), path, layout=layout(SHANGHAI))
    book = load_workbook(path)
    (attempt,) = rows_of(book["Attempts"])
    shanghai = record.started_at.astimezone(ZoneInfo(SHANGHAI)).replace(tzinfo=None)
    started = attempt[f"started at ({SHANGHAI})"]
    assert isinstance(started, datetime)
    # Excel keeps milliseconds; eight hours ahead of UTC.
    assert abs((started - shanghai).total_seconds()) < 0.001
    assert started.hour == (record.started_at.hour + 8) % 24
    assert isinstance(attempt[f"finished at ({SHANGHAI})"], datetime)
    (item,) = rows_of(book["collect.titles"])
    assert isinstance(item[f"collected at ({SHANGHAI})"], datetime)
    # In the XML: a number with a date format, not text.
    cell = xml_cell(path, "Attempts", header_column(book["Attempts"], "started at") + "2")
    assert cell.get("t") in (None, "n")
    assert "yy" in number_format(path, int(cell.get("s", "0")))


def test_every_cell_is_text_never_a_formula_headers_included(fleet: Fleet, tmp_path: Path) -> None:
    # A flow the layout does not know: its columns come from its first task and item.
    params = {"creator": "=cmd|' /C calc'!A0", "@where": "-x"}
    items = [{name: text for name in INJECTIONS} | {"plain": text} for text in INJECTIONS]
    run_flow(fleet, "yaml.hostile", params, items)
    # A known flow whose layout (a YAML flow's, say) names hostile headers.
    fleet.submit(count=1, params={"creator": "@me"})
    claim = fleet.claim_one(0)
    assert claim is not None
    fleet.emit(claim.run_id, ("k", {"=1+1": "+v"}))
    fleet.finish(
        claim.run_id,
        RunReport.failure(ErrorClass.RETRYABLE, "-boom", step="@step", error_code="=code"),
    )
    batch_header = '=HYPERLINK("http://x","batch")'
    hostile_layout = ExportLayout(
        flows={"test.echo": FlowColumns((("creator", "+Creator"),), ("=1+1",))},
        headers={"batch": batch_header},
    )
    path = tmp_path / "hostile.xlsx"
    export_records(fleet.engine, RecordFilter(), path, layout=hostile_layout)
    texts = xml_texts(path)
    risky = [t for t in texts if t.text.startswith(("=", "+", "-", "@", "＝"))]
    # Every injection as a header and as a value; parameters, error, step, headers.
    assert {t.text for t in risky} >= {
        *INJECTIONS,
        *params.values(),
        "@where",
        "-boom",
        "@step",
        "+Creator",
        "=1+1",
        "+v",
        "@me",
        "=code",
        batch_header,
    }
    for found in risky:
        assert found.kind in ("s", "inlineStr"), f"{found.sheet}!{found.ref} is {found.kind}"
        assert found.quote_prefix, f"{found.sheet}!{found.ref} {found.text!r} lacks quotePrefix"
    assert not any(t.formula for t in texts)
    book = load_workbook(path)
    hostile = book["yaml.hostile"]
    assert [c.value for c in hostile[1]][-len(INJECTIONS) - 2 : -1] == [*INJECTIONS, "plain"]
    assert [row["plain"] for row in rows_of(hostile)] == INJECTIONS


def test_a_cell_too_long_for_excel_is_cut_with_a_visible_marker(
    fleet: Fleet, tmp_path: Path
) -> None:
    # 33,000 characters but 39,600 UTF-16 units, as Excel counts (an emoji is two);
    # 52,800 bytes: the pool stores it on MariaDB too.
    long_text = "abcd🔥" * 6_600
    exact = "x" * EXCEL_MAX_CHARS  # fits exactly: not cut
    run_flow(
        fleet,
        "collect.comments",
        {"creator": "c001", "title": "t"},
        [
            {"author": "a", "text": long_text, "likes": 1, "position": 1},
            {"author": "b", "text": exact, "likes": 2, "position": 2},
        ],
    )
    path = tmp_path / "long.xlsx"
    result = export_records(fleet.engine, RecordFilter(), path, layout=layout())
    assert result.cut_cells == 1
    sheet = load_workbook(path)["collect.comments"]
    column = header_column(sheet, "text")
    cut, whole = sheet[f"{column}2"], sheet[f"{column}3"]
    assert whole.value == exact
    assert cut.value.endswith("more than a cell holds]")
    assert "[CUT: the full text has 33,000 characters" in cut.value
    assert long_text.startswith(cut.value[: cut.value.index(" … [CUT")])
    assert len(cut.value.encode("utf-16-le")) // 2 <= EXCEL_MAX_CHARS
    assert cut.font.color.rgb.endswith("C00000")  # red, besides the marker


def test_sheets_have_a_frozen_header_a_filter_and_fitting_widths(
    fleet: Fleet, tmp_path: Path
) -> None:
    run_flow(fleet, "collect.titles", {"creator": "c001"}, TITLES)
    path = tmp_path / "looks.xlsx"
    export_records(fleet.engine, RecordFilter(), path, layout=layout())
    book = load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
    attempts, titles = book["Attempts"], book["collect.titles"]
    assert attempts.column_dimensions[header_column(attempts, "error message")].width >= 40
    # Chinese titles take two units a character: the column fits the first one.
    assert titles.column_dimensions[header_column(titles, "title")].width >= 2 * len("猫咪的一天")


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
    assert "test.echo 5" in result.sheets
    book = load_workbook(tmp_path / "x.xlsx")
    assert sum(book[name].max_row - 1 for name in result.sheets if "Attempts" in name) == 5
    assert sum(book[name].max_row - 1 for name in result.sheets if "echo" in name) == 10
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


# ------------------------------------------------------------------ reading the XML


class XmlText:
    """One text cell as the sheet XML stores it."""

    def __init__(self, sheet: str, element: Any, text: str, quote_prefix: bool) -> None:
        self.sheet, self.ref = sheet, element.get("r")
        self.kind = element.get("t")
        self.formula = element.find("m:f", NS) is not None
        self.text, self.quote_prefix = text, quote_prefix


def _parts(path: Path) -> tuple[dict[str, bytes], list[str], list[bool]]:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(parts.get("xl/sharedStrings.xml", b"<sst/>")).findall(
            "m:si", NS
        )
    ]
    styles = ElementTree.fromstring(parts["xl/styles.xml"])
    quoted = [
        xf.get("quotePrefix") in ("1", "true")
        for xf in styles.find("m:cellXfs", NS).findall("m:xf", NS)  # type: ignore[union-attr]
    ]
    return parts, shared, quoted


def _sheet_files(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its part in the zip."""
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    found = {}
    for sheet in book.iter(f"{{{NS['m']}}}sheet"):
        target = str(targets[sheet.get(rel_id)]).lstrip("/")
        found[str(sheet.get("name"))] = target if target.startswith("xl/") else f"xl/{target}"
    return found


def xml_texts(path: Path) -> list[XmlText]:
    """Every text or formula cell of every sheet, as stored."""
    parts, shared, quoted = _parts(path)
    found = []
    for name, part in _sheet_files(parts).items():
        for cell in ElementTree.fromstring(parts[part]).iter(f"{{{NS['m']}}}c"):
            value = cell.find("m:v", NS)
            if cell.get("t") == "s" and value is not None:
                text = shared[int(value.text or 0)]
            elif cell.get("t") == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
            elif cell.find("m:f", NS) is not None or cell.get("t") == "str":
                text = value.text or "" if value is not None else ""
            else:
                continue
            found.append(XmlText(name, cell, text, quoted[int(cell.get("s", "0"))]))
    return found


def xml_cell(path: Path, sheet: str, ref: str) -> Any:
    parts, _, _ = _parts(path)
    root = ElementTree.fromstring(parts[_sheet_files(parts)[sheet]])
    return next(c for c in root.iter(f"{{{NS['m']}}}c") if c.get("r") == ref)


def number_format(path: Path, style: int) -> str:
    parts, _, _ = _parts(path)
    styles = ElementTree.fromstring(parts["xl/styles.xml"])
    xf = styles.find("m:cellXfs", NS).findall("m:xf", NS)[style]  # type: ignore[union-attr]
    format_id = int(xf.get("numFmtId", "0"))
    custom = {
        int(f.get("numFmtId", "0")): str(f.get("formatCode"))
        for f in styles.iter(f"{{{NS['m']}}}numFmt")
    }
    builtin_dates = {14: "mm-dd-yy", 22: "m/d/yy h:mm"}
    return custom.get(format_id) or builtin_dates.get(format_id, "")


def header_column(sheet: Any, starts: str) -> str:
    for cell in sheet[1]:
        if re.match(re.escape(starts), str(cell.value)):
            return str(cell.column_letter)
    raise AssertionError(f"no column {starts!r}")
