"""The console words every export problem the export worker can report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import CHINESE
from ui.records.export_words import EXPORT_PROBLEMS, export_problem
from workers.export_worker import PROBLEMS, export_path_issue

if TYPE_CHECKING:
    from pathlib import Path

    from ui.i18n import Translations


def test_every_problem_code_has_the_workers_english_words() -> None:
    assert EXPORT_PROBLEMS == PROBLEMS


def test_a_path_problem_reads_in_chinese(translations: Translations, tmp_path: Path) -> None:
    translations.switch(CHINESE)
    issue = export_path_issue(str(tmp_path / "missing" / "out.xlsx"))
    assert issue is not None
    text = export_problem(*issue, fallback="")
    assert text == f"导出：文件夹 {tmp_path / 'missing'} 不存在"
