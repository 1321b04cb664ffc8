"""Pictures of the Schedules and Monitoring tabs of the real console, in English and
Chinese, for the README.

Usage:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/monitor_screenshots.py [OUT]
(default OUT: docs/screenshots). Everything runs for real in a scratch folder: an
embedded database, an adb server on a free port, six simulated phones whose content
moves 20 simulated minutes a second, the console's host agent firing three monitor
schedules every 30 seconds; the pictures are taken once three slots have run.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import ConsoleRuntime, build_console  # noqa: E402
from app.database import connect  # noqa: E402
from app.scheduling import ScheduleRequest, schedule_request, store_schedule  # noqa: E402
from app.settings import Settings  # noqa: E402
from db.monitor.tables import SLOTS  # noqa: E402
from ui.main_window import MONITORING_TAB, SCHEDULES_TAB  # noqa: E402
from workers.device.adb import AdbServer  # noqa: E402
from workers.flows.catalog import load_catalog  # noqa: E402
from workers.sim.adb_host import free_port  # noqa: E402
from workers.sim.clock import ORIGIN, SimClock  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from screenshots import save, wait  # noqa: E402

SEED = 7
SCHEDULES = (
    ("monitor.account", {"creators": "c001,c002", "with_comments": True}, "创作者 c001 c002"),
    ("monitor.keyword", {"keywords": "日常", "with_comments": True}, "关键词 日常"),
    ("monitor.post", {"creator": "c002", "key": "c002v001", "with_replies": True}, None),
)


def _add_schedules(runtime: ConsoleRuntime) -> None:
    registry = load_catalog().registry
    for flow, params, name in SCHEDULES:
        request = ScheduleRequest(flow=flow, params=params, every="30s", name=name)
        store_schedule(runtime.engine, schedule_request(registry, request, "ops@rack-pc-1"))


def _fired(runtime: ConsoleRuntime) -> int:
    with runtime.engine.connect() as conn:
        return len(conn.execute(SLOTS.select()).all())


def shoot(out: Path, scratch: Path) -> None:
    port = free_port()
    settings = Settings(
        language="en",
        db=f"sqlite:///{scratch}/fleetdeck.db",
        data_dir=scratch,
        adb_port=port,
        host_name="rack-pc-1",
    )
    engine = connect(settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    runtime = build_console(settings, engine)
    window = runtime.window
    window.resize(1400, 820)
    window.show()
    try:
        runtime.sim.clock = SimClock(ORIGIN + timedelta(hours=6), speed=1200)
        runtime.sim.start_phones(6, SEED)
        wait(app, 60, lambda: window.grid.model.rowCount() == 6)
        _add_schedules(runtime)
        wait(app, 150, lambda: _fired(runtime) >= 3 * len(SCHEDULES))
        wait(app, 25)  # the third slot's runs finish
        runtime.sim.clock.set_speed(0)
        window.tabs.setCurrentIndex(MONITORING_TAB)
        view = window.monitoring
        wait(app, 4)
        view.monitor_table.selectRow(1)  # the keyword monitor
        wait(app, 4, lambda: view.hits.rowCount() > 2)
        view.hit_table.selectRow(2)
        wait(app, 4)
        for language, folder in (("en", out), ("zh_CN", out / "zh_CN")):
            runtime.translations.switch(language)
            wait(app, 2)
            window.tabs.setCurrentIndex(SCHEDULES_TAB)
            window.schedules.table.selectRow(0)
            wait(app, 3)
            save(window, folder / "schedules.png")
            window.tabs.setCurrentIndex(MONITORING_TAB)
            wait(app, 3)
            save(window, folder / "monitoring.png")
            dialog = window.open_new_schedule_dialog()
            dialog.form.set_value("creators", "c003,c004")
            dialog.repeat_box.when_edit.setText("15m")
            dialog.repeat_box.tz_box.setCurrentText("Asia/Shanghai")
            dialog.resize(720, 1000)
            wait(app, 1)
            dialog._scroll.ensureWidgetVisible(dialog.repeat_box)  # noqa: SLF001
            wait(app, 1)
            save(dialog, folder / "new-schedule.png")
            dialog.close()
            wait(app, 1)
    finally:
        runtime.shutdown()
        AdbServer(port).kill()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory(prefix="fleetdeck-shots-") as scratch:
        QCoreApplication.setOrganizationName("FleetDeckScreenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(scratch) / "ini")
        )
        shoot(out, Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
