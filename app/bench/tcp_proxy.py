"""A loopback TCP proxy whose path can fail on purpose: a database that goes away for real.

The soak (``bench soak``) puts one between a worker and its database; the tests put one
between a worker and theirs. Three ways for the path to fail, as a farm's network does:

- ``drop``: every open connection is closed and new ones are refused at once (a server
  restart, a firewall that rejects): the client sees resets and refusals.
- ``blackhole``: nothing passes either way, nothing is closed (a cable pulled, a hung
  switch): the client waits for answers that do not come. Restored, the held bytes flow
  on, as TCP retransmission delivers them on a real link.
- ``slow``: every chunk waits ``delay_s`` before it is passed on (a saturated uplink).
"""

from __future__ import annotations

import contextlib
import enum
import socket
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

_CHUNK = 65536
_HOLD_POLL_S = 0.05


class PathState(enum.StrEnum):
    """What the proxy does to the traffic now."""

    OPEN = "open"
    DROP = "drop"
    BLACKHOLE = "blackhole"
    SLOW = "slow"


class TcpProxy:
    """Forwards 127.0.0.1:port to upstream, failing as told; use as a context manager."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.state = PathState.OPEN
        self.delay_s = 0.0
        self._flowing = threading.Event()  # cleared while blackholed
        self._flowing.set()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="tcp-proxy", daemon=True)

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop listening and close every connection."""
        self._closed.set()
        self._flowing.set()
        self._listener.close()
        self._close_all()

    def fail(self, how: PathState | str, delay_s: float = 1.0) -> None:
        """Fail the path: ``drop``, ``blackhole`` or ``slow`` (each chunk ``delay_s`` late)."""
        state = PathState(how)
        self.restore()
        self.state = state
        if state is PathState.DROP:
            self._close_all()
        elif state is PathState.BLACKHOLE:
            self._flowing.clear()
        elif state is PathState.SLOW:
            self.delay_s = delay_s

    def cut(self) -> None:
        """Drop every connection and refuse new ones until restore()."""
        self.fail(PathState.DROP)

    def restore(self) -> None:
        """Forward again (bytes held by a blackhole flow on)."""
        self.state = PathState.OPEN
        self.delay_s = 0.0
        self._flowing.set()

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.state is PathState.DROP:
                client.close()
                continue
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _connect(self, client: socket.socket) -> None:
        # A blackholed path holds a new connection unanswered, as a dead link does.
        self._wait_flowing()
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        with self._lock:
            self._open.update((client, server))
        for source, target in ((client, server), (server, client)):
            threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _wait_flowing(self) -> None:
        while not self._flowing.wait(_HOLD_POLL_S):
            if self._closed.is_set():
                return

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(_CHUNK):
                self._wait_flowing()
                if self.delay_s:
                    time.sleep(self.delay_s)
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def proxy_to(port: int) -> Iterator[TcpProxy]:
    """A running proxy to 127.0.0.1:port."""
    with TcpProxy(port) as proxy:
        yield proxy
