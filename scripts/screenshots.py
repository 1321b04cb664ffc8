"""Pictures of the real console at work, for the README: simulated phones running the
operators' pipeline, the task-pool editor, the new-batch dialog and the record viewer.

Usage:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--language zh_CN] [OUT]
    ... scripts/screenshots.py [--language zh_CN] --only integration [OUT]   (no phones)
(default OUT: docs/screenshots, or docs/screenshots/zh_CN for Chinese). Everything runs
for real in a scratch folder: an embedded database, an adb server on a free port, 16
simulated phones, the host agent. Remembered window state goes to a throwaway folder,
never to the operator's own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from app.api.secret_box import SecretBox, new_signing_secret  # noqa: E402
from app.api.tls import ensure_certificate  # noqa: E402
from app.bootstrap import ConsoleRuntime, build_console  # noqa: E402
from app.database import connect  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.submission import spec_for  # noqa: E402
from db import fleet  # noqa: E402
from db.dispatch.endpoints import set_endpoint  # noqa: E402
from db.dispatch.outbox import add_event  # noqa: E402
from db.dispatch.sql import DELIVERIES  # noqa: E402
from db.dispatch.states import ALL_SCOPES, EventType  # noqa: E402
from db.dispatch.tokens import create_token, revoke_token  # noqa: E402
from db.pool.states import Mode  # noqa: E402
from db.pool.stop import stop_batch  # noqa: E402
from db.pool.submit import submit_batch  # noqa: E402
from db.pool.tx import run_transaction  # noqa: E402
from ui.grid.phone_model import PhoneRole  # noqa: E402
from ui.main_window import INTEGRATION_TAB, POOL_TAB, RECORDS_TAB  # noqa: E402
from ui.pool.pool_data import Mode as UiMode  # noqa: E402
from ui.records.record_data import RecordFilter  # noqa: E402
from workers.device.adb import AdbServer  # noqa: E402
from workers.sim.adb_host import free_port  # noqa: E402

PHONES = 16
SEED = 7


def wait(app: QApplication, seconds: float, until: object = None) -> None:
    """Let the console run (timers, signals, threads) for a while or until a condition."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
        if callable(until) and until():
            return


def save(widget: QWidget, path: Path) -> None:
    """Write a picture of ``widget``."""
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    sys.stdout.write(f"wrote {path}\n")


def submit(runtime: ConsoleRuntime, flow: str, params: dict[str, object], **options: object) -> int:
    """Put a batch into the pool, as an operator at the command line would."""
    spec = spec_for(
        runtime.host.catalog.flow(flow), params, submitted_by="ops@rack-pc-1", **options
    )
    return int(run_transaction(runtime.engine, lambda s: submit_batch(s, spec)))


def tiles_ready(runtime: ConsoleRuntime) -> bool:
    model = runtime.window.grid.model
    return model.rowCount() >= PHONES and all(
        not model.index(row, 0).data(PhoneRole.THUMBNAIL).isNull()
        for row in range(model.rowCount())
    )


def label_phones(runtime: ConsoleRuntime) -> None:
    """Operators name their phones after the rack: 柜A-01 on shelf 1, slot 1..."""
    model = runtime.window.grid.model
    serials = sorted(model.index(row, 0).data(PhoneRole.SERIAL) for row in range(model.rowCount()))
    for number, serial in enumerate(serials):
        label, slot = (
            f"柜{'AB'[number // 8]}-{number % 8 + 1:02d}",
            f"{number // 8 + 1}-{number % 8 + 1}",
        )
        run_transaction(
            runtime.engine, lambda s, a=serial, b=label, c=slot: fleet.set_label(s, a, b, c)
        )


def start_work(runtime: ConsoleRuntime) -> int:
    """The operators' day: who is logged in where, then titles -> comments -> keywords."""
    submit(
        runtime,
        "account.detect",
        {"app": "simvideo"},
        mode=Mode.EACH_DEVICE,
        name="账号识别 account check",
    )
    catalog = runtime.sim.fleet.catalog  # type: ignore[union-attr]
    comments = 0
    for creator in catalog.creators[:3]:
        titles = submit(
            runtime,
            "collect.titles",
            {"creator": creator.id, "count": 6},
            name=f"{creator.name} 标题 titles",
        )
        comments = submit(
            runtime,
            "collect.comments",
            {"creator": creator.id, "max_comments": 300},
            after_batch_id=titles,
            mapping={"title": "title"},
            name=f"{creator.name} 评论 comments",
        )
        submit(
            runtime,
            "monitor.keywords",
            {"batch": comments, "keywords": ["哈哈", "love"]},
            after_batch_id=comments,
            name=f"{creator.name} 关键词 keywords",
        )
    submit(runtime, "device.health", {}, mode=Mode.EACH_DEVICE, priority=2, name="健康检查 health")
    # A run an operator stopped at once: its tasks read "cancelled", never "failed".
    stopped = submit(
        runtime, "collect.titles", {"creator": catalog.creators[3].id}, count=24, priority=9
    )
    run_transaction(runtime.engine, lambda s: stop_batch(s, stopped, "ops@rack-pc-1"))
    return comments


