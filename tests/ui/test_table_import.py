"""Spreadsheet import: one task per row; bad rows listed by row and column, never submitted."""

from __future__ import annotations

from typing import TYPE_CHECKING

import openpyxl
import pytest

from ui.flow_fields import FieldSpec, FieldType
from ui.table_import import TableImportError, check_table, column_letter, read_table

if TYPE_CHECKING:
    from pathlib import Path

FIELDS = (
    FieldSpec("app", "App", default="simvideo"),
    FieldSpec("creator", "Creator", required=True, minimum=1, maximum=64, is_author_id=True),
    FieldSpec("count", "Titles", FieldType.INT, default=20, minimum=1, maximum=10_000),
    FieldSpec("fast", "Fast", FieldType.BOOL, default=False),
)


def no_spaces(flow: str, values: dict[str, object]) -> dict[str, str]:
    creator = values.get("creator", "")
    return {"creator": "an id has no spaces"} if " " in str(creator) else {}


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_good_rows_become_tasks_over_the_form_values(tmp_path):
    path = write_csv(tmp_path / "t.csv", "Creator,Titles\nmaomi_daily,30\n小厨娘,\n")
    result = check_table(
        read_table(path), "collect.titles", FIELDS, {"app": "simvideo", "count": 5}, None
    )
    assert result.ok
    assert [task.row for task in result.tasks] == [2, 3]
    assert result.tasks[0].params == {"app": "simvideo", "count": 30, "creator": "maomi_daily"}
    assert result.tasks[1].params["count"] == 5  # empty cell: the form's value


def test_bad_rows_are_listed_by_row_and_column(tmp_path):
    path = write_csv(
        tmp_path / "t.csv",
        "creator,count,fast\nok_one,10,yes\n,abc,maybe\nhas space,99999,no\nok_two,1,\n",
    )
    result = check_table(read_table(path), "collect.titles", FIELDS, {}, no_spaces)
    assert not result.ok
    assert [task.row for task in result.tasks] == [2, 5]
    assert result.bad_rows == {3, 4}
    where = {(e.row, e.column, e.header): e.message for e in result.errors}
    assert where[(3, "A", "Creator")] == "required"
    assert where[(3, "B", "Titles")] == "enter a whole number"
    assert where[(3, "C", "Fast")] == "enter yes or no"
    assert where[(4, "B", "Titles")] == "must be at most 10000"
    assert (4, "A", "Creator") not in where  # the validate call runs only on clean rows
    fixed = write_csv(tmp_path / "t.csv", "creator,count\nhas space,5\n")
    (error,) = check_table(read_table(fixed), "collect.titles", FIELDS, {}, no_spaces).errors
    assert (error.row, error.column, error.value, error.message) == (
        2,
        "A",
        "has space",
        "an id has no spaces",
    )


def test_dropping_bad_rows_keeps_the_good_tasks(tmp_path):
    path = write_csv(tmp_path / "t.csv", "creator,count\nok,1\nbad,0\n")
    result = check_table(read_table(path), "f", FIELDS, {}, None)
    assert result.bad_rows == {3}
    dropped = result.without_bad_rows()
    assert dropped.ok
    assert [task.row for task in dropped.tasks] == [2]


def test_unknown_and_repeated_headers_are_errors_in_row_one(tmp_path):
    path = write_csv(tmp_path / "t.csv", "creator,colour,Creator,\nx,red,y,\n")
    result = check_table(read_table(path), "f", FIELDS, {}, None)
    header_errors = [(e.row, e.column, e.message) for e in result.errors if e.row == 1]
    assert (1, "B", "no such parameter (app, creator, count, fast)") in header_errors
    assert (1, "C", "parameter given twice") in header_errors
    assert not result.without_bad_rows().ok  # a header must be fixed in the file


