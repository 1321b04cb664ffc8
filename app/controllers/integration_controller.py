"""The Integration page's controller: the dispatch API's tokens, callback endpoint and
delivery log, read and changed through the console's database thread like every other
page (the API process need not run on this PC). The signing secret is sealed and opened
with the key file in ``api_dir``, as the API does."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from app.api.secret_box import SecretBox, new_signing_secret
from app.api.server import ServeOptions
from app.api.tls import CERT_FILE, fingerprint, host_addresses
from app.errors import UserError
from db.dispatch.deliveries import list_deliveries, redeliver_event
from db.dispatch.endpoints import current_endpoint, rotate_secret, set_endpoint
from db.dispatch.outbox import add_event
from db.dispatch.states import ALL_SCOPES, DeliveryState, EventType
from db.dispatch.tokens import create_token, list_tokens, revoke_token
from ui.i18n import QT_TRANSLATE_NOOP
from ui.integration.integration_data import ApiInfo, DeliveryLine, EndpointInfo, TokenRow

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.orm import Session

    from app.controllers.db_executor import DbExecutor
    from db.dispatch.deliveries import DeliveryRow
    from db.dispatch.endpoints import Endpoint
    from db.dispatch.tokens import TokenInfo
    from ui.integration.integration_view import IntegrationView

log = logging.getLogger(__name__)

REFRESH_MS = 3000
SHOWN_DELIVERIES = 200
EVENT_TYPES = tuple(t.value for t in EventType if t is not EventType.PING)


class IntegrationController(QObject):
    """Keeps the Integration page true and carries out its intents.

    Signals:
        message(str): something for the status bar.
    """

    message = Signal(str)

    def __init__(
        self, view: IntegrationView, db: DbExecutor, api_dir: Path, host_name: str, operator: str
    ) -> None:
        super().__init__()
        self.view, self.db, self.api_dir = view, db, api_dir
        self.host_name, self.operator = host_name, operator
        self.state_filter = ""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        view.token_create_requested.connect(self._on_view_token_create_requested)
        view.token_revoke_requested.connect(self._on_view_token_revoke_requested)
        view.endpoint_set_requested.connect(self._on_view_endpoint_set_requested)
        view.secret_reveal_requested.connect(self._on_view_secret_reveal_requested)
        view.secret_rotate_requested.connect(self._on_view_secret_rotate_requested)
        view.test_event_requested.connect(self._on_view_test_event_requested)
        view.deliveries_filter_changed.connect(self._on_view_deliveries_filter_changed)
        view.replay_requested.connect(self._on_view_replay_requested)
        view.refresh_requested.connect(self.refresh)

    def start(self) -> None:
        """Show the API's address now; read the rest now and every REFRESH_MS."""
        self.view.show_api(self.api_info())
        self.refresh()
        self._timer.start(REFRESH_MS)

    def stop(self) -> None:
        """Stop refreshing."""
        self._timer.stop()

    def api_info(self) -> ApiInfo:
        """Where the API answers (default port) and its certificate, if made yet."""
        port = ServeOptions().port
        names = [self.host_name, *host_addresses(self.host_name)]
        addresses = tuple(f"https://{_host(name)}:{port}" for name in dict.fromkeys(names))
        cert = self.api_dir / CERT_FILE
        try:
            digest = fingerprint(cert) if cert.is_file() else None
        except UserError:
            digest = None
        return ApiInfo(addresses, digest)

    @Slot()
    def refresh(self) -> None:
        """Read tokens, the endpoint and the delivery log (on the database thread)."""
        state = DeliveryState(self.state_filter) if self.state_filter else None

        def read(session: Session) -> tuple[list[TokenInfo], Endpoint | None, list[DeliveryRow]]:
            return (
                list_tokens(session),
                current_endpoint(session),
                list_deliveries(session, state=state, limit=SHOWN_DELIVERIES),
            )

        self.db.call(read, self._on_read, read_only=True)

    def _on_read(self, found: tuple[list[TokenInfo], Endpoint | None, list[DeliveryRow]]) -> None:
        tokens, endpoint, deliveries = found
        self.view.show_tokens([_token_row(t) for t in tokens])
        self.view.show_endpoint(_endpoint_info(endpoint) if endpoint else None)
        self.view.show_deliveries([_delivery_line(d) for d in deliveries])

    def _call(self, work: Callable[[Session], Any], done: Callable[[Any], None]) -> None:
        def finished(value: Any) -> None:
            done(value)
            self.refresh()

        self.db.call(work, finished, self._failed)

    def _failed(self, error: str) -> None:
        self._say(QT_TRANSLATE_NOOP("IntegrationController", "Not done: {error}"), error=error)

    def _say(self, template: str, **values: object) -> None:
        text = QCoreApplication.translate("IntegrationController", template)
        self.message.emit(text.format(**values))

    # ------------------------------------------------------------------ intents
    @Slot(str)
    def _on_view_token_create_requested(self, name: str) -> None:
        scopes = [scope.value for scope in ALL_SCOPES]
        self._call(
            lambda s: create_token(s, name, scopes, self.operator),
            lambda new: self.view.show_new_token(name, new.token),
        )

    @Slot(list)
    def _on_view_token_revoke_requested(self, ids: list[int]) -> None:
        def revoke(session: Session) -> None:
            for token_id in ids:
                revoke_token(session, token_id)

        done = QT_TRANSLATE_NOOP("IntegrationController", "Revoked: calls with it are refused.")
        self._call(revoke, lambda _: self._say(done))

    @Slot(str, list, bool)
    def _on_view_endpoint_set_requested(
        self, url: str, events: list[str], allow_http: bool
    ) -> None:
        refusal = _url_refusal(url, allow_http) or _events_refusal(events)
        if refusal is not None:
            self._say(refusal, url=url)
            return
        secret = new_signing_secret()
        sealed = SecretBox(self.api_dir).seal(secret)
        saved = QT_TRANSLATE_NOOP(
            "IntegrationController",
            "Callbacks go to {url}. Give the receiver the new signing secret shown.",
        )

        def done(_: object) -> None:
            self.view.show_secret(secret)
            self._say(saved, url=url)

        self._call(
            lambda s: set_endpoint(s, url, events, sealed, allow_http=allow_http, ca_bundle=None),
            done,
        )

    @Slot()
    def _on_view_secret_reveal_requested(self) -> None:
        self.db.call(current_endpoint, self._reveal, self._failed, read_only=True)

    def _reveal(self, endpoint: Endpoint | None) -> None:
        if endpoint is None:
            return
        try:
            self.view.show_secret(SecretBox(self.api_dir).open(endpoint.secret_encrypted))
        except UserError:
            self._say(
                QT_TRANSLATE_NOOP(
                    "IntegrationController",
                    "The secret was sealed with another key file than {path}: rotate it here "
                    "or reveal it on the PC that runs the API.",
                ),
                path=self.api_dir,
            )

    @Slot()
    def _on_view_secret_rotate_requested(self) -> None:
        secret = new_signing_secret()
        sealed = SecretBox(self.api_dir).seal(secret)
        rotated = QT_TRANSLATE_NOOP(
            "IntegrationController",
            "New signing secret shown; the old one keeps signing beside it for 24 hours.",
        )

        def done(_: object) -> None:
            self.view.show_secret(secret)
            self._say(rotated)

        self._call(lambda s: rotate_secret(s, sealed), done)

    @Slot()
    def _on_view_test_event_requested(self) -> None:
        queued = QT_TRANSLATE_NOOP(
            "IntegrationController", "Test event {id} queued: see it in the delivery log."
        )
        self._call(
            lambda s: add_event(
                s.connection(), EventType.PING, {"message": "test event", "by": self.operator}
            ),
            lambda event_id: self._say(queued, id=event_id),
        )

    @Slot(str)
    def _on_view_deliveries_filter_changed(self, state: str) -> None:
        self.state_filter = state
        self.refresh()

    @Slot(list)
    def _on_view_replay_requested(self, event_ids: list[str]) -> None:
        def replay(session: Session) -> int:
            return sum(redeliver_event(session, event_id) for event_id in event_ids)

        queued = QT_TRANSLATE_NOOP("IntegrationController", "{count} deliveries queued again.")
        self._call(replay, lambda count: self._say(queued, count=count))


