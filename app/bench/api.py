"""``bench api``: the dispatch API's figures on a scratch database.

Starts the API (TLS, its dispatcher at the default poll) and a local receiver, then
measures: submit throughput through ``POST /v1/batches``; run finished -> receiver
2xx latency while attempts finish at a steady rate (50 a second by default); and,
across a receiver outage (20 s by default), the failed POSTs, events lost and the
time the backlog takes to drain once the receiver is back.
"""

from __future__ import annotations

import os
import ssl
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import select

from app.api.secret_box import SecretBox, new_signing_secret
from app.api.server import ServeOptions, serve
from app.bench.pool_setup import bench_engine
from app.errors import UserError
from app.settings import Settings
from db import fleet
from db.dispatch.endpoints import set_endpoint
from db.dispatch.sql import EVENTS
from db.dispatch.states import ALL_SCOPES
from db.dispatch.tokens import create_token
from db.pool.claim import claim_tasks
from db.pool.finish import finish_run
from db.pool.tx import run_transaction
from db.pool.values import RunReport, Slot

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

PHONES = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--rate", type=float, default=50.0, help="attempts finished a second")
    parser.add_argument("--seconds", type=float, default=10.0, help="latency phase length")
    parser.add_argument("--outage", type=float, default=20.0, help="receiver outage, seconds")
    parser.add_argument("--batches", type=int, default=10, help="submits of 100 tasks each")


class _Receiver:
    """Answers 204 and notes when each webhook-id first arrived; can drop connections."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.port = 0
        self.dropped = 0
        self._down: Any = None

    def up(self) -> None:
        if self._down is not None:
            self._down.shutdown(2)
            self._down.close()
            self._down = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver.lock:
                    receiver.arrived.setdefault(self.headers["webhook-id"], time.monotonic())
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        import socket

        assert self.server is not None
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
                    return
                self.dropped += 1
                conn.close()

        threading.Thread(target=drop, daemon=True).start()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Run the three phases; return the figures."""
    if args.rate <= 0 or args.seconds <= 0 or args.outage < 0 or args.batches < 1:
        raise UserError("--rate, --seconds and --batches must be positive, --outage not negative")
    scratch = Path(tempfile.mkdtemp(prefix="fleetdeck-bench-api-"))
    url_text = args.bench_db or f"sqlite:///{scratch / 'bench.db'}"
    engine, url = bench_engine(url_text)
    receiver = _Receiver()
    receiver.up()
    stop = threading.Event()
    try:
        base, cert, token, slots, host = _start(engine, url, scratch, receiver, stop)
        context = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(
            base_url=base, verify=context, headers={"Authorization": f"Bearer {token}"}
        ) as client:
            figures = {"database": engine.dialect.name, "phones": PHONES}
            figures.update(_submit_phase(client, args.batches))
            figures.update(_latency_phase(engine, host, slots, receiver, args.rate, args.seconds))
            figures.update(_outage_phase(engine, host, slots, receiver, args.rate, args.outage))
        return figures
    finally:
        stop.set()
        engine.dispose()


def _start(
    engine: Engine, url: str, scratch: Path, receiver: _Receiver, stop: threading.Event
) -> tuple[str, Path, str, list[Slot], int]:
    def prepare(session: Any) -> tuple[int, list[Slot]]:
        host = fleet.register_host(session, "bench-pc", pid=os.getpid(), version="bench")
        slots = [
            Slot(fleet.upsert_device(session, f"BENCH{n:03d}", host_id=host, conn_state="device"))
            for n in range(PHONES)
        ]
        return host, slots

    host, slots = run_transaction(engine, prepare)
    api_dir = scratch / "api"
    secret = new_signing_secret()
    sealed = SecretBox(api_dir).seal(secret)
    run_transaction(
        engine,
        lambda s: set_endpoint(
            s, f"http://127.0.0.1:{receiver.port}/hooks", ["*"], sealed,
            allow_http=True, ca_bundle=None,
        ),
    )  # fmt: skip
    token = run_transaction(
        engine, lambda s: create_token(s, "bench", [x.value for x in ALL_SCOPES], "bench")
    ).token
    settings = Settings(db=url, api_dir=api_dir, host_name="bench-pc", api_rate_per_minute=10**6)
    ready = threading.Event()
    port: dict[str, int] = {}

    def listening(_host: str, bound: int) -> None:
        port["port"] = bound
        ready.set()

    options = ServeOptions(host="127.0.0.1", port=0)
    threading.Thread(
        target=serve, args=(settings, engine, options, listening, stop), daemon=True
    ).start()
    if not ready.wait(30):
        raise UserError("bench api: the API did not start within 30 s")
    return f"https://127.0.0.1:{port['port']}", api_dir / "api-cert.pem", token, slots, host


