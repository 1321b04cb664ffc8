"""The console while its database is cut (a real TCP proxy between it and MariaDB): one
bar says since when the database is unreachable, the window keeps answering, no view
shows an error of its own, and all of it recovers when the database is back, without
a restart. Screenshots in Chinese and English are saved in the test's tmp_path."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer

from app.bench.tcp_proxy import TcpProxy
from app.bootstrap import build_console
from app.settings import Settings
from app.submission import spec_for
from db.engine import open_engine
from db.migrate import upgrade
from db.pool.states import Mode
from db.pool.submit import submit_batch
from db.pool.tx import run_transaction
from ui.main_window import POOL_TAB, RECORDS_TAB
from ui.records.record_data import RecordFilter
from workers.device.adb import AdbServer
from workers.flows.catalog import load_catalog
from workers.sim.adb_host import free_port

if TYPE_CHECKING:
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from app.bootstrap import ConsoleRuntime
    from tests.support.database import MariaDBServer

SINCE = re.compile(r"\d\d:\d\d:\d\d")


class GuiPulse:
    """The longest gap between ticks of a 100 ms timer: how long the window froze."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.monotonic()
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(100)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def _shoot(runtime: ConsoleRuntime, qtbot: QtBot, language: str, path: Path) -> None:
    runtime.translations.switch(language)
    qtbot.wait(200)
    assert runtime.window.grab().save(str(path.with_name(f"{path.name}-{language}.png")))


@pytest.mark.slow
@pytest.mark.mariadb
def test_the_console_rides_out_a_database_cut(
    mariadb_server: MariaDBServer, tmp_path: Path, qtbot: QtBot
) -> None:
    url = mariadb_server.create_database()
    direct = open_engine(url)
    upgrade(direct)
    flow = load_catalog().flow("app.launch")
    spec = spec_for(flow, {}, mode=Mode.POOL, count=3, submitted_by="outage-test")
    run_transaction(direct, lambda s: submit_batch(s, spec))
    port = free_port()
    with TcpProxy(url.port or 3306) as proxy:
        through = url.set(port=proxy.port)
        settings = Settings(
            db=through.render_as_string(hide_password=False),
            data_dir=tmp_path,
            adb_port=port,
            host_name="console-outage",
            heartbeat_seconds=1.0,
        )
        runtime = build_console(settings, open_engine(through))
        window = runtime.window
        window.resize(1280, 720)
        window.show()
        qtbot.addWidget(window)
        try:
            window.tabs.setCurrentIndex(POOL_TAB)
            qtbot.waitUntil(lambda: window.pool.model.rowCount() == 1, timeout=20_000)
            assert not window.database_bar.isVisible()

            proxy.cut()
            pulse = GuiPulse()
            qtbot.waitUntil(window.database_bar.isVisible, timeout=20_000)
            assert SINCE.search(window.database_bar.text.text())
            _shoot(runtime, qtbot, "zh_CN", tmp_path / "database-unreachable")
            zh = window.database_bar.text.text()
            assert "数据库" in zh
            assert SINCE.search(zh)
            _shoot(runtime, qtbot, "en", tmp_path / "database-unreachable")
            assert "Database unreachable since" in window.database_bar.text.text()
            # A search during the outage is not an error of its own: it waits.
            window.tabs.setCurrentIndex(RECORDS_TAB)
            window.records.search(RecordFilter())
            qtbot.wait(3000)
            assert "could not be loaded" not in window.records.count_label.text()
            assert window.pool.model.rowCount() == 1  # what it showed stays
            pulse.timer.stop()
            assert pulse.longest < 5.0, f"the window froze for {pulse.longest:.1f} s"

            proxy.restore()
            qtbot.waitUntil(lambda: not window.database_bar.isVisible(), timeout=30_000)
            # The search sent during the outage is answered now: the one batch's records
            # (none yet: no phones here) are counted, not stuck loading.
            qtbot.waitUntil(lambda: not window.records.model.loading, timeout=20_000)
            assert "record" in window.records.count_label.text()
            _shoot(runtime, qtbot, "zh_CN", tmp_path / "database-back")
        finally:
            runtime.shutdown()
            AdbServer(port).kill()
            direct.dispose()
