"""``bench api``: the dispatch API's figures on a scratch database.

Starts the API (TLS, its dispatcher at the default poll) and a local receiver, then
measures: submit throughput through ``POST /v1/batches``; run finished -> receiver
2xx latency while attempts finish at a steady rate (50 a second by default); and,
across a receiver outage (20 s by default), the failed POSTs, events lost and the
time the backlog takes to drain once the receiver is back.
"""

from __future__ import annotations

import multiprocessing
import os
import ssl
import statistics
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from sqlalchemy import func, select

from app.api.dispatcher import DispatcherConfig, most_probes
from app.api.secret_box import SecretBox, new_signing_secret
from app.api.server import ServeOptions, serve
from app.bench.pool_setup import bench_engine
from app.errors import UserError
from app.settings import Settings
from db import fleet
from db.dispatch.endpoints import set_endpoint
from db.dispatch.sql import DELIVERIES, EVENTS
from db.dispatch.states import ALL_SCOPES
from db.dispatch.tokens import create_token
from db.engine import open_engine
from db.pool.claim import claim_tasks
from db.pool.finish import finish_run
from db.pool.tx import run_transaction
from db.pool.values import RunReport, Slot
from db.urls import parse_db_url

if TYPE_CHECKING:
    import argparse

    from sqlalchemy import Engine

PHONES = 50
FINISHERS = 8  # threads finishing attempts, as several PCs do
DRAIN_WAIT_S = 120.0  # how long the bench waits for the backlog after an outage


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--rate", type=float, default=50.0, help="attempts finished a second")
    parser.add_argument("--seconds", type=float, default=10.0, help="latency phase length")
    parser.add_argument("--outage", type=float, default=20.0, help="receiver outage, seconds")
    parser.add_argument("--batches", type=int, default=10, help="submits of 100 tasks each")


class _Listener(ThreadingHTTPServer):
    """A receiver's HTTP server. The standard library's listen backlog of 5 drops the
    SYN of a sixth connection opened at once, and the client's kernel resends it only
    after a second: eight POSTs in flight then took a second each, not a millisecond."""

    request_queue_size = 128
    daemon_threads = True