def test_a_required_parameter_with_no_column_and_no_form_value(tmp_path):
    path = write_csv(tmp_path / "t.csv", "count\n3\n")
    (error,) = check_table(read_table(path), "f", FIELDS, {}, None).errors
    assert (error.row, error.column, error.header) == (2, "", "Creator")
    assert "no column" in error.message


def test_chinese_excel_csv_in_gb18030_and_semicolons(tmp_path):
    path = write_csv(tmp_path / "t.csv", "creator;count\n猫咪日常;4\n", encoding="gb18030")
    result = check_table(read_table(path), "f", FIELDS, {}, None)
    assert result.tasks[0].params["creator"] == "猫咪日常"
    assert result.tasks[0].params["count"] == 4


def test_xlsx_rows_and_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Creator", "Titles", "Fast"])
    sheet.append(["小厨娘", 12, True])
    sheet.append([None, None, None])  # empty rows are skipped
    sheet.append(["travel.lin", 7.5, False])
    path = tmp_path / "tasks.xlsx"
    book.save(path)
    result = check_table(read_table(path), "f", FIELDS, {}, None)
    assert [task.row for task in result.tasks] == [2]
    assert result.tasks[0].params == {"creator": "小厨娘", "count": 12, "fast": True}
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (4, "B", "7.5")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"", "empty"),
        ("t.pdf", b"%PDF", "not an Excel"),
        ("t.xlsx", b"not a zip", "cannot be read as Excel"),
    ],
)
def test_unreadable_files_are_refused_in_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TableImportError, match=message):
        read_table(path)