def _host(name: str) -> str:
    return f"[{name}]" if ":" in name else name


def _url_refusal(url: str, allow_http: bool) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return QT_TRANSLATE_NOOP(
            "IntegrationController", "URL {url}: give an absolute https:// URL."
        )
    if parts.scheme == "http" and not allow_http:
        return QT_TRANSLATE_NOOP(
            "IntegrationController",
            "URL {url}: plain http needs “Allow plain http” (for a LAN test only).",
        )
    return None


def _events_refusal(events: list[str]) -> str | None:
    if all(e == "*" or e in EVENT_TYPES for e in events):
        return None
    return QT_TRANSLATE_NOOP(
        "IntegrationController",
        "Events: give event types separated by commas (attempt.finished, task.finished, "
        "batch.finished, task.cancelled, device.stopped, monitor.hit), or * for all.",
    )


def _state(token: TokenInfo, now: datetime | None = None) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= (now or datetime.now(UTC)):
        return "expired"
    return "active"


def _token_row(token: TokenInfo) -> TokenRow:
    return TokenRow(
        token.id,
        token.name,
        token.prefix,
        tuple(token.scopes),
        _state(token),
        token.created_at,
        token.last_used_at,
    )


def _endpoint_info(endpoint: Endpoint) -> EndpointInfo:
    return EndpointInfo(
        endpoint.url,
        tuple(endpoint.events),
        endpoint.allow_http,
        endpoint.enabled,
        endpoint.disabled_reason,
        endpoint.breaker_until is not None,
    )


def _delivery_line(row: DeliveryRow) -> DeliveryLine:
    return DeliveryLine(
        row.id,
        row.event_id,
        row.event_type,
        row.state,
        row.attempts,
        row.last_status,
        row.latency_ms,
        row.last_error,
        row.created_at,
    )
