"""The adbd side of one transport connection: handshake, streams and flow control.

The adb server connects over TCP, sends CNXN, and then multiplexes streams: OPEN names
a service, WRTE carries data (each one acknowledged with OKAY before the next), CLSE
ends a stream. The sim announces no features, so there is exactly one WRTE in flight
per stream and only shell v1 / sync v1 are spoken (see docs/sim-phone spec §3).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import TYPE_CHECKING, Protocol

from workers.sim.packets import (
    A_AUTH,
    A_CLSE,
    A_CNXN,
    A_OKAY,
    A_OPEN,
    A_VERSION,
    A_WRTE,
    AUTH_SIGNATURE,
    AUTH_TOKEN,
    HEADER_SIZE,
    MAX_PAYLOAD,
    BadPacket,
    decode_header,
    encode,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

# How long a stream waits for the host's OKAY of its last write before closing anyway.
FINAL_OKAY_TIMEOUT = 2.0


class StreamClosed(Exception):
    """The stream ended (closed by the host, by the sim, or with its connection)."""


class TransportOwner(Protocol):
    """What a connection needs from the phone it belongs to."""

    def banner(self) -> bytes:
        """The CNXN payload: ``device::ro.product.name=...;features=``."""
        ...

    def authorized(self) -> bool:
        """False while the phone is in the unauthorized state (AUTH loop)."""
        ...

    def open_service(self, service: str) -> Callable[[Stream], Awaitable[None]] | None:
        """The handler for a service name, or None to refuse it (the host sees 'closed')."""
        ...


class Stream:
    """One open service inside a connection, with adb's one-write-in-flight flow control."""

    def __init__(self, conn: TransportConnection, local_id: int, remote_id: int) -> None:
        self._conn = conn
        self.local_id = local_id
        self.remote_id = remote_id
        self._inbox = bytearray()
        self._acked = True  # OPEN's OKAY makes the stream ready for the first WRTE
        self._closed = False
        self._changed = asyncio.Event()

    @property
    def closed(self) -> bool:
        """True once either side has closed the stream."""
        return self._closed

    async def write(self, data: bytes) -> None:
        """Send bytes to the host, split to the packet limit, each WRTE waiting for OKAY."""
        step = self._conn.max_payload
        view = memoryview(data)
        for start in range(0, len(data), step):
            await self._wait_for(lambda: self._acked or self._closed)
            if self._closed:
                raise StreamClosed
            self._acked = False
            self._conn.send(
                A_WRTE, self.local_id, self.remote_id, bytes(view[start : start + step])
            )

    async def read_some(self) -> bytes:
        """The bytes received so far (at least one), or StreamClosed at the end."""
        await self._wait_for(lambda: bool(self._inbox) or self._closed)
        if not self._inbox:
            raise StreamClosed
        data = bytes(self._inbox)
        self._inbox.clear()
        return data

    async def read_exactly(self, size: int) -> bytes:
        """Exactly ``size`` bytes (requests may span WRTEs), or StreamClosed."""
        await self._wait_for(lambda: len(self._inbox) >= size or self._closed)
        if len(self._inbox) < size:
            raise StreamClosed
        data = bytes(self._inbox[:size])
        del self._inbox[:size]
        return data

    async def wait_closed(self) -> None:
        """Return when the host (or the sim) has closed this stream."""
        await self._wait_for(lambda: self._closed)

    async def close(self) -> None:
        """Close from the device side once the host has taken the last write."""
        if self._closed:
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wait_for(lambda: self._acked), FINAL_OKAY_TIMEOUT)
        if not self._closed:
            self._conn.send(A_CLSE, self.local_id, self.remote_id)
            self._mark_closed()

    def close_now(self) -> None:
        """Close at once without waiting (a crash: the process on the phone died)."""
        if not self._closed:
            self._conn.send(A_CLSE, self.local_id, self.remote_id)
            self._mark_closed()

    def on_okay(self) -> None:
        """The host took our last WRTE."""
        self._acked = True
        self._changed.set()

    def on_data(self, data: bytes) -> None:
        """The host sent bytes (already acknowledged)."""
        self._inbox += data
        self._changed.set()

    def on_host_close(self) -> None:
        """The host closed the stream (the client closed its socket)."""
        self._mark_closed()

    def _mark_closed(self) -> None:
        self._closed = True
        self._conn.forget(self)
        self._changed.set()

    async def _wait_for(self, ready: Callable[[], bool]) -> None:
        while not ready():
            self._changed.clear()
            await self._changed.wait()