def test_column_letters_match_excel():
    assert [column_letter(n) for n in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


# ------------------------------------------------------------ what the file itself hides


TEXTS = (
    FieldSpec("creator", "Creator", required=True, minimum=1, maximum=64),
    FieldSpec("note", "Note", default="form note"),
)


def problems(result):
    return {(e.row, e.column): (e.value, e.message) for e in result.errors}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_cell_keeps_its_line_breaks(tmp_path, encoding):
    text = 'creator,note\r\nmaomi,"第一行\r\n第二行"\r\n"travel\nlin",plain\r\n'
    path = write_csv(tmp_path / "t.csv", text, encoding)
    result = check_table(read_table(path), "f", TEXTS, {}, None)
    assert result.ok, result.errors
    assert [task.row for task in result.tasks] == [2, 3]  # records, as Excel numbers rows
    assert result.tasks[0].params["note"] == "第一行\r\n第二行"
    assert result.tasks[1].params["creator"] == "travel\nlin"


def save(book, path):
    book.save(path)
    return path


def test_a_formula_without_a_cached_value_is_reported_by_address(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["creator", "note"])
    sheet.append(["maomi", '=A2&" fan"'])  # openpyxl saves formulas, never their values
    sheet.append(['=UPPER("lin")', None])  # the only value of the row is a formula
    sheet.append(["ok", "plain"])
    path = save(book, tmp_path / "formulas.xlsx")
    result = check_table(read_table(path), "f", TEXTS, {"note": "form note"}, None)
    found = problems(result)
    assert found[(2, "B")][0] == '=A2&" fan"'
    assert found[(2, "B")][1].startswith("formula without a cached value")
    assert found[(3, "A")][0] == '=UPPER("lin")'
    assert result.bad_rows == {2, 3}
    assert [task.row for task in result.tasks] == [4]  # nothing took the form's note


def test_an_error_result_is_reported_not_imported(tmp_path):
    # The cached value of a calculated formula, as Excel stores it: t="e".
    book = openpyxl.Workbook()
    book.active.append(["creator"])
    book.active.append(["ok"])
    path = save(book, tmp_path / "errors.xlsx")
    patch_sheet(path, '<c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', row=3)
    result = check_table(read_table(path), "f", TEXTS, {}, None)
    assert problems(result)[(3, "A")] == ("#DIV/0!", "the cell shows an error")
    assert [task.row for task in result.tasks] == [2]


def test_merged_cells_and_a_merged_header_are_reported(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["creator", "note", None])
    sheet.append(["maomi", "shared note", "x"])
    sheet.append(["lin", None, None])
    sheet.append(["chen", None, None])
    sheet.append(["ok", "own note", None])
    sheet.merge_cells("B2:B4")  # B3 and B4 are empty in the file
    sheet.merge_cells("B1:C1")  # "note" spans two columns: C has no header of its own
    path = save(book, tmp_path / "merged.xlsx")
    result = check_table(read_table(path), "f", TEXTS, {"note": "form note"}, None)
    found = problems(result)
    assert found[(1, "C")][0] == "B1:C1"
    assert found[(1, "C")][1].startswith("merged header")
    assert found[(3, "B")] == ("B2:B4", "part of merged cells (unmerge them and fill every cell)")
    assert (4, "B") in found
    assert (2, "B") not in found  # the merge's own cell holds the value
    assert {3, 4} <= result.bad_rows
    assert not any(t.params.get("note") == "form note" for t in result.tasks)
    assert not result.without_bad_rows().ok  # the merged header must be fixed in the file


def test_a_value_without_a_header_is_reported(tmp_path):
    path = write_csv(tmp_path / "t.csv", "creator\nmaomi,stray\n")
    result = check_table(read_table(path), "f", TEXTS, {}, None)
    assert result.ok  # CSV: a short header row is the file's own shape, as before
    book = openpyxl.Workbook()
    book.active.append(["creator"])
    book.active.append(["maomi", "stray"])
    path = save(book, tmp_path / "stray.xlsx")
    result = check_table(read_table(path), "f", TEXTS, {}, None)
    assert problems(result)[(2, "B")] == ("", "a value in a column without a header")


def test_rows_are_counted_by_the_data_they_hold_not_the_sheets_size(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["creator"])
    sheet.append(["maomi"])
    sheet["A150000"].font = openpyxl.styles.Font(bold=True)  # formatted, empty
    sheet["XFD99000"].number_format = "0.00"  # a stray formatted cell far away
    path = save(book, tmp_path / "formatted.xlsx")
    table = read_table(path)
    assert [number for number, _ in table.rows] == [2]
    assert check_table(table, "f", TEXTS, {}, None).ok


def test_a_stray_value_far_away_is_named_and_read_quickly(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["creator"])
    sheet.append(["maomi"])
    sheet["XFD99000"] = "oops"
    path = save(book, tmp_path / "stray.xlsx")
    result = check_table(read_table(path), "f", TEXTS, {}, None)
    assert problems(result)[(99000, "XFD")] == ("", "a value in a column without a header")
    assert [task.row for task in result.tasks] == [2]


def test_more_rows_with_data_than_allowed_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("ui.table_import.MAX_ROWS", 3)
    book = openpyxl.Workbook()
    for row in [["creator"], ["a"], ["b"], ["c"], ["d"]]:
        book.active.append(row)
    path = save(book, tmp_path / "many.xlsx")
    with pytest.raises(TableImportError, match="more than 3 rows"):
        read_table(path)


def patch_sheet(path, cell_xml, row):
    """Add one raw cell in its own row to the first sheet of ``path`` (what Excel writes)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    xml = xml.replace("</sheetData>", f'<row r="{row}">{cell_xml}</row></sheetData>')
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_an_unreadable_file_is_explained_in_chinese_without_the_librarys_english(
    tmp_path, translations
):
    translations.switch("zh_CN")
    broken = tmp_path / "t.xlsx"
    broken.write_bytes(b"not a zip")
    gone = tmp_path / "gone.csv"
    messages = []
    for path in (broken, gone):
        with pytest.raises(TableImportError) as caught:
            read_table(path)
        messages.append(str(caught.value))
    assert messages == [
        "t.xlsx：无法作为 Excel 读取（文件已损坏，或不是 .xlsx 文件）",
        "gone.csv：文件已不存在",
    ]
