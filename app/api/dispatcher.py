"""The callback dispatcher: claim due deliveries, post them signed, mark them fenced.

Runs in the API process (any number of them per database). No transaction is open
while a POST is in flight. Two kinds of failure are told apart:

- transport (refused, DNS, TLS, timeout, 429, 502-504): the receiver is down. The
  claimed deliveries go back uncharged and the endpoint's breaker opens; probes
  follow at 5 s, 15 s, then every 30 s (``Retry-After`` honoured, capped). Not every
  60 s: a receiver back just after a probe would then wait up to a minute, and the
  backlog must be delivered within a minute of its return.
- any other non-2xx: the receiver rejects this message. It is charged an attempt
  and retried on the long schedule (~75 h, with jitter), then it is dead (still in
  the feed, replayable). 410 Gone disables the endpoint.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from app.api.signing import signed_headers
from app.pool_calls import pool_call
from db.dispatch.deliveries import (
    REJECTION_SCHEDULE_S,
    Claimed,
    claim_for_endpoint,
    mark_all_delivered,
    mark_rejected,
    next_rejection_delay,
    put_back,
    reap_expired_claims,
)
from db.dispatch.endpoints import (
    Endpoint,
    close_breaker,
    disable_endpoint,
    enabled_endpoints,
    open_breaker,
)
from db.dispatch.outbox import record_unended_tasks

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.api.secret_box import SecretBox

log = logging.getLogger(__name__)
TRANSPORT_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class DispatcherConfig:
    """How the dispatcher paces itself; tests shorten the schedules."""

    poll_s: float = 0.05
    batch: int = 20  # per endpoint and tick: the bounded drain rate after an outage
    parallel: int = 8  # POSTs in flight per endpoint once the round's first one succeeded
    lease_s: float = 30.0
    timeout_s: float = 10.0
    probe_delays_s: tuple[float, ...] = (5.0, 15.0, 30.0)
    rejection_schedule_s: tuple[float, ...] = REJECTION_SCHEDULE_S
    sweep_every_s: float = 1.0


def most_probes(schedule: tuple[float, ...], outage_s: float) -> int:
    """How many POSTs an outage of ``outage_s`` may cost an endpoint: the failure that
    opens the breaker, then one probe per delay of ``schedule`` that fits in it."""
    elapsed, probes = 0.0, 1
    while True:
        elapsed += schedule[min(probes - 1, len(schedule) - 1)]
        if elapsed > outage_s:
            return probes
        probes += 1


@dataclass
class _Outcome:
    delivered: list[tuple[Claimed, int, int]] = field(default_factory=list)
    rejected: list[tuple[Claimed, int, str, int]] = field(default_factory=list)
    unreachable: list[Claimed] = field(default_factory=list)
    transport_error: str | None = None
    transport_status: int | None = None
    retry_after: float | None = None
    gone: bool = False


class Dispatcher:
    """Deliver callbacks until ``stop`` is set (``run``), or one round at a time (``tick``)."""

    def __init__(
        self, engine: Engine, secrets: SecretBox, config: DispatcherConfig | None = None
    ) -> None:
        self.engine = engine
        self.secrets = secrets
        self.config = config or DispatcherConfig()
        self._last_sweep = 0.0
        # One HTTP client per receiver, kept across rounds: its connections stay open
        # (keep-alive) and its TLS context is built once (loading the CA file took
        # ~20 ms, once per round before).
        self._clients: dict[tuple[str, str | None], httpx.Client] = {}
        self._posting = ThreadPoolExecutor(self.config.parallel, "callback-post")
        self.posts = 0  # POSTs attempted, for benchmarks
        self.failed_posts = 0

    def run(self, stop: threading.Event) -> None:
        """Deliver until ``stop`` is set; errors are logged and the loop goes on."""
        try:
            while not stop.is_set():
                try:
                    busy = self.tick()
                except Exception:  # noqa: BLE001  (a database hiccup must not end delivery)
                    log.exception("callback dispatcher round failed; trying again")
                    busy = 0
                if not busy:
                    stop.wait(self.config.poll_s)
        finally:
            self.close()

    def close(self) -> None:
        """Close the receivers' connections and the posting threads."""
        for client in self._clients.values():
            client.close()
        self._clients.clear()
        self._posting.shutdown(wait=True)

    def tick(self) -> int:
        """One round over every endpoint; return how many deliveries were posted."""
        now = time.monotonic()
        if now - self._last_sweep >= self.config.sweep_every_s:
            self._last_sweep = now
            pool_call(self.engine, lambda s: reap_expired_claims(s))
            pool_call(self.engine, lambda s: record_unended_tasks(s.connection()))
        posted = 0
        for endpoint in pool_call(self.engine, enabled_endpoints, read_only=True):
            posted += self._serve(endpoint)
        return posted

    def _serve(self, endpoint: Endpoint) -> int:
        cfg = self.config
        claimed = pool_call(
            self.engine, lambda s: claim_for_endpoint(s, endpoint.id, cfg.batch, cfg.lease_s)
        )
        if not claimed:
            return 0
        outcome = self._post_all(endpoint, claimed)
        pool_call(self.engine, lambda s: self._record(s, endpoint, outcome))
        return len(claimed)

    def _secrets(self, endpoint: Endpoint) -> list[str]:
        keys = [self.secrets.open(endpoint.secret_encrypted)]
        if endpoint.old_secret_encrypted:  # kept only while it signs (database clock)
            keys.append(self.secrets.open(endpoint.old_secret_encrypted))
        return keys

    def _client(self, endpoint: Endpoint) -> httpx.Client:
        key = (endpoint.url, endpoint.ca_bundle)
        client = self._clients.get(key)
        if client is None:
            verify: ssl.SSLContext | bool = True
            if endpoint.ca_bundle:
                verify = ssl.create_default_context(cafile=endpoint.ca_bundle)
            limits = httpx.Limits(max_connections=self.config.parallel)
            client = httpx.Client(
                verify=verify, follow_redirects=False, timeout=self.config.timeout_s, limits=limits
            )
            self._clients[key] = client
        return client

    def _post_all(self, endpoint: Endpoint, claimed: Sequence[Claimed]) -> _Outcome:
        outcome = _Outcome()
        keys = self._secrets(endpoint)
        client = self._client(endpoint)
        # The first alone: a receiver that is down costs one POST per round (the
        # breaker's probe), not one per parallel slot.
        first, rest = claimed[0], claimed[1:]
        self._post_one(client, endpoint.url, keys, first, outcome)
        if outcome.transport_error is not None or not rest:
            outcome.unreachable.extend(rest)
            return outcome
        lock = threading.Lock()

        def post(delivery: Claimed) -> None:
            with lock:
                if outcome.transport_error is not None:
                    outcome.unreachable.append(delivery)
                    return
            self._post_one(client, endpoint.url, keys, delivery, outcome, lock)

        list(self._posting.map(post, rest))
        return outcome

    def _post_one(
        self,
        client: httpx.Client,
        url: str,
        keys: list[str],
        delivery: Claimed,
        outcome: _Outcome,
        lock: threading.Lock | None = None,
    ) -> None:
        headers = signed_headers(keys, delivery.event_id, int(time.time()), delivery.body)
        started = time.monotonic()
        try:
            response = client.post(url, content=delivery.body.encode("utf-8"), headers=headers)
        except httpx.HTTPError as exc:
            with lock or nullcontext():
                self.posts += 1
                self.failed_posts += 1
                outcome.unreachable.append(delivery)
                outcome.transport_error = f"{type(exc).__name__}: {exc}"[:255]
            return
        latency = int((time.monotonic() - started) * 1000)
        with lock or nullcontext():
            self.posts += 1
            self._note_answer(response, delivery, latency, outcome)

    def _note_answer(
        self, response: httpx.Response, delivery: Claimed, latency: int, outcome: _Outcome
    ) -> None:
        status = response.status_code
        if 200 <= status < 300:
            outcome.delivered.append((delivery, status, latency))
            return
        self.failed_posts += 1
        if status in TRANSPORT_STATUSES:
            outcome.unreachable.append(delivery)
            outcome.transport_error = f"the receiver answered {status}"
            outcome.transport_status = status
            outcome.retry_after = _retry_after(response.headers.get("retry-after"))
            return
        outcome.rejected.append((delivery, status, f"the receiver answered {status}", latency))
        outcome.gone = outcome.gone or status == 410

    def _record(self, session: Session, endpoint: Endpoint, outcome: _Outcome) -> None:
        mark_all_delivered(session, [(d.id, status, ms) for d, status, ms in outcome.delivered])
        for delivery, status, error, latency in outcome.rejected:
            delay = None if status == 410 else self._rejection_delay(delivery)
            mark_rejected(session, delivery, status, error, latency, delay)
        if outcome.unreachable:
            error = outcome.transport_error or "unreachable"
            put_back(session, [d.id for d in outcome.unreachable], error, outcome.transport_status)
            delays = list(self.config.probe_delays_s)
            if outcome.retry_after is not None:
                delays = [min(max(d, outcome.retry_after), delays[-1]) for d in delays]
            wait = open_breaker(session, endpoint.id, delays)
            log.warning(
                "callback receiver %s unreachable (%s); next probe in %.0f s",
                endpoint.url,
                error,
                wait,
            )
        elif outcome.delivered and endpoint.breaker_probes:
            close_breaker(session, endpoint.id)
            log.info("callback receiver %s answers again", endpoint.url)
        if outcome.gone:
            disable_endpoint(session, endpoint.id, "the receiver answered 410 Gone")
            log.warning("callback endpoint %s disabled: it answered 410 Gone", endpoint.url)

    def _rejection_delay(self, delivery: Claimed) -> float | None:
        return next_rejection_delay(delivery.attempts + 1, self.config.rejection_schedule_s)


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the probe schedule applies
