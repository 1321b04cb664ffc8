"""The Excel export's column titles and sheet names in the console's language.

The pool writes the workbook (``db/pool/export/``) with English titles by default; the
console passes these words so an operator's export reads in the language of the
console. The CLI's export stays English. Item fields (the flows' own keys, e.g.
``title``) are data and keep their names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Mapping

# The keys are the English texts of the pool's column table (db/pool/export/layout.py,
# TEXTS); tests/ui/i18n/test_export_language.py checks that every one has a word here.
# {zone} is the time zone's name and {length} a number: keep them in a translation.
EXPORT_TITLES = (
    QT_TRANSLATE_NOOP("ExportHeader", "Attempts"),
    QT_TRANSLATE_NOOP("ExportHeader", "attempt id"),
    QT_TRANSLATE_NOOP("ExportHeader", "batch"),
    QT_TRANSLATE_NOOP("ExportHeader", "task"),
    QT_TRANSLATE_NOOP("ExportHeader", "flow"),
    QT_TRANSLATE_NOOP("ExportHeader", "attempt"),
    QT_TRANSLATE_NOOP("ExportHeader", "status"),
    QT_TRANSLATE_NOOP("ExportHeader", "error class"),
    QT_TRANSLATE_NOOP("ExportHeader", "error message"),
    QT_TRANSLATE_NOOP("ExportHeader", "error code"),
    QT_TRANSLATE_NOOP("ExportHeader", "failing step"),
    QT_TRANSLATE_NOOP("ExportHeader", "account"),
    QT_TRANSLATE_NOOP("ExportHeader", "device"),
    QT_TRANSLATE_NOOP("ExportHeader", "host"),
    QT_TRANSLATE_NOOP("ExportHeader", "author"),
    QT_TRANSLATE_NOOP("ExportHeader", "started at ({zone})"),
    QT_TRANSLATE_NOOP("ExportHeader", "finished at ({zone})"),
    QT_TRANSLATE_NOOP("ExportHeader", "collected at ({zone})"),
    QT_TRANSLATE_NOOP("ExportHeader", "duration ms"),
    QT_TRANSLATE_NOOP("ExportHeader", "outputs"),
    QT_TRANSLATE_NOOP("ExportHeader", "params"),
    QT_TRANSLATE_NOOP("ExportHeader", "stop reason"),
    QT_TRANSLATE_NOOP("ExportHeader", "artifacts"),
    QT_TRANSLATE_NOOP("ExportHeader", "late result"),
    QT_TRANSLATE_NOOP("ExportHeader", "more fields"),
    QT_TRANSLATE_NOOP(
        "ExportHeader",
        " … [CUT: the full text has {length} characters, more than a cell holds]",
    ),
)


def export_headers() -> dict[str, str]:
    """Each English title of the export and its word in the current language."""
    return {title: QCoreApplication.translate("ExportHeader", title) for title in EXPORT_TITLES}


# Why an export did not happen, by the export worker's stable codes (workers/export_worker
# PROBLEMS holds the same English words; tests/ui/i18n/test_export_words.py compares).
EXPORT_PROBLEMS = {
    "not_xlsx": QT_TRANSLATE_NOOP("ExportProblem", "Export: {path} must end in .xlsx"),
    "is_folder": QT_TRANSLATE_NOOP("ExportProblem", "Export: {path} is a folder"),
    "no_folder": QT_TRANSLATE_NOOP("ExportProblem", "Export: the folder {folder} does not exist"),
    "read_only_folder": QT_TRANSLATE_NOOP(
        "ExportProblem", "Export: the folder {folder} cannot be written to"
    ),
    "write_failed": QT_TRANSLATE_NOOP("ExportProblem", "Could not write {path}: {reason}"),
    "export_failed": QT_TRANSLATE_NOOP("ExportProblem", "Export failed: {reason}"),
    "cancelled": QT_TRANSLATE_NOOP("ExportProblem", "Export cancelled; nothing was written."),
}


def export_problem(code: str, details: Mapping[str, str], fallback: str) -> str:
    """Say an export problem in the current language (``fallback``: an unknown code)."""
    template = EXPORT_PROBLEMS.get(code)
    if template is None:
        return fallback
    return QCoreApplication.translate("ExportProblem", template).format(**details)