def _submit_phase(client: httpx.Client, batches: int) -> dict[str, Any]:
    started = time.monotonic()
    for number in range(batches):
        body = {
            "client_batch_id": f"BENCH-{number}",
            "tasks": [
                {"client_task_id": f"BENCH-{number}-{n}", "flow": "device.health"}
                for n in range(100)
            ],
        }
        answer = client.post("/v1/batches", json=body, timeout=120)
        if answer.status_code != 201:
            raise UserError(f"bench api: submit answered {answer.status_code}: {answer.text[:200]}")
    elapsed = time.monotonic() - started
    return {"submit_tasks_per_s": round(batches * 100 / elapsed, 1)}


def _finish_paced(
    engine: Engine, host: int, slots: list[Slot], rate: float, seconds: float
) -> dict[int, float]:
    """Finish attempts at ``rate`` a second for ``seconds``; run id -> commit time."""
    finished: dict[int, float] = {}
    pending: list[int] = []
    interval = 1.0 / rate
    deadline = time.monotonic() + seconds
    next_at = time.monotonic()
    while time.monotonic() < deadline:
        if not pending:
            pending = [
                c.run_id for c in run_transaction(engine, lambda s: claim_tasks(s, host, slots))
            ]
            if not pending:
                break  # nothing left to run
        run_id = pending.pop()
        _finish(engine, run_id)
        finished[run_id] = time.monotonic()
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    return finished


def _finish(engine: Engine, run_id: int) -> None:
    run_transaction(engine, lambda s: finish_run(s, run_id, RunReport.success()))


def _event_ids(engine: Engine, run_ids: list[int]) -> dict[int, str]:
    """The attempt.finished event id of each run."""
    keys = {f"attempt.finished:{r}": r for r in run_ids}
    found: dict[int, str] = {}
    with engine.connect() as conn:
        for chunk in range(0, len(run_ids), 500):
            part = list(keys)[chunk : chunk + 500]
            rows = conn.execute(
                select(EVENTS.c.once_key, EVENTS.c.event_id).where(EVENTS.c.once_key.in_(part))
            )
            found.update({keys[k]: e for k, e in rows})
    return found


def _wait_arrival(receiver: _Receiver, ids: set[str], timeout: float) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with receiver.lock:
            if ids <= receiver.arrived.keys():
                return time.monotonic()
        time.sleep(0.05)
    return float("nan")


def _latency_phase(
    engine: Engine, host: int, slots: list[Slot], receiver: _Receiver, rate: float, seconds: float
) -> dict[str, Any]:
    finished = _finish_paced(engine, host, slots, rate, seconds)
    events = _event_ids(engine, list(finished))
    _wait_arrival(receiver, set(events.values()), 60)
    latencies = [
        (receiver.arrived[e] - finished[r]) * 1000
        for r, e in events.items()
        if e in receiver.arrived
    ]
    return {
        "callback_rate_per_s": round(len(finished) / seconds, 1),
        "callback_latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "callback_latency_p99_ms": round(_percentile(latencies, 0.99), 1),
        "callbacks_lost": len(events) - len(latencies),
    }


def _outage_phase(
    engine: Engine, host: int, slots: list[Slot], receiver: _Receiver, rate: float, outage: float
) -> dict[str, Any]:
    if outage == 0:
        return {}
    receiver.down()
    finished = _finish_paced(engine, host, slots, rate, outage)
    receiver.up()
    back = time.monotonic()
    events = _event_ids(engine, list(finished))
    done = _wait_arrival(receiver, set(events.values()), 120)
    lost = len([e for e in events.values() if e not in receiver.arrived])
    return {
        "outage_s": outage,
        "outage_events": len(events),
        "outage_failed_posts": receiver.dropped,
        "outage_lost": lost,
        "outage_drain_s": round(done - back, 2),
    }
