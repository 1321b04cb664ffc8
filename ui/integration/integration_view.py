"""The Integration page: the dispatch-centre API as an operator sets it up.

Four parts: where the API is (address, certificate fingerprint), its tokens (create,
shown once; revoke; last used), the callback endpoint (URL, events, secret reveal and
rotate, a test event) and the delivery log (filter by state, replay dead deliveries).
The view only shows what the controller gives it and emits intents (STYLE item 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.integration.integration_data import DELIVERY_STATES, delivery_state_word
from ui.integration.integration_models import DeliveryModel, TokenModel
from ui.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ui.integration.integration_data import ApiInfo, DeliveryLine, EndpointInfo, TokenRow

ALL_STATES = ""  # the filter's "every state"
SECRET_SHOWN_MS = 120_000  # a revealed signing secret stays on screen this long


class IntegrationView(QWidget):
    """The page; every signal is an operator's intent for the controller.

    Signals:
        token_create_requested(str): make a token with this name (all scopes).
        token_revoke_requested(list): revoke these token ids.
        endpoint_set_requested(str, list, bool): URL, event types (["*"]: all), allow http.
        secret_reveal_requested(): show the current signing secret.
        secret_rotate_requested(): make a new signing secret (the old one signs 24 h more).
        test_event_requested(): send a ping to the endpoint.
        deliveries_filter_changed(str): a state code, or "" for every state.
        replay_requested(list): send these event ids again.
        refresh_requested(): read everything again.
    """

    token_create_requested = Signal(str)
    token_revoke_requested = Signal(list)
    endpoint_set_requested = Signal(str, list, bool)
    secret_reveal_requested = Signal()
    secret_rotate_requested = Signal()
    test_event_requested = Signal()
    deliveries_filter_changed = Signal(str)
    replay_requested = Signal(list)
    refresh_requested = Signal()

    def __init__(self, prompts: Prompts | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrationView")
        self.prompts = prompts or Prompts()
        self._hide_secret = QTimer(self)
        self._hide_secret.setSingleShot(True)
        self._hide_secret.timeout.connect(self._on_hide_secret_timeout)
        self.tokens = TokenModel()
        self.deliveries = DeliveryModel()
        self._api = QGroupBox()
        self._tokens_box = QGroupBox()
        self._endpoint_box = QGroupBox()
        self._log_box = QGroupBox()
        # In a scroll area: the page's size must not decide the window's (a language
        # switch would resize every tab).
        content = QWidget()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        top = QHBoxLayout()
        top.addWidget(self._build_api(), 1)
        top.addWidget(self._build_endpoint(), 1)
        layout.addLayout(top)
        layout.addWidget(self._build_tokens(), 1)
        layout.addWidget(self._build_log(), 2)
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build_api(self) -> QGroupBox:
        form = QFormLayout(self._api)
        self.address = QLabel()
        self.address.setObjectName("apiAddress")
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("apiFingerprint")
        self.fingerprint.setWordWrap(True)
        for label in (self.address, self.fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._address_label, self._fingerprint_label = QLabel(), QLabel()
        form.addRow(self._address_label, self.address)
        form.addRow(self._fingerprint_label, self.fingerprint)
        return self._api

    def _build_tokens(self) -> QGroupBox:
        box = QVBoxLayout(self._tokens_box)
        self.token_table = _table(self.tokens, "tokenTable")
        box.addWidget(self.token_table)
        buttons = QHBoxLayout()
        self.new_token = _named(QPushButton(), "newTokenButton")
        self.revoke = _named(QPushButton(), "revokeTokenButton")
        self.new_token.clicked.connect(self._on_new_token_clicked)
        self.revoke.clicked.connect(self._on_revoke_clicked)
        buttons.addWidget(self.new_token)
        buttons.addWidget(self.revoke)
        buttons.addStretch(1)
        box.addLayout(buttons)
        return self._tokens_box

    def _build_endpoint(self) -> QGroupBox:
        form = QFormLayout(self._endpoint_box)
        self.url = _named(QLineEdit(), "endpointUrl")
        self.url.setPlaceholderText(self.tr("e.g. https://dispatch.example.com/fleetdeck/hooks"))
        self.events = _named(QLineEdit(), "endpointEvents")
        self.events.setPlaceholderText("*")
        self.allow_http = _named(QCheckBox(), "allowHttp")
        self.endpoint_state = _named(QLabel(), "endpointState")
        self.secret = _named(QLineEdit(), "endpointSecret")
        self.secret.setReadOnly(True)
        self.save_endpoint = _named(QPushButton(), "saveEndpointButton")
        self.reveal = _named(QPushButton(), "revealSecretButton")
        self.rotate = _named(QPushButton(), "rotateSecretButton")
        self.send_test = _named(QPushButton(), "sendTestButton")
        self.save_endpoint.clicked.connect(self._on_save_endpoint_clicked)
        self.reveal.clicked.connect(self.secret_reveal_requested)
        self.rotate.clicked.connect(self._on_rotate_clicked)
        self.send_test.clicked.connect(self.test_event_requested)
        self._url_label, self._events_label = QLabel(), QLabel()
        self._state_label, self._secret_label = QLabel(), QLabel()
        form.addRow(self._url_label, self.url)
        form.addRow(self._events_label, self.events)
        form.addRow("", self.allow_http)
        form.addRow(self._state_label, self.endpoint_state)
        form.addRow(self._secret_label, self.secret)
        row = QHBoxLayout()
        for button in (self.save_endpoint, self.reveal, self.rotate, self.send_test):
            row.addWidget(button)
        row.addStretch(1)
        form.addRow(row)
        return self._endpoint_box

    def _build_log(self) -> QGroupBox:
        box = QVBoxLayout(self._log_box)
        bar = QHBoxLayout()
        self._filter_label = QLabel()
        self.state_filter = _named(QComboBox(), "deliveryStateFilter")
        self.state_filter.addItem("", ALL_STATES)
        for code in DELIVERY_STATES:
            self.state_filter.addItem("", code)
        self.state_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.replay = _named(QPushButton(), "replayButton")
        self.replay.setEnabled(False)
        self.replay.clicked.connect(self._on_replay_clicked)
        self.refresh = _named(QPushButton(), "refreshDeliveriesButton")
        self.refresh.clicked.connect(self.refresh_requested)
        bar.addWidget(self._filter_label)
        bar.addWidget(self.state_filter)
        bar.addStretch(1)
        bar.addWidget(self.refresh)
        bar.addWidget(self.replay)
        box.addLayout(bar)
        self.delivery_table = _table(self.deliveries, "deliveryTable")
        self.delivery_table.selectionModel().selectionChanged.connect(self._update_replay)
        box.addWidget(self.delivery_table)
        return self._log_box

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        """Every text of the page in the language installed now."""
        self._api.setTitle(self.tr("API"))
        self._address_label.setText(self.tr("Address"))
        self._fingerprint_label.setText(self.tr("Certificate SHA-256"))
        self._tokens_box.setTitle(self.tr("Tokens"))
        self.new_token.setText(self.tr("New token…"))
        self.revoke.setText(self.tr("Revoke"))
        self._endpoint_box.setTitle(self.tr("Callback endpoint"))
        self._url_label.setText(self.tr("URL"))
        self._events_label.setText(self.tr("Events"))
        self.events.setToolTip(self.tr("Event types separated by commas; * for every event."))
        self.allow_http.setText(self.tr("Allow plain http (LAN test only)"))
        self._state_label.setText(self.tr("State"))
        self._secret_label.setText(self.tr("Signing secret"))
        self.secret.setPlaceholderText(self.tr("hidden"))
        self.save_endpoint.setText(self.tr("Save"))
        self.reveal.setText(self.tr("Reveal"))
        self.rotate.setText(self.tr("Rotate…"))
        self.send_test.setText(self.tr("Send test event"))
        self._log_box.setTitle(self.tr("Deliveries"))
        self._filter_label.setText(self.tr("State:"))
        self.state_filter.setItemText(0, self.tr("every state"))
        for index in range(1, self.state_filter.count()):
            self.state_filter.setItemText(
                index, delivery_state_word(str(self.state_filter.itemData(index)))
            )
        self.refresh.setText(self.tr("Refresh"))
        self.replay.setText(self.tr("Replay"))
        self.tokens.retranslate()
        self.deliveries.retranslate()
        self._show_endpoint_state()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt override)
        """Retranslate when the language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ controller input
    def show_api(self, info: ApiInfo) -> None:
        """Where the API answers and its certificate's fingerprint."""
        self.address.setText("\n".join(info.addresses))
        self.fingerprint.setText(
            info.fingerprint or self.tr("no certificate yet: it is made when the API first runs")
        )

    def show_tokens(self, rows: Sequence[TokenRow]) -> None:
        """Every token (never the token itself); the selection survives a refresh."""
        _keeping_selection(self.token_table, self.tokens, lambda: self.tokens.set_rows(rows))

    def show_new_token(self, name: str, token: str) -> None:
        """The only time a token is shown: the operator copies it now."""
        self.prompts.show_secret(
            self,
            self.tr("Token {name}").format(name=name),
            self.tr(
                "Copy this token now and give it to the dispatch centre. "
                "It is not stored and will not be shown again."
            ),  # fmt: skip
            token,
        )

    _endpoint: EndpointInfo | None = None

    def show_endpoint(self, endpoint: EndpointInfo | None) -> None:
        """The endpoint as stored (None: none is set yet)."""
        changed = endpoint != self._endpoint
        self._endpoint = endpoint
        if endpoint is not None and changed:  # a refresh must not undo the operator's typing
            self.url.setText(endpoint.url)
            self.events.setText(", ".join(endpoint.events))
            self.allow_http.setChecked(endpoint.allow_http)
        self._show_endpoint_state()

    def show_secret(self, secret: str) -> None:
        """The signing secret, revealed on request; hidden again after SECRET_SHOWN_MS."""
        self.secret.setText(secret)
        self._hide_secret.start(SECRET_SHOWN_MS)

    def show_deliveries(self, rows: Sequence[DeliveryLine]) -> None:
        """The delivery log (newest first)."""
        table, model = self.delivery_table, self.deliveries
        _keeping_selection(table, model, lambda: model.set_rows(rows))
        self._update_replay()

    # ------------------------------------------------------------------ helpers
    def _show_endpoint_state(self) -> None:
        endpoint = self._endpoint
        for button in (self.reveal, self.rotate, self.send_test):
            button.setEnabled(endpoint is not None)
        if endpoint is None:
            self.endpoint_state.setText(self.tr("not set: callbacks are not sent"))
        elif not endpoint.enabled:
            self.endpoint_state.setText(self.tr("disabled (the receiver answered 410 Gone)"))
        elif endpoint.breaker_open:
            self.endpoint_state.setText(self.tr("unreachable: probing"))
        else:
            self.endpoint_state.setText(self.tr("sending"))

    def selected_tokens(self) -> list[int]:
        """Ids of the selected tokens."""
        rows = {i.row() for i in self.token_table.selectionModel().selectedRows()}
        return [self.tokens.rows[r].id for r in sorted(rows)]

    def selected_dead_events(self) -> list[str]:
        """Event ids of the selected dead deliveries (what Replay sends again)."""
        rows = {i.row() for i in self.delivery_table.selectionModel().selectedRows()}
        lines = [self.deliveries.rows[r] for r in sorted(rows)]
        return list(dict.fromkeys(line.event_id for line in lines if line.state == "dead"))

    @Slot()
    def _on_hide_secret_timeout(self) -> None:
        self.secret.clear()

    @Slot()
    def _update_replay(self) -> None:
        self.replay.setEnabled(bool(self.selected_dead_events()))

    @Slot()
    def _on_new_token_clicked(self) -> None:
        name = self.prompts.ask_text(
            self, self.tr("New token"), self.tr("Name (who or what uses it):"), ""
        )
        if name is not None and name.strip():
            self.token_create_requested.emit(name.strip())

    @Slot()
    def _on_revoke_clicked(self) -> None:
        ids = self.selected_tokens()
        if ids and self.prompts.confirm(
            self,
            self.tr("Revoke"),
            self.tr("Revoke %n token(s)? Calls with them are refused at once.", "", len(ids)),
        ):
            self.token_revoke_requested.emit(ids)

    @Slot()
    def _on_save_endpoint_clicked(self) -> None:
        events = [e.strip() for e in self.events.text().split(",") if e.strip()] or ["*"]
        self.endpoint_set_requested.emit(
            self.url.text().strip(), events, self.allow_http.isChecked()
        )

    @Slot()
    def _on_rotate_clicked(self) -> None:
        if self.prompts.confirm(
            self,
            self.tr("Rotate"),
            self.tr("Make a new signing secret? The old one keeps signing beside it for 24 hours."),
        ):
            self.secret_rotate_requested.emit()

    @Slot()
    def _on_filter_changed(self) -> None:
        self.deliveries_filter_changed.emit(str(self.state_filter.currentData()))

    @Slot()
    def _on_replay_clicked(self) -> None:
        events = self.selected_dead_events()
        if events:
            self.replay_requested.emit(events)


def _table(model: TokenModel | DeliveryModel, name: str) -> QTableView:
    table = _named(QTableView(), name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _keeping_selection(
    table: QTableView, model: TokenModel | DeliveryModel, reset: Callable[[], None]
) -> None:
    """Replace the rows and select again the ones (by id) that were selected."""
    chosen = {model.rows[i.row()].id for i in table.selectionModel().selectedRows()}
    reset()
    flag = QItemSelectionModel.SelectionFlag
    rows: Sequence[TokenRow | DeliveryLine] = model.rows
    for number, row in enumerate(rows):
        if row.id in chosen:
            table.selectionModel().select(model.index(number, 0), flag.Select | flag.Rows)


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """The widget with its object name set (tests and style sheets find it by name)."""
    widget.setObjectName(name)
    return widget
