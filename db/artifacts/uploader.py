"""The background uploader: spool -> store, with retries, never in a flow's way.

One thread per process. It uploads the spool's oldest entries, marks each one stored in
the catalog, then removes it from the spool; a failure (store or database away) keeps
the entry and waits before trying again, doubling the wait up to ``max_backoff_s``.
Nothing is deleted from the spool before the catalog says the bytes are stored, so a
crash at any point at worst uploads an artifact twice (under the same id).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from db.artifacts.catalog import mark_stored
from db.artifacts.store import StoreUnavailable
from db.pool.tx import run_transaction
from db.urls import mask_in_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Engine

    from db.artifacts.spool import Spool, SpoolEntry
    from db.artifacts.store import BlobStore

log = logging.getLogger(__name__)

BATCH = 20  # entries per pass; the spool is listed again after each pass
IDLE_WAIT_S = 1.0  # an empty spool is looked at this often (new entries also wake it)


@dataclass(frozen=True)
class UploadStatus:
    """What the uploader has done, for alerts, benchmarks and the console.

    Attributes:
        waiting: artifacts in the spool now.
        uploaded: artifacts uploaded since start.
        failures: failed tries since start.
        failing_since: monotonic time of the first failure of the current run of
            failures (None while uploads succeed).
        last_error: the last failure's message (credentials never appear in it).
    """

    waiting: int
    uploaded: int
    failures: int
    failing_since: float | None
    last_error: str | None


class Uploader:
    """Moves spooled artifacts to ``store``; ``start`` runs it in a daemon thread."""

    def __init__(
        self,
        spool: Spool,
        store: BlobStore,
        engine: Engine,
        host_name: str,
        *,
        min_backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
        housekeeping: Callable[[], object] | None = None,
        housekeeping_every_s: float = 3600.0,
    ) -> None:
        self.spool, self.store, self.engine, self.host_name = spool, store, engine, host_name
        self.min_backoff_s, self.max_backoff_s = min_backoff_s, max_backoff_s
        self._housekeeping = housekeeping
        self._housekeeping_every_s = housekeeping_every_s
        self._last_housekeeping = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._uploaded = 0
        self._failures = 0
        self._failing_since: float | None = None
        self._last_error: str | None = None
        self._backoff = min_backoff_s

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        """Upload in the background until ``stop``."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="artifact-upload", daemon=True)
            self._thread.start()

    def stop(self, flush_s: float = 0.0) -> None:
        """Stop; with ``flush_s``, first keep uploading for up to that long while any wait.

        What is not uploaded stays in the spool and goes at the next start.
        """
        deadline = time.monotonic() + flush_s
        while flush_s and self.spool.depth() and time.monotonic() < deadline:
            if self._thread is None and not self.upload_some():
                break
            self._wake.set()
            time.sleep(0.05)
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def poke(self) -> None:
        """Something was spooled: look now rather than at the next idle turn."""
        self._wake.set()

    def status(self) -> UploadStatus:
        """What has happened so far (any thread)."""
        with self._lock:
            return UploadStatus(
                self.spool.depth(),
                self._uploaded,
                self._failures,
                self._failing_since,
                self._last_error,
            )

    # ------------------------------------------------------------------ work

    def upload_some(self, limit: int = BATCH) -> int:
        """One pass: upload up to ``limit`` entries, oldest first; how many went.

        Stops at the first failure (the store is likely away for the others too).
        """
        done = 0
        for entry in self.spool.entries(limit):
            try:
                self._upload(entry)
            except (StoreUnavailable, SQLAlchemyError, OSError) as exc:
                self._failed(entry, exc)
                break
            done += 1
        return done

    def _upload(self, entry: SpoolEntry) -> None:
        data = self.spool.read(entry.ref.id)
        self.store.put(entry.ref.id, data, entry.ref.kind)
        run_transaction(
            self.engine, lambda s: mark_stored(s, entry, self.store.name, self.host_name)
        )
        self.spool.remove(entry.ref.id)
        with self._lock:
            self._uploaded += 1
            self._failing_since = None
            self._backoff = self.min_backoff_s

    def _failed(self, entry: SpoolEntry, exc: BaseException) -> None:
        message = mask_in_text(str(exc))
        with self._lock:
            first = self._failing_since is None
            self._failures += 1
            self._last_error = message
            if first:
                self._failing_since = time.monotonic()
        level = logging.WARNING if first else logging.DEBUG
        log.log(
            level, "artifact %s not uploaded yet (kept in the spool): %s", entry.ref.id, message
        )

    def _loop(self) -> None:
        while not self._stop.is_set():
            uploaded = self.upload_some()
            self._maybe_housekeep()
            with self._lock:
                failing = self._failing_since is not None
                wait = self._backoff if failing else (0.0 if uploaded else IDLE_WAIT_S)
                if failing:
                    self._backoff = min(self._backoff * 2, self.max_backoff_s)
            if wait:
                self._wake.wait(wait)
                self._wake.clear()

    def _maybe_housekeep(self) -> None:
        if self._housekeeping is None:
            return
        now = time.monotonic()
        if now - self._last_housekeeping < self._housekeeping_every_s:
            return
        self._last_housekeeping = now
        try:
            self._housekeeping()
        except Exception as exc:  # noqa: BLE001  (retention must never stop uploads)
            log.warning("artifact retention failed: %s", mask_in_text(str(exc)))
