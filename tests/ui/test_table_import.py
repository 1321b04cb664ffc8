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
