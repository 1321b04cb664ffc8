"""The Excel export's column titles and sheet names in the console's language.

The pool writes the workbook (``db/pool/export/``) with English titles by default; the
console passes these words so an operator's export reads in the language of the
console. The CLI's export stays English. Item fields (the flows' own keys, e.g.
``title``) are data and keep their names.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

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
