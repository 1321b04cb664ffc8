"""One simulated phone on the network: its listening port, states, services and faults."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import logging
import random
import socket
from typing import TYPE_CHECKING

from workers.sim import render, u2server
from workers.sim.adbd import Stream, StreamClosed, TransportConnection
from workers.sim.commands import command_table
from workers.sim.faults import Faults
from workers.sim.shell import Shell
from workers.sim.sync import serve_sync

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from concurrent.futures import Executor

    from workers.sim.phone import PhoneModel

log = logging.getLogger(__name__)

# An adb server scans 5554-5585 for emulators at start: never listen there.
EMULATOR_PORTS = range(5554, 5586)
PROMPT = b"simphone:/ $ "
_COMMANDS = command_table()


class ConnState(enum.StrEnum):
    """What `adb devices` shows for the phone (gone: removed from the fleet)."""

    DEVICE = "device"
    OFFLINE = "offline"
    UNAUTHORIZED = "unauthorized"
    GONE = "gone"


class SimPhone:
    """A phone model served as a fake adbd on 127.0.0.1.

    Attributes:
        index: the phone's number in its fleet (0-based; the serial shows index + 1).
        faults: the faults in effect for this phone.
        on_returned: called after the phone listens again (offline spell or reboot over);
            the fleet uses it to run ``adb connect`` at once.
    """

    def __init__(
        self,
        index: int,
        model: PhoneModel,
        render_pool: Executor,
        faults: Faults | None = None,
        u2_survives_detach: bool = False,
        fault_seed: int = 0,
        reboot_seconds: float = 3.0,
    ) -> None:
        self.index = index
        self.model = model
        self.faults = faults or Faults()
        self.u2 = u2server.U2Server(survives_detach=u2_survives_detach)
        self.port = 0
        self.reboot_seconds = reboot_seconds
        self.unauthorized = False
        self.on_returned: Callable[[SimPhone], None] | None = None
        self._pool = render_pool
        self._server: asyncio.Server | None = None
        self._connections: set[TransportConnection] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._removed = False
        self._reboot_requested = False
        self._encoded: dict[tuple[str, float, int], bytes] = {}
        self._encoded_key: object = None
        self._render_lock = asyncio.Lock()
        self._rng = random.Random(f"faults:{fault_seed}:{index}")
        self.last_active = 0.0

    # ------------------------------------------------------------------ identity
    @property
    def adb_serial(self) -> str:
        """How the adb server names the phone: 127.0.0.1:PORT."""
        return f"127.0.0.1:{self.port}"

    @property
    def listening(self) -> bool:
        """True while the phone accepts connections (not offline, not rebooting)."""
        return self._server is not None

    @property
    def state(self) -> ConnState:
        """The connection state the adb server will report."""
        if self._removed:
            return ConnState.GONE
        if not self.listening:
            return ConnState.OFFLINE
        return ConnState.UNAUTHORIZED if self.unauthorized else ConnState.DEVICE

    # ------------------------------------------------------------------ listening
    async def listen(self) -> None:
        """Start accepting the adb server's connections (a free high port the first time)."""
        if self._server is not None or self._removed:
            return
        for _attempt in range(20):
            server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
            port = server.sockets[0].getsockname()[1]
            if port not in EMULATOR_PORTS:
                break
            server.close()  # the OS handed out an emulator port: ask again
        self._server, self.port = server, port

    async def stop_listening(self) -> None:
        """Stop accepting and drop every connection, as a phone pulled off USB."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        # The connections' streams close, and the uiautomator2 server dies with its shell.
        for conn in list(self._connections):
            conn.abort()

    async def remove(self) -> None:
        """Take the phone away for good (its tasks end)."""
        await self.stop_listening()
        self._removed = True
        for task in list(self._tasks):
            task.cancel()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = TransportConnection(self, reader, writer)
        self._connections.add(conn)
        try:
            await conn.serve()
        finally:
            self._connections.discard(conn)

    # ------------------------------------------------------------------ states
    async def go_offline(self, seconds: float | None = None) -> None:
        """Drop off the bus; come back after seconds (None: until come_back)."""
        await self.stop_listening()
        self.last_active = float("-inf")  # activity (and random faults) restart with use
        self.model.record("state", "offline")
        if seconds is not None:
            self.spawn(self._return_after(seconds))

    async def come_back(self) -> None:
        """Listen again after an offline spell."""
        if self._removed or self.listening:
            return
        await self.listen()
        self.model.record("state", "back")
        if self.on_returned is not None:
            self.on_returned(self)

    async def _return_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.come_back()

    def set_unauthorized(self, unauthorized: bool) -> None:
        """Enter or leave the AUTH loop; current connections drop so the server redoes CNXN."""
        self.unauthorized = unauthorized
        for conn in list(self._connections):
            conn.abort()

    async def reboot(self, seconds: float | None = None) -> None:
        """Go down now, clear the runtime state, and listen again after seconds."""
        await self.stop_listening()
        self.u2.stop()
        self.model.reset_runtime()
        self.model.record("state", "reboot")
        self.spawn(self._return_after(self.reboot_seconds if seconds is None else seconds))

    def crash_u2(self) -> bool:
        """Kill the uiautomator2 server (its app_process stream closes); False if not running."""
        crashed = self.u2.crash()
        if crashed:
            self.model.record("state", "u2 crash")
        return crashed

    def spawn(self, coro: Awaitable[None]) -> None:
        """Run a background task that ends when the phone is removed."""
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------ transport owner
    def banner(self) -> bytes:
        """The CNXN banner: product, model and device, and no features."""
        identity = self.model.identity
        return (
            f"device::ro.product.name={identity.product};ro.product.model={identity.model};"
            f"ro.product.device={identity.device};features="
        ).encode()

    def authorized(self) -> bool:
        """False while in the unauthorized state."""
        return not self.unauthorized

    def open_service(self, service: str) -> Callable[[Stream], Awaitable[None]] | None:
        """The handler of a service, or None to refuse it."""
        self.model.record("service", service)
        self.last_active = asyncio.get_running_loop().time()
        kind, _, arg = service.partition(":")
        if kind in ("shell", "exec"):
            if u2server.launch_command(arg):
                return functools.partial(self._serve_u2_launch, arg)
            if not arg:
                return self._delayed(self._serve_interactive)
            return self._delayed(functools.partial(self._serve_shell, arg))
        if kind == "sync":
            return self._delayed(functools.partial(serve_sync, model=self.model))
        if kind == "tcp" and arg.isdigit() and self.u2.serves(int(arg)):
            return self._delayed(self._serve_http)
        if kind == "reboot":
            return self._serve_reboot
        return None

    def _delayed(
        self, handler: Callable[[Stream], Awaitable[None]]
    ) -> Callable[[Stream], Awaitable[None]]:
        if self.faults.latency_ms <= 0:
            return handler

        async def slow(stream: Stream) -> None:
            await asyncio.sleep(self.faults.latency_ms / 1000)
            await handler(stream)

        return slow

    # ------------------------------------------------------------------ services
    async def _serve_shell(self, command: str, stream: Stream) -> None:
        output, _status = await Shell(self, _COMMANDS).run(command)
        if output:
            await stream.write(output)
        await stream.close()
        if self._reboot_requested:
            self._reboot_requested = False
            await self.reboot()

    async def _serve_interactive(self, stream: Stream) -> None:
        shell = Shell(self, _COMMANDS)
        pending = b""
        await stream.write(PROMPT)
        while True:
            pending += await stream.read_some()
            while b"\n" in pending:
                line, _, pending = pending.partition(b"\n")
                output, _status = await shell.run(line.decode("utf-8", errors="replace").strip())
                if shell.exited:
                    await stream.write(output)
                    return
                await stream.write(output + PROMPT)

    async def _serve_u2_launch(self, command: str, stream: Stream) -> None:
        if self.model.fs.get(u2server.launch_classpath(command)) is None:
            await stream.write(b"Error: Could not find or load main class com.wetest.uia2.Main\n")
            return
        if self.u2.running:
            await stream.write(u2server.STARTED_LINE + u2server.ALREADY_REGISTERED)
            return
        self.u2.start(u2server.launch_port(command), stream)
        try:
            await stream.write(u2server.STARTED_LINE)
            await stream.wait_closed()
        finally:
            self.u2.detached(stream)

    async def _serve_http(self, stream: Stream) -> None:
        try:
            request = await u2server.read_request(stream)
        except u2server.BadRequest as exc:
            await stream.write(u2server.response(400, "text/plain", str(exc).encode()))
            return
        self.model.record("http", f"{request.method} {request.path}")
        await stream.write(await u2server.route(self, self.u2, request))

    async def _serve_reboot(self, stream: Stream) -> None:
        await stream.close()
        await self.reboot()

    # ------------------------------------------------------------------ shell / rpc host
    def request_reboot(self) -> None:
        """Reboot after the running shell command has answered."""
        self._reboot_requested = True

    def u2_server_pid(self) -> int | None:
        """The uiautomator2 server's pid while it runs."""
        return self.u2.pid

    async def _encode(self, kind: str, scale: float, quality: int) -> bytes:
        # Only encoded bytes of the current frame are kept (a full frame is 2.7 MB, a
        # thumbnail ~10 KB); a new frame key empties the cache.
        key = self.model.frame_key()
        if self._encoded_key != key:
            self._encoded, self._encoded_key = {}, key
        wanted = (kind, scale, quality)
        data = self._encoded.get(wanted)
        if data is not None:
            return data
        async with self._render_lock:  # one render per phone at a time
            if self._encoded_key == key and wanted in self._encoded:
                return self._encoded[wanted]
            windows, size, on = self.model.windows(), self.model.size, self.model.screen_on
            loop = asyncio.get_running_loop()
            data = await loop.run_in_executor(
                self._pool, render.encode_frame, windows, size, on, kind, scale, quality
            )
            if self._encoded_key == key:
                self._encoded[wanted] = data
        return data

    async def screenshot_png(self) -> bytes:
        """The screen as PNG (screencap -p)."""
        return await self._encode("png", 1.0, 100)

    async def screenshot_jpeg(self, scale: float, quality: int) -> bytes:
        """The screen as JPEG, scaled (takeScreenshot, the thumbnail endpoint)."""
        return await self._encode("jpeg", scale, quality)

    # ------------------------------------------------------------------ faults
    async def run_faults(self, tick: float = 1.0) -> None:
        """Fire random faults while the phone is in use, at the configured rates."""
        loop = asyncio.get_running_loop()
        while not self._removed:
            await asyncio.sleep(tick)
            if not self.listening or loop.time() - self.last_active > 10.0:
                continue
            with contextlib.suppress(StreamClosed):
                await self._maybe_fault()

    async def _maybe_fault(self) -> None:
        faults = self.faults
        if faults.offline and self._rng.random() < faults.per_second("offline"):
            await self.go_offline(faults.offline_seconds * self._rng.uniform(0.6, 1.4))
        elif faults.u2_crash and self._rng.random() < faults.per_second("u2_crash"):
            self.crash_u2()
        elif faults.missing and self._rng.random() < faults.per_second("missing"):
            self.withhold_random(faults.missing_seconds)
        elif faults.network_off and self._rng.random() < faults.per_second("network_off"):
            self.set_network(False, faults.network_off_seconds * self._rng.uniform(0.6, 1.4))
        elif faults.overheat and self._rng.random() < faults.per_second("overheat"):
            self.overheat(faults.overheat_c, faults.overheat_seconds * self._rng.uniform(0.6, 1.4))

    def overheat(self, temperature_c: float, seconds: float) -> None:
        """Run the battery at temperature_c for seconds, then let it drift back."""
        self.model.health.temperature_override = temperature_c
        self.model.changed()
        self.model.record("state", f"overheat {temperature_c} °C")
        self.spawn(self._cool_after(temperature_c, seconds))

    async def _cool_after(self, temperature_c: float, seconds: float) -> None:
        await asyncio.sleep(seconds)
        if self.model.health.temperature_override == temperature_c:  # not pinned since
            self.model.health.temperature_override = None
            self.model.changed()

    def set_network(self, on: bool, seconds: float | None = None) -> None:
        """Turn the data connection off or on (off for seconds, or until turned on)."""
        self.model.network.on = on
        self.model.changed()
        self.model.record("state", f"network {'on' if on else 'off'}")
        if not on and seconds is not None:
            self.spawn(self._network_back_after(seconds))

    async def _network_back_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        self.set_network(True)

    def withhold(self, resource_ids: set[str], seconds: float | None = None) -> None:
        """Make elements never appear (for seconds, or until restored)."""
        self.model.withheld_ids |= resource_ids
        self.model.changed()
        self.model.record("state", f"withhold {sorted(resource_ids)}")
        if seconds is not None:
            self.spawn(self._restore_after(resource_ids, seconds))

    def restore(self, resource_ids: set[str] | None = None) -> None:
        """Let withheld elements appear again (all when None)."""
        self.model.withheld_ids -= (
            resource_ids if resource_ids is not None else set(self.model.withheld_ids)
        )
        self.model.changed()

    async def _restore_after(self, resource_ids: set[str], seconds: float) -> None:
        await asyncio.sleep(seconds)
        self.restore(resource_ids)

    def withhold_random(self, seconds: float) -> None:
        """Withhold one of the front app's clickable or scrollable targets."""
        targets = sorted(
            {
                n.resource_id
                for n in self.model.windows()[0].walk()
                if n.resource_id and (n.clickable or n.scrollable)
            }
        )
        if targets:
            self.withhold({self._rng.choice(targets)}, seconds)