class TransportConnection:
    """One TCP connection from the adb server to a phone: the packet loop and its streams."""

    def __init__(
        self, owner: TransportOwner, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._owner = owner
        self._reader = reader
        self._writer = writer
        self.max_payload = MAX_PAYLOAD
        self._streams: dict[int, Stream] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._next_id = 1
        self._online = False

    async def serve(self) -> None:
        """Read packets until the host disconnects or the phone drops the connection."""
        try:
            while True:
                header = decode_header(await self._reader.readexactly(HEADER_SIZE))
                payload = await self._reader.readexactly(header.length) if header.length else b""
                self._dispatch(header.command, header.arg0, header.arg1, payload)
        except (asyncio.IncompleteReadError, ConnectionError, BadPacket) as exc:
            log.debug("transport ended: %s", exc)
        finally:
            self._drop_streams()
            self.abort()

    def send(self, command: int, arg0: int, arg1: int, payload: bytes = b"") -> None:
        """Queue one packet for the host (ignored once the socket is closing)."""
        if not self._writer.is_closing():
            self._writer.write(encode(command, arg0, arg1, payload))

    def abort(self) -> None:
        """Drop the TCP connection at once, as a phone that vanished would."""
        self._writer.transport.abort()

    def forget(self, stream: Stream) -> None:
        """Remove a closed stream from the table."""
        self._streams.pop(stream.local_id, None)

    def _dispatch(self, command: int, arg0: int, arg1: int, payload: bytes) -> None:
        if command == A_CNXN:
            self._on_connect(arg1)
        elif command == A_AUTH:
            self._on_auth(arg0)
        elif not self._online:
            return  # nothing but the handshake counts before CNXN is answered
        elif command == A_OPEN:
            self._on_open(arg0, payload)
        elif command == A_OKAY:
            stream = self._streams.get(arg1)
            if stream is not None:
                stream.on_okay()
        elif command == A_WRTE:
            self._on_write(arg0, arg1, payload)
        elif command == A_CLSE:
            self._on_close(arg1)

    def _on_connect(self, host_max_payload: int) -> None:
        if not self._owner.authorized():
            self._send_auth_token()
            return
        self.max_payload = max(1024, min(MAX_PAYLOAD, host_max_payload))
        self._online = True
        self.send(A_CNXN, A_VERSION, MAX_PAYLOAD, self._owner.banner())

    def _on_auth(self, auth_type: int) -> None:
        # An unauthorized phone answers every signature with a new token: the host gives up
        # and shows 'unauthorized'. The public key it then offers is ignored.
        if auth_type == AUTH_SIGNATURE and not self._owner.authorized():
            self._send_auth_token()

    def _send_auth_token(self) -> None:
        self.send(A_AUTH, AUTH_TOKEN, 0, os.urandom(20))

    def _on_open(self, remote_id: int, payload: bytes) -> None:
        service = payload.rstrip(b"\0").decode("utf-8", errors="replace")
        handler = self._owner.open_service(service)
        if handler is None:
            self.send(A_CLSE, 0, remote_id)
            return
        local_id = self._next_id
        self._next_id += 1
        stream = Stream(self, local_id, remote_id)
        self._streams[local_id] = stream
        self.send(A_OKAY, local_id, remote_id)
        task = asyncio.get_running_loop().create_task(self._run(stream, handler))
        self._tasks[local_id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(local_id, None))

    async def _run(self, stream: Stream, handler: Callable[[Stream], Awaitable[None]]) -> None:
        try:
            await handler(stream)
        except StreamClosed:
            pass
        except Exception:
            log.exception("sim service failed")
        finally:
            await stream.close()

    def _on_write(self, remote_id: int, local_id: int, payload: bytes) -> None:
        stream = self._streams.get(local_id)
        if stream is None:
            return
        self.send(A_OKAY, local_id, remote_id)
        stream.on_data(payload)

    def _on_close(self, local_id: int) -> None:
        stream = self._streams.get(local_id)
        if stream is not None:
            stream.on_host_close()

    def _drop_streams(self) -> None:
        for stream in list(self._streams.values()):
            stream.on_host_close()
        for task in list(self._tasks.values()):
            task.cancel()