def shoot(out: Path, scratch: Path, language: str) -> None:
    port = free_port()
    settings = Settings(
        language=language,
        db=f"sqlite:///{scratch}/fleetdeck.db",
        data_dir=scratch,
        adb_port=port,
        host_name="rack-pc-1",
        thumbnail_interval_ms=500,
    )
    engine = connect(settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    runtime = build_console(settings, engine)
    window = runtime.window
    window.resize(1400, 900)
    window.show()
    try:
        wait(app, 2)
        save(window, out / "grid-empty.png")
        runtime.sim.start_phones(PHONES, SEED)
        wait(app, 60, lambda: tiles_ready(runtime))
        label_phones(runtime)
        comments = start_work(runtime)
        wait(app, 9)
        save(window, out / "grid.png")
        window.tabs.setCurrentIndex(POOL_TAB)
        wait(app, 3)
        window.pool.pipeline_requested.emit(comments)
        wait(app, 2)
        save(window, out / "pool.png")
        dialog = window.open_new_batch_dialog()
        dialog.choose_flow("collect.comments")
        dialog.form.set_value("creator", "c002")
        dialog.form.set_value("max_comments", "200")
        dialog.after_box.setChecked(True)
        upstream = dialog.after_box.upstream_box
        upstream.setCurrentIndex(
            next(i for i in range(upstream.count()) if "collect.titles" in upstream.itemText(i))
        )
        title = dialog.after_box.mapping_box("title")
        title.setCurrentIndex(title.findText("title"))
        dialog.settings.set_mode(UiMode.POOL)
        wait(app, 1)
        save(dialog, out / "new-batch.png")
        dialog.close()
        wait(
            app,
            40,
            lambda: (
                window.grid.model.rowCount()
                and all(
                    window.grid.model.index(r, 0).data(PhoneRole.STATE) == "idle"
                    for r in range(window.grid.model.rowCount())
                )
            ),
        )
        window.tabs.setCurrentIndex(RECORDS_TAB)
        window.records.search(RecordFilter(error_class="device"))
        wait(app, 5, lambda: window.records.model.rowCount() > 0)
        window.records.table.selectRow(0)
        window.records.details.tabs.setCurrentIndex(2)
        wait(app, 3)
        save(window, out / "records.png")
    finally:
        runtime.shutdown()
        AdbServer(port).kill()


def fill_integration(engine: Any, settings: Settings) -> None:
    """A token, a callback endpoint and a delivery log with every state, for the picture."""
    sealed = SecretBox(settings.api_dir).seal(new_signing_secret())

    def fill(session: Any) -> None:
        scopes = [scope.value for scope in ALL_SCOPES]
        create_token(session, "dispatch-centre", scopes, "operator@rack-pc-1")
        create_token(session, "reporting", ["tasks:read"], "operator@rack-pc-1")
        old = create_token(session, "old integration test", scopes, "operator@rack-pc-1")
        revoke_token(session, old.id)
        set_endpoint(
            session, "https://dispatch.example.com/fleetdeck/hooks", ["*"], sealed,
            allow_http=False, ca_bundle=None,
        )  # fmt: skip
        conn = session.connection()
        for n in range(6):
            add_event(conn, EventType.TASK_FINISHED, {"n": n})
        add_event(conn, EventType.PING, {"message": "test event"})
        rows = session.execute(select(DELIVERIES.c.id).order_by(DELIVERIES.c.id)).scalars().all()
        looks = [("delivered", 1, 204, 83), ("delivered", 0, 204, 97), ("delivered", 0, 200, 142),
                 ("dead", 14, 500, 211), ("pending", 2, 503, 10_004), ("delivered", 0, 204, 76),
                 ("pending", 0, None, None)]  # fmt: skip
        for delivery_id, (state, attempts, status, latency) in zip(rows, looks, strict=True):
            session.execute(
                update(DELIVERIES)
                .where(DELIVERIES.c.id == delivery_id)
                .values(state=state, attempts=attempts, last_status=status, latency_ms=latency)
            )

    run_transaction(engine, fill)


def shoot_integration(out: Path, scratch: Path, language: str) -> None:
    """The Integration page alone (no phones): a token list, an endpoint, a delivery log."""
    settings = Settings(
        language=language,
        db=f"sqlite:///{scratch}/fleetdeck.db",
        data_dir=scratch,
        api_dir=scratch / "api",
        adb_port=free_port(),
        host_name="rack-pc-1",
    )
    engine = connect(settings)
    ensure_certificate(settings.api_dir, settings.host_name)
    fill_integration(engine, settings)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    runtime = build_console(settings, engine)
    window = runtime.window
    window.resize(1400, 900)
    window.show()
    try:
        window.tabs.setCurrentIndex(INTEGRATION_TAB)
        wait(app, 3, lambda: window.integration.deliveries.rowCount() == 7)
        window.integration.delivery_table.selectRow(3)
        wait(app, 1)
        save(window, out / "integration.png")
    finally:
        runtime.shutdown()


def main() -> int:
    """Take the pictures."""
    args = sys.argv[1:]
    language = "en"
    if args[:1] == ["--language"]:
        language, args = args[1], args[2:]
    only = None
    if args[:1] == ["--only"]:
        only, args = args[1], args[2:]
    folder = ROOT / "docs" / "screenshots"
    out = Path(args[0]) if args else folder if language == "en" else folder / language
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fleetdeck-shots-") as scratch:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        QCoreApplication.setOrganizationName("FleetDeckScreenshots")
        if only == "integration":
            shoot_integration(out, Path(scratch), language)
        else:
            shoot(out, Path(scratch), language)
            shoot_integration(out, Path(scratch) / "integration", language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
