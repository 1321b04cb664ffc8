"""The API in tests: a real uvicorn over TLS on 127.0.0.1, and a reference receiver.

The server runs in a thread of the test process on the test's own database (SQLite,
then MariaDB) with a free port; httpx is the independent client. The receiver
verifies every callback with the ``standardwebhooks`` package, not with our code.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy.engine import make_url
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.api.dispatcher import DispatcherConfig
from app.api.secret_box import SecretBox, new_signing_secret
from app.api.server import ServeOptions, serve
from app.settings import Settings
from db.dispatch.endpoints import rotate_secret, set_endpoint
from db.dispatch.states import ALL_SCOPES
from db.dispatch.tokens import create_token
from db.engine import open_engine
from db.migrate import upgrade
from db.pool.tx import run_transaction
from tests.support.pool import build_fleet

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from sqlalchemy import Engine

    from tests.support.pool import Fleet

# Short schedules so that an outage costs seconds, not minutes, in a test.
FAST = DispatcherConfig(
    poll_s=0.02,
    probe_delays_s=(0.3, 0.6, 1.0),
    rejection_schedule_s=(0.2, 0.4),
    sweep_every_s=0.2,
    lease_s=5.0,
    timeout_s=2.0,
)


@dataclass
class ApiServer:
    """A running API: its URL, certificate, a full-scope token and its database."""

    base: str
    cert: Path
    token: str
    engine: Engine
    settings: Settings
    stop: threading.Event
    thread: threading.Thread

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        """An httpx client that trusts only this server's certificate."""
        chosen = self.token if token is None else token
        auth = {"Authorization": f"Bearer {chosen}"} if chosen else {}
        context = ssl.create_default_context(cafile=str(self.cert))
        return httpx.Client(
            base_url=self.base, verify=context, headers={**auth, **headers}, timeout=20
        )

    def token_with(self, *scopes: str) -> str:
        """A new token with only these scopes."""
        new = run_transaction(self.engine, lambda s: create_token(s, "test", scopes, "tester"))
        return new.token

    def set_endpoint(self, url: str, events: tuple[str, ...] = ("*",)) -> str:
        """Point callbacks at ``url`` (plain http, allowed for the test); return the secret."""
        secret = new_signing_secret()
        sealed = SecretBox(self.settings.api_dir).seal(secret)
        run_transaction(
            self.engine,
            lambda s: set_endpoint(s, url, events, sealed, allow_http=True, ca_bundle=None),
        )
        return secret

    def rotate(self) -> str:
        """A new signing secret; the old one keeps signing beside it."""
        secret = new_signing_secret()
        sealed = SecretBox(self.settings.api_dir).seal(secret)
        run_transaction(self.engine, lambda s: rotate_secret(s, sealed))
        return secret


def start_api(
    engine: Engine,
    api_dir: Path,
    *,
    dispatcher: bool = True,
    config: DispatcherConfig = FAST,
    rate_per_minute: int = 6000,
    **overrides: Any,
) -> ApiServer:
    """Start the API in a thread; return once it accepts connections. ``overrides``
    are further settings (a host's ``data_dir``, to read its local artifact store)."""
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings(
        db=url,
        api_dir=api_dir,
        host_name="farm-pc-test",
        api_rate_per_minute=rate_per_minute,
        **overrides,
    )
    stop = threading.Event()
    listening: dict[str, int] = {}
    ready = threading.Event()
    failure: list[BaseException] = []

    def on_listening(host: str, port: int) -> None:
        listening["port"] = port
        ready.set()

    def run() -> None:
        try:
            options = ServeOptions(host="127.0.0.1", port=0, dispatcher=dispatcher)
            serve(settings, engine, options, on_listening, stop, config)
        except BaseException as exc:  # noqa: BLE001  (reported to the test below)
            failure.append(exc)
            ready.set()

    thread = threading.Thread(target=run, name="api-under-test", daemon=True)
    thread.start()
    if not ready.wait(30) or failure:
        stop.set()
        raise RuntimeError(f"the API did not start: {failure}")
    token = run_transaction(
        engine, lambda s: create_token(s, "dc", [x.value for x in ALL_SCOPES], "tester")
    ).token
    return ApiServer(
        f"https://127.0.0.1:{listening['port']}",
        api_dir / "api-cert.pem",
        token,
        engine,
        settings,
        stop,
        thread,
    )