class _Receiver:
    """Answers 204 and notes when each webhook-id first arrived; can drop connections."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.ids_of: dict[bytes, set[str]] = {}  # body -> webhook-ids it came under
        self.posts = 0
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
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                webhook_id = self.headers["webhook-id"]
                with receiver.lock:
                    receiver.arrived.setdefault(webhook_id, time.monotonic())
                    receiver.ids_of.setdefault(body, set()).add(webhook_id)
                    receiver.posts += 1
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = _Listener(("127.0.0.1", self.port), Handler)
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
            _top_up(client, int(args.rate * (args.seconds + args.outage) * 1.2) + PHONES)
            timed = (url, host, slots, receiver, args.rate)
            figures.update(_latency_phase(engine, *timed, args.seconds))
            figures.update(_outage_phase(engine, *timed, args.outage))
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


class _Runs:
    """Claimed attempts waiting to be finished; claims again for every phone when empty."""

    def __init__(self, engine: Engine, host: int, slots: list[Slot]) -> None:
        self.engine, self.host, self.slots = engine, host, slots
        self.pending: list[int] = []
        self.lock = threading.Lock()

    def next(self) -> int | None:
        with self.lock:
            if not self.pending:
                claims = run_transaction(
                    self.engine, lambda s: claim_tasks(s, self.host, self.slots)
                )
                self.pending = [c.run_id for c in claims]
            return self.pending.pop() if self.pending else None


def _top_up(client: httpx.Client, attempts: int) -> None:
    """Enough work for the timed phases, run first (priority 0): each-device tasks, so
    that each finish makes one callback (attempt.finished; task.finished once per 50)."""
    count = -(-attempts // PHONES)
    for start in range(0, count, 100):
        body = {
            "client_batch_id": f"BENCH-LOAD-{start}",
            "priority": 0,
            "tasks": [
                {"client_task_id": f"BENCH-LOAD-{n}", "flow": "device.health",
                 "mode": "each-device"}
                for n in range(start, min(count, start + 100))
            ],
        }  # fmt: skip
        answer = client.post("/v1/batches", json=body, timeout=300)
        if answer.status_code != 201:
            raise UserError(f"bench api: submit answered {answer.status_code}: {answer.text[:200]}")


def _finish_paced(
    url: str, host: int, slots: list[Slot], rate: float, seconds: float
) -> dict[int, float]:
    """Finish attempts at ``rate`` a second for ``seconds``; run id -> commit time
    (``time.monotonic``, one clock for every process of the machine).

    The finishing runs in a process of its own, as on a farm's other PCs: in this
    one it would take the interpreter's lock from the dispatcher it measures.
    """
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as hosts:
        return hosts.submit(_finish_in_process, url, host, slots, rate, seconds).result()


def _finish_in_process(
    url: str, host: int, slots: list[Slot], rate: float, seconds: float
) -> dict[int, float]:
    engine = open_engine(parse_db_url(url))
    try:
        return _finish_threads(engine, host, slots, rate, seconds)
    finally:
        engine.dispose()


def _finish_threads(
    engine: Engine, host: int, slots: list[Slot], rate: float, seconds: float
) -> dict[int, float]:
    """FINISHERS threads (hosts) finish attempts, each on its share of one schedule,
    so that one finish transaction (~20-100 ms with its outbox rows) does not cap the
    offered rate as one thread did."""
    finished: dict[int, float] = {}
    runs = _Runs(engine, host, slots)
    started = time.monotonic()
    total = int(rate * seconds)
    tickets = iter(range(total))
    tickets_lock = threading.Lock()

    def finisher() -> None:
        while True:
            with tickets_lock:
                ticket = next(tickets, None)
            if ticket is None:
                return
            time.sleep(max(0.0, started + ticket / rate - time.monotonic()))
            run_id = runs.next()
            if run_id is None:
                return  # nothing left to run
            _finish(engine, run_id)
            finished[run_id] = time.monotonic()

    threads = [threading.Thread(target=finisher, daemon=True) for _ in range(FINISHERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
    engine: Engine,
    url: str,
    host: int,
    slots: list[Slot],
    receiver: _Receiver,
    rate: float,
    seconds: float,
) -> dict[str, Any]:
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(EVENTS)).scalar_one()
    finished = _finish_paced(url, host, slots, rate, seconds)
    events = _event_ids(engine, list(finished))
    _wait_arrival(receiver, set(events.values()), 60)
    latencies = [
        (receiver.arrived[e] - finished[r]) * 1000
        for r, e in events.items()
        if e in receiver.arrived
    ]
    with engine.connect() as conn:
        made = conn.execute(select(func.count()).select_from(EVENTS)).scalar_one()
    return {
        "callback_rate_offered_per_s": rate,
        "callback_rate_per_s": round(len(finished) / seconds, 1),
        "events_made_per_s": round((made - before) / seconds, 1),
        "callback_latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "callback_latency_p99_ms": round(_percentile(latencies, 0.99), 1),
        "callbacks_lost": len(events) - len(latencies),
    }


def _lost(engine: Engine, event_ids: list[str]) -> int:
    """Of events that did not arrive, those no delivery will still bring."""
    queued: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(event_ids), 500):
            part = event_ids[start : start + 500]
            queued.update(
                conn.execute(
                    select(EVENTS.c.event_id)
                    .join(DELIVERIES, DELIVERIES.c.event_pk == EVENTS.c.id)
                    .where(
                        EVENTS.c.event_id.in_(part),
                        DELIVERIES.c.state.in_(["pending", "delivering", "delivered"]),
                    )
                ).scalars()
            )
    return len(set(event_ids) - queued)


def _outage_phase(
    engine: Engine,
    url: str,
    host: int,
    slots: list[Slot],
    receiver: _Receiver,
    rate: float,
    outage: float,
) -> dict[str, Any]:
    if outage == 0:
        return {}
    config = DispatcherConfig()
    receiver.down()
    finished = _finish_paced(url, host, slots, rate, outage)
    receiver.up()
    back = time.monotonic()
    events = _event_ids(engine, list(finished))
    done = _wait_arrival(receiver, set(events.values()), DRAIN_WAIT_S)
    late = [e for e in events.values() if e not in receiver.arrived]
    lost = _lost(engine, late)
    with receiver.lock:
        two_ids = sum(1 for ids in receiver.ids_of.values() if len(ids) > 1)
        repeats = receiver.posts - len(receiver.arrived)
    return {
        "outage_s": outage,
        "outage_events": len(events),
        "outage_failed_posts": receiver.dropped,
        # One POST per probe, plus those in flight when the receiver went away.
        "outage_failed_posts_bound": most_probes(config.probe_delays_s, outage) + config.parallel,
        "outage_not_arrived_in_wait": len(late),  # still queued when the bench stopped
        "outage_lost": lost,  # neither arrived nor still queued: dead or without delivery
        "outage_repeats_same_id": repeats,
        "outage_events_under_two_ids": two_ids,
        "outage_drain_s": round(done - back, 2),
    }
