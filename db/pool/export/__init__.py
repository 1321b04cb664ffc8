"""Export execution records to Excel, streaming: bounded memory at any number of records.

openpyxl's write-only workbook writes rows straight to disk; records are read in short
keyset pages. One sheet lists the attempts; each flow's output items go to a sheet of
their own, with that flow's item fields as columns and the task's key parameters beside
every item. Times are real date cells in the operator's zone; every cell, headers
included, is written as the text it is (never a formula) and a cell too long for Excel
is cut with a visible marker. A sheet that reaches Excel's row limit continues on
"Attempts 2", "collect.comments 2", and so on.
"""

from db.pool.export.cells import EXCEL_MAX_CHARS
from db.pool.export.layout import TEXTS, ExportLayout, FlowColumns
from db.pool.export.workbook import EXCEL_MAX_ROWS, export_records

__all__ = [
    "EXCEL_MAX_CHARS",
    "EXCEL_MAX_ROWS",
    "TEXTS",
    "ExportLayout",
    "FlowColumns",
    "export_records",
]