@pytest.fixture
def api_server(fleet: Fleet, tmp_path: Path) -> Iterator[ApiServer]:
    """The API with its dispatcher on the test fleet's database."""
    server = start_api(fleet.engine, tmp_path / "api")
    yield server
    server.stop.set()
    server.thread.join(timeout=15)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)]
)
def shared_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """One API (no dispatcher) per backend for a module of tests that only read or are
    refused: a fleet of three phones SER000-SER002 on a fresh database."""
    folder = tmp_path_factory.mktemp("shared-api")
    if request.param == "sqlite":
        url = make_url(f"sqlite+pysqlite:///{folder / 'fleetdeck.db'}")
    else:
        url = request.getfixturevalue("mariadb_server").create_database()
    engine = open_engine(url)
    upgrade(engine)
    build_fleet(engine)
    server = start_api(engine, folder / "api", dispatcher=False)
    yield server
    server.stop.set()
    server.thread.join(timeout=15)
    engine.dispose()


# ------------------------------------------------------------------ reference receiver


@dataclass
class Delivery:
    """One callback as the receiver got it."""

    headers: dict[str, str]
    body: bytes
    verified: bool
    error: str | None

    @property
    def event(self) -> dict[str, Any]:
        """The JSON body."""
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


class _Listener(ThreadingHTTPServer):
    """A receiver's HTTP server. The standard library's listen backlog of 5 drops the
    SYN of a sixth connection opened at once, and the client's kernel resends it only
    after a second: eight POSTs in flight then took a second each, not a millisecond."""

    request_queue_size = 128
    daemon_threads = True


@dataclass
class Receiver:
    """A dispatch centre's callback receiver, verifying with ``standardwebhooks``."""

    secret: str = ""
    status: int = 204
    delay_s: float = 0.0  # how long it takes to answer
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    port: int = 0
    refused: int = 0  # connections dropped while down
    _down: socket.socket | None = None

    @property
    def url(self) -> str:
        """Where to send callbacks."""
        return f"http://127.0.0.1:{self.port}/hooks"

    def verify(self, headers: dict[str, str], body: bytes) -> str | None:
        """None when the delivery verifies, else why not."""
        try:
            Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError as exc:
            return str(exc)
        return None

    def up(self) -> None:
        """Listen (again, on the same port once it has one)."""
        self._stop_dropping()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                error = receiver.verify(headers, body)
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                with receiver.lock:
                    receiver.deliveries.append(Delivery(headers, body, error is None, error))
                self.send_response(receiver.status if error is None else 400)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = _Listener(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        """Stop answering: every connection is accepted and dropped at once (a dead
        receiver behind a load balancer), and counted, so a test can bound the POSTs."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._down = listener

        def drop() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return  # closed by up()
                self.refused += 1
                conn.close()

        threading.Thread(target=drop, daemon=True).start()

    def _stop_dropping(self) -> None:
        if self._down is not None:
            self._down.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._down.close()
            self._down = None

    def close(self) -> None:
        """Stop for good."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        self._stop_dropping()

    def verified(self) -> list[Delivery]:
        """Deliveries that verified."""
        with self.lock:
            return [d for d in self.deliveries if d.verified]

    def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """Verified events, by type, first-seen per webhook-id."""
        seen: dict[str, dict[str, Any]] = {}
        for delivery in self.verified():
            seen.setdefault(delivery.headers["webhook-id"], delivery.event)
        return [e for e in seen.values() if event_type is None or e["type"] == event_type]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A listening reference receiver (its secret is set by the test)."""
    made = Receiver()
    made.up()
    yield made
    made.close()


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, step: float = 0.05) -> Any:
    """Poll until ``condition()`` is truthy; return its value (fail after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"condition not met within {timeout} s")
