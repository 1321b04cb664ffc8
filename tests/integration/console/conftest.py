"""The record viewer on a real pool: a RecordView wired to its controller, and attempts
made the way the host agent makes them (submit, claim, emit, finish)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QModelIndex
from sqlalchemy import update

from app.controllers.db_executor import DbExecutor
from app.controllers.records_controller import wire_records
from app.export_layout import export_layout
from db.artifacts.backends import DbBlobStore
from db.artifacts.catalog import add_waiting, mark_stored
from db.artifacts.reader import ArtifactReader
from db.artifacts.spool import Spool
from db.pool.sql import RUNS
from db.pool.stop import stop_batch
from db.pool.values import RunReport
from ui.i18n import Translations
from ui.prompts import Prompts
from ui.records.record_data import RecordFilter
from ui.records.record_view import RecordView
from workers.flows.builtin import default_registry

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine

    from app.controllers.records_controller import RecordsController
    from db.artifacts.store import ArtifactKind, ArtifactRef
    from tests.support.pool import Fleet
    from ui.records.record_data import RecordRow

PAGE_SIZE = 10


class SaveTo(Prompts):
    """An operator who answers "where to save" with one path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def save_file(self, parent: Any, title: str, suggested: str, file_filter: str) -> str | None:
        return self.path


@dataclass
class Viewer:
    """The record viewer as an operator drives it, on a real database."""

    qtbot: QtBot
    view: RecordView
    controller: RecordsController
    db: DbExecutor
    queries: list[Any] = field(default_factory=list)

    def search(self, **parts: Any) -> list[RecordRow]:
        """Search with these filter parts; scroll until every match is loaded."""
        self.view.search(RecordFilter(**parts))
        return self.load_all()

    def load_all(self) -> list[RecordRow]:
        """Fetch pages until no more are offered; return the rows shown."""
        model = self.view.model
        while True:
            self.qtbot.waitUntil(lambda: not model.loading, timeout=10_000)
            if not model.canFetchMore(QModelIndex()):
                break
            model.fetchMore(QModelIndex())
        return [model.record_at(row) for row in range(model.rowCount())]

    def export_to(self, path: str) -> None:
        """Click "Export to Excel…" and answer with ``path``."""
        self.view.prompts = SaveTo(path)
        self.view.export_bar.export_button.click()

    def ids(self, **parts: Any) -> list[int]:
        """The record ids a search lists, in the order shown."""
        return [row.record_id for row in self.search(**parts)]

    def open_details(self, record_id: int) -> None:
        """Select a record in the table and wait for its details."""
        model = self.view.model
        row = next(r for r in range(model.rowCount()) if model.record_at(r).record_id == record_id)
        self.view.table.setCurrentIndex(model.index(row, 0))
        self.qtbot.waitUntil(
            lambda: (
                self.view.details.tabs.isEnabled()
                and f"#{record_id} " in self.view.details.heading.text()
            ),
            timeout=10_000,
        )


@pytest.fixture
def reader(engine: Engine, tmp_path: Path) -> ArtifactReader:
    """This PC's artifact reader: the db backend and a spool of its own."""
    return ArtifactReader(engine, {"db": DbBlobStore(engine)}, Spool(tmp_path / "spool"))


def keep_evidence(
    fleet: Fleet,
    run_id: int,
    evidence: dict[ArtifactKind, bytes],
    *,
    upload_to: DbBlobStore | None = None,
    host_name: str = "rack-pc-1",
    spool: Spool,
) -> list[ArtifactRef]:
    """Spool an attempt's evidence, name it on the record, and upload it (unless None)."""
    refs = [spool.add(kind, data, run_id) for kind, data in evidence.items()]
    fleet.tx(lambda s: add_waiting(s, run_id, refs, host_name))
    if upload_to is not None:
        for entry in spool.entries():
            upload_to.put(entry.ref.id, spool.read(entry.ref.id), entry.ref.kind)
            fleet.tx(lambda s, e=entry: mark_stored(s, e, upload_to.name, host_name))
            spool.remove(entry.ref.id)
    return refs


@pytest.fixture
def viewer(qtbot: QtBot, engine: Engine, reader: ArtifactReader) -> Iterator[Viewer]:
    """A RecordView (pages of PAGE_SIZE) wired to the pool of the test's database."""
    view = RecordView(page_size=PAGE_SIZE)
    qtbot.addWidget(view)
    db = DbExecutor(engine)
    layout = export_layout(default_registry(), "Asia/Shanghai")
    controller = wire_records(view, db, engine, reader, export_layout=layout)
    found = Viewer(qtbot, view, controller, db)
    view.records_requested.connect(found.queries.append)
    yield found
    controller.shutdown()
    db.shutdown()


def attempt(
    fleet: Fleet,
    phone: int,
    *,
    flow: str = "collect.titles",
    author: str | None = None,
    items: int = 0,
    report: RunReport | None = None,
    running: bool = False,
    host: Fleet | None = None,
) -> int:
    """One finished (or running) attempt of a new one-task batch on phone ``phone``.

    The batch is stopped after a failure, so no task is left queued for later claims.
    """
    params: dict[str, Any] = {"creator": author} if author else {"n": phone}
    batch = fleet.submit(
        flow=flow, params=params, author_param="creator" if author else None, max_attempts=1
    )
    (claim,) = (host or fleet).claim([phone])
    if items:
        fleet.emit(
            claim.run_id, *[(f"v{i}", {"title": f"视频 {i}", "likes": i}) for i in range(items)]
        )
    if running:
        return claim.run_id
    fleet.finish(claim.run_id, report or RunReport.success())
    if fleet.status(batch).state in ("active", "paused", "waiting"):
        fleet.tx(lambda s: stop_batch(s, batch, "test"))
    return claim.run_id


def set_started(engine: Engine, run_id: int, moment: datetime) -> None:
    """Move an attempt's start time (records of other days, made now)."""
    with engine.begin() as conn:
        conn.execute(update(RUNS).where(RUNS.c.id == run_id).values(started_at=moment))


@pytest.fixture(autouse=True)
def _english_console(qapp: object) -> Iterator[None]:
    """The console's English catalog installed (its plural forms), as the console does."""
    installed = Translations()
    installed.switch("en")
    yield
    installed.uninstall()
