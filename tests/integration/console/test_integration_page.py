"""The Integration page on a real database (SQLite, then MariaDB): an operator creates a
token and sees it once, revokes it, sets the callback endpoint and replays a dead
delivery, all through the page's buttons; the database and the API's own checks say
whether it happened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import select, update

from app.api.secret_box import SecretBox
from app.controllers.db_executor import DbExecutor
from app.controllers.integration_controller import IntegrationController
from db.dispatch.deliveries import list_deliveries
from db.dispatch.endpoints import current_endpoint
from db.dispatch.outbox import add_event
from db.dispatch.sql import DELIVERIES, EVENTS
from db.dispatch.states import EventType
from db.dispatch.tokens import authenticate
from db.pool.tx import run_transaction
from ui.integration.integration_view import IntegrationView
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot
    from sqlalchemy import Engine


class Operator(Prompts):
    """Answers for the operator: names the token, says yes, notes each secret shown."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def ask_text(self, parent: Any, title: str, label: str, current: str) -> str | None:
        return "dispatch centre"

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        return True

    def show_secret(self, parent: Any, title: str, text: str, secret: str) -> None:
        self.shown.append(secret)


@pytest.fixture
def page(
    qtbot: QtBot, engine: Engine, tmp_path: Path
) -> Iterator[tuple[IntegrationView, IntegrationController, Operator]]:
    operator = Operator()
    view = IntegrationView(operator)
    qtbot.addWidget(view)
    db = DbExecutor(engine)
    controller = IntegrationController(view, db, tmp_path / "api", "farm-pc-1", "op@farm-pc-1")
    controller.start()
    try:
        yield view, controller, operator
    finally:
        controller.stop()
        db.shutdown()


def select_row(view: Any, row: int) -> None:
    table = view.selectionModel()
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.select(view.model().index(row, 0), flags)


def cells(model: Any) -> set[str]:
    return {
        str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }


def test_token_endpoint_and_replay_through_the_page(
    page: tuple[IntegrationView, IntegrationController, Operator],
    engine: Engine,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    view, controller, operator = page
    assert view.fingerprint.text()  # no certificate yet: said so, not blank
    assert "https://farm-pc-1:8443" in view.address.text()

    # A token: shown once, in the dialog only; it authenticates; the table never has it.
    view.new_token.click()
    qtbot.waitUntil(lambda: view.tokens.rowCount() == 1, timeout=10_000)
    (token,) = operator.shown
    assert token.startswith("fdk_")
    assert run_transaction(engine, lambda s: authenticate(s, token)) is not None
    assert not any(token in cell for cell in cells(view.tokens))
    row = view.tokens.rows[0]
    assert (row.name, row.state) == ("dispatch centre", "active")
    assert token.startswith(row.prefix)

    # Revoked: refused at once.
    select_row(view.token_table, 0)
    view.revoke.click()
    qtbot.waitUntil(lambda: view.tokens.rows[0].state == "revoked", timeout=10_000)
    assert run_transaction(engine, lambda s: authenticate(s, token)) is None
    assert len(operator.shown) == 1  # never shown again

    # The endpoint: stored, its secret shown and sealed with the API's key file.
    view.url.setText("https://dispatch.example.com/hooks")
    view.events.setText("task.finished, batch.finished")
    view.save_endpoint.click()
    qtbot.waitUntil(lambda: view.secret.text().startswith("whsec_"), timeout=10_000)
    stored = run_transaction(engine, current_endpoint)
    assert stored is not None
    assert (stored.url, stored.events) == (
        "https://dispatch.example.com/hooks",
        ["task.finished", "batch.finished"],
    )
    assert SecretBox(tmp_path / "api").open(stored.secret_encrypted) == view.secret.text()
    view.url.setText("http://dispatch.example.com/hooks")  # plain http, not allowed
    messages: list[str] = []
    controller.message.connect(messages.append)
    view.save_endpoint.click()
    assert "http" in messages[-1]
    still = run_transaction(engine, current_endpoint)
    assert still is not None
    assert still.url.startswith("https://")

    # A dead delivery (a receiver that kept rejecting it) replayed from the log.
    event_id = run_transaction(
        engine, lambda s: add_event(s.connection(), EventType.TASK_FINISHED, {"n": 1})
    )

    def kill(session: Any) -> None:
        pk = session.execute(select(EVENTS.c.id).where(EVENTS.c.event_id == event_id)).scalar()
        session.execute(
            update(DELIVERIES)
            .where(DELIVERIES.c.event_pk == pk)
            .values(state="dead", attempts=14, last_status=500)
        )

    run_transaction(engine, kill)
    view.state_filter.setCurrentIndex(view.state_filter.findData("dead"))
    qtbot.waitUntil(lambda: view.deliveries.rowCount() == 1, timeout=10_000)
    assert view.deliveries.rows[0].last_status == 500
    assert not view.replay.isEnabled()
    select_row(view.delivery_table, 0)
    assert view.replay.isEnabled()
    view.replay.click()
    qtbot.waitUntil(lambda: messages and "1" in messages[-1], timeout=10_000)
    rows = run_transaction(engine, lambda s: list_deliveries(s))
    assert sorted(r.state for r in rows if r.event_id == event_id) == ["dead", "pending"]
    view.state_filter.setCurrentIndex(view.state_filter.findData(""))
    qtbot.waitUntil(lambda: view.deliveries.rowCount() == 2, timeout=10_000)
