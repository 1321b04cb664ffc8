"""Save PNG pictures of the console's views filled with sample data, for the README.

Usage:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/sample_screenshots.py \
        [--language zh_CN] [OUT]
(default OUT: docs/screenshots/samples, or docs/screenshots/zh_CN/samples for Chinese).
The views get the same data contracts a controller fills; nothing here touches a
database or a phone. Remembered window state goes to a throwaway folder, never to the
operator's own settings.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.grid.phone_data import PoolSummary, TileThresholds, TileUpdate  # noqa: E402
from ui.i18n import Translations  # noqa: E402
from ui.main_window import POOL_TAB, RECORDS_TAB, MainWindow  # noqa: E402
from ui.samples.phones import sample_tiles, screen_image  # noqa: E402
from ui.samples.pool import SAMPLE_FLOWS, sample_batches, sample_pipeline, sample_validate  # noqa: E402
from ui.samples.records import sample_details, sample_page  # noqa: E402

SIZE = (1400, 900)


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let queued signals, layouts and timers run."""
    for _ in range(rounds):
        app.processEvents()
        QTimer.singleShot(30, lambda: None)
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    """Write a picture of ``widget``."""
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    sys.stdout.write(f"wrote {path}\n")


def fill(window: MainWindow, phones: int) -> None:
    """Give every view sample data, answering requests as a controller would."""
    tiles = sample_tiles(phones)
    window.grid.apply_updates(
        [TileUpdate(t.serial, t, screen_image(t.serial, n)) for n, t in enumerate(tiles)]
    )
    window.grid.model.flush()
    window.grid.set_pool_summary(PoolSummary(running=31, queued=127, failed_last_hour=4))
    window.set_flows(SAMPLE_FLOWS)
    window.pool.set_batches(sample_batches())
    window.pool.pipeline_requested.connect(
        lambda batch_id: window.pool.show_pipeline(sample_pipeline(batch_id))
    )
    window.records.records_requested.connect(
        lambda query: window.records.add_page(sample_page(query))
    )
    window.records.details_requested.connect(
        lambda record_id: window.records.show_details(
            sample_details(window.records.model.record_at(_row_of(window, record_id)))
        )
    )


def _row_of(window: MainWindow, record_id: int) -> int:
    model = window.records.model
    return next(
        row for row in range(model.rowCount()) if model.record_at(row).record_id == record_id
    )


def shoot(out: Path) -> None:
    """Fill the window and save one picture per view."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = MainWindow(
        "0.1",
        "sqlite:///fleetdeck.db",
        "rack-pc-1",
        thresholds=TileThresholds(20, 42.0),
        validate=sample_validate,
    )
    window.resize(*SIZE)
    window.show()
    save_empty_grid(app, window, out)
    fill(window, 44)
    select_tiles(window, 2)
    settle(app)
    save(window, out / "grid.png")
    shoot_pool(app, window, out)
    shoot_dialog(app, window, out)
    shoot_import(app, window, out)
    shoot_records(app, window, out)
    window.close()


def select_tiles(window: MainWindow, count: int) -> None:
    """Select the first tiles, as an operator about to act on them."""
    view = window.grid.view
    for row in range(count):
        view.selectionModel().select(
            window.grid.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
        )


def save_empty_grid(app: QApplication, window: MainWindow, out: Path) -> None:
    """The first run: no phone yet, an offer to start simulated ones."""
    settle(app)
    save(window, out / "grid-empty.png")


def shoot_pool(app: QApplication, window: MainWindow, out: Path) -> None:
    """The batches table with a pipeline batch selected."""
    window.tabs.setCurrentIndex(POOL_TAB)
    settle(app)
    table = window.pool.table
    for row in range(window.pool.proxy.rowCount()):
        if window.pool.proxy.index(row, 0).data() == "猫咪日常 评论":
            table.selectRow(row)
    settle(app)
    save(window, out / "pool.png")


def shoot_dialog(app: QApplication, window: MainWindow, out: Path) -> None:
    """The new-batch dialog for collect.comments, run after a titles batch, one bad field."""
    dialog = window.open_new_batch_dialog()
    dialog.choose_flow("collect.comments")
    dialog.form.set_value("creator", "maomi daily")
    dialog.form.set_value("max_comments", "200000")
    dialog.after_box.setChecked(True)
    settle(app)
    save(dialog, out / "new-batch.png")
    dialog.close()
    settle(app)


def shoot_import(app: QApplication, window: MainWindow, out: Path) -> None:
    """Task parameters imported from a CSV file with two bad rows, listed by row and column."""
    dialog = window.open_new_batch_dialog()
    dialog.choose_flow("collect.titles")
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "creators.csv"
        sheet.write_text(
            "creator,Titles,min_comments\nmaomi_daily,30,100\n小厨娘 家常菜,20,0\n"
            "travel.lin,abc,0\ntech_review,50,10\n",
            encoding="utf-8",
        )
        dialog.import_panel.import_file(sheet)
        deadline = time.monotonic() + 10
        while dialog.import_panel.busy and time.monotonic() < deadline:
            settle(app)
    settle(app)
    save(dialog, out / "new-batch-import.png")
    dialog.close()
    settle(app)


def shoot_records(app: QApplication, window: MainWindow, out: Path) -> None:
    """The records of the last 7 days, a failed attempt open on its screenshot."""
    window.tabs.setCurrentIndex(RECORDS_TAB)
    settle(app)
    model = window.records.model
    failed = next(row for row in range(model.rowCount()) if model.record_at(row).error_class)
    window.records.table.selectRow(failed)
    window.records.details.tabs.setCurrentIndex(2)
    settle(app)
    save(window, out / "records.png")


def main() -> int:
    """Take the pictures."""
    args = sys.argv[1:]
    language = "en"
    if args[:1] == ["--language"]:
        language, args = args[1], args[2:]
    folder = ROOT / "docs" / "screenshots" / ("" if language == "en" else language)
    out = Path(args[0]) if args else folder / "samples"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fleetdeck-shots-") as settings_dir:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
        QCoreApplication.setOrganizationName("FleetDeckScreenshots")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        translations = Translations(app)
        translations.switch(language)
        shoot(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
