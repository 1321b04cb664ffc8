"""Pictures of failure evidence in the real console, for the README: a record's details
playing the frames before its failure, the per-phone log following a phone, and the
alert list with its badge.

Usage:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/evidence_screenshots.py \
        [--language zh_CN] [OUT]
(default OUT: docs/screenshots, or docs/screenshots/zh_CN for Chinese). Everything runs
for real in a scratch folder: an embedded database, an adb server on a free port, four
simulated phones (one goes offline), the host agent.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import build_console  # noqa: E402
from app.database import connect  # noqa: E402
from app.settings import Settings  # noqa: E402
from scripts.screenshots import save, submit, wait  # noqa: E402
from ui.grid.phone_model import PhoneRole  # noqa: E402
from ui.main_window import ALERTS_TAB, PHONES_TAB, RECORDS_TAB  # noqa: E402
from ui.records.record_data import RecordFilter  # noqa: E402
from workers.device.adb import AdbServer  # noqa: E402
from workers.sim.adb_host import free_port  # noqa: E402

PHONES = 4
SEED = 7
FRAMES_TAB = 3  # the details' "Before the failure" tab


def shoot(out: Path, scratch: Path, language: str) -> None:
    port = free_port()
    settings = Settings(
        language=language,
        db=f"sqlite:///{scratch}/fleetdeck.db",
        data_dir=scratch,
        adb_port=port,
        host_name="rack-pc-1",
        alert_offline_minutes=0.05,  # three seconds, for the picture
    )
    engine = connect(settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    runtime = build_console(settings, engine)
    window = runtime.window
    window.resize(1400, 900)
    window.show()
    try:
        runtime.sim.start_phones(PHONES, SEED)
        model = window.grid.model
        wait(app, 60, lambda: model.rowCount() >= PHONES)
        wait(app, 20, lambda: all(
            model.index(r, 0).data(PhoneRole.STATE) == "idle" for r in range(model.rowCount())
        ))  # fmt: skip
        catalog = runtime.sim.fleet.catalog  # type: ignore[union-attr]
        creator = next(c for c in catalog.creators if len(c.videos) >= 8)
        submit(runtime, "collect.titles", {"creator": creator.id, "count": 6}, count=3,
               name="标题 titles")  # fmt: skip
        submit(runtime, "collect.comments",
               {"creator": creator.id, "title": "不存在的视频 no such video", "scan_limit": 2},
               count=2, name="评论 comments")  # fmt: skip
        wait(app, 25)
        view = window.grid.view
        shown = next(
            serial
            for serial, lines in runtime.phone_log.lines.items()
            if any("video_not_found" in line for line in lines)
        )  # a phone whose attempt failed: its log says why
        failed = next(
            row for row in range(view.model().rowCount())
            if view.model().index(row, 0).data(PhoneRole.SERIAL) == shown
        )  # fmt: skip
        view.setCurrentIndex(view.model().index(failed, 0))
        wait(app, 3)
        save(window, out / "phone-log.png")
        runtime.sim.fleet.set_offline(PHONES - 1)  # type: ignore[union-attr]
        wait(app, 25, lambda: window._open_alerts >= 2)  # noqa: SLF001
        window.tabs.setCurrentIndex(RECORDS_TAB)
        window.records.search(RecordFilter(error_class="fatal"))
        wait(app, 8, lambda: window.records.model.rowCount() > 0)
        window.records.table.selectRow(0)
        window.records.details.tabs.setCurrentIndex(FRAMES_TAB)
        wait(app, 4)
        save(window, out / "record-frames.png")
        window.tabs.setCurrentIndex(ALERTS_TAB)
        window.alerts.open_only.setChecked(False)
        wait(app, 4)
        save(window, out / "alerts.png")
        window.tabs.setCurrentIndex(PHONES_TAB)
    finally:
        runtime.shutdown()
        AdbServer(port).kill()


def main() -> int:
    """Take the pictures."""
    args = sys.argv[1:]
    language = "en"
    if args[:1] == ["--language"]:
        language, args = args[1], args[2:]
    folder = ROOT / "docs" / "screenshots"
    out = Path(args[0]) if args else folder if language == "en" else folder / language
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fleetdeck-shots-") as scratch:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        QCoreApplication.setOrganizationName("FleetDeckScreenshots")
        shoot(out, Path(scratch), language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
