"""SimFleet: many simulated phones on one asyncio loop, with a control API for tests.

Two ways to run it:
- in a background thread (tests, benchmarks): ``SimFleet(seed=7).start(count=8)``, then
  the synchronous control methods below from any other thread, and ``close()``;
- in the foreground (``python main.py sim start``): ``await fleet.serve(count, ...)``.

Phone *index* is 0-based and stable: phone 0 has serial ``SIM-S<seed>-0001`` and is logged
in to SimVideo as account 0 of the seed's catalog.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from workers.sim.adb_host import AdbServer
from workers.sim.clock import SimClock
from workers.sim.faults import Faults, parse_faults
from workers.sim.provision import SIMVIDEO_PACKAGE, provision_phone
from workers.sim.simphone import SimPhone
from workers.sim.simvideo.app import LOGGED_OUT
from workers.sim.simvideo.catalog import Catalog, catalog_for

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Coroutine

    from workers.sim.phone import Event, PhoneModel

log = logging.getLogger(__name__)
T = TypeVar("T")
CONTROL_TIMEOUT = 30.0


class UnknownPhone(KeyError):
    """No phone with that index is in the fleet."""


@dataclass(frozen=True)
class PhoneInfo:
    """How to reach a phone and who it says it is."""

    index: int
    serial: str  # ro.serialno, stable per seed and index
    adb_serial: str  # what the adb server calls it: 127.0.0.1:PORT
    port: int
    model: str


@dataclass(frozen=True)
class PhoneStatus:
    """A snapshot of a phone's model, for tests to compare with what FleetDeck saw."""

    index: int
    serial: str
    adb_serial: str
    state: str  # device | offline | unauthorized | gone
    battery_level: int
    temperature_c: float
    charging: bool
    storage_free_mb: int
    screen_on: bool
    package: str
    activity: str
    u2_running: bool
    withheld: tuple[str, ...]
    screen: str  # 'launcher', or the app's own: 'home', 'profile c001', 'video c001v002', ...
    account_id: str  # the SimVideo login
    restricted: bool


class SimFleet:
    """Simulated phones sharing one event loop and one render thread pool."""

    def __init__(
        self,
        seed: int = 1,
        faults: Faults | str | None = None,
        *,
        preseed_u2: bool = True,
        u2_survives_detach: bool = False,
        reboot_seconds: float = 3.0,
        render_threads: int = 2,
        clock: SimClock | None = None,
    ) -> None:
        self.seed = seed
        # SimVideo's content follows this clock (default: frozen at the origin, so the
        # phones show exactly the seed's base catalog).
        self.clock = clock or SimClock()
        self.faults = parse_faults(faults) if isinstance(faults, str | None) else faults
        self.preseed_u2 = preseed_u2
        self.u2_survives_detach = u2_survives_detach
        self.reboot_seconds = reboot_seconds
        self.adb: AdbServer | None = None
        self._phones: dict[int, SimPhone] = {}
        self._next_index = 0
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=render_threads, thread_name_prefix="sim-render"
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ running
    def start(self, count: int = 0) -> SimFleet:
        """Run the loop in a background thread and add count phones; returns self."""
        if self._loop is not None:
            raise RuntimeError("this fleet is already running")
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="sim-fleet", daemon=True)
        self._thread.start()
        for _ in range(count):
            self.add_phone()
        return self

    def close(self) -> None:
        """Remove every phone and stop the background loop (idempotent)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            self._call(self._shutdown())
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()
            self._pool.shutdown(wait=False)
            self._loop = self._thread = None

    def __enter__(self) -> SimFleet:
        return self if self._loop is not None else self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def serve(self, count: int, on_up: Callable[[PhoneInfo], None]) -> None:
        """Foreground mode: add count phones on the running loop, then serve until cancelled."""
        self._loop = asyncio.get_running_loop()
        try:
            for _ in range(count):
                on_up(await self.add_phone_async())
            await asyncio.Event().wait()
        finally:
            await self._shutdown()
            self._pool.shutdown(wait=False)

    async def _shutdown(self) -> None:
        for index in list(self._phones):
            await self._remove(index)

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        loop = self._loop
        if loop is None:
            coro.close()
            raise RuntimeError("the fleet is not running: call start() first")
        if threading.current_thread() is self._thread:
            coro.close()
            raise RuntimeError("the sync control API cannot run on the fleet's own loop")
        return asyncio.run_coroutine_threadsafe(coro, loop).result(CONTROL_TIMEOUT)

    # ------------------------------------------------------------------ phones
    async def add_phone_async(
        self,
        index: int | None = None,
        faults: Faults | None = None,
        preseed_u2: bool | None = None,
        u2_survives_detach: bool | None = None,
    ) -> PhoneInfo:
        """Add a phone (a new index, or a removed one plugged back in) and start it.

        preseed_u2 and u2_survives_detach None follow the fleet's settings; preseed_u2
        False makes uiautomator2 push u2.jar; u2_survives_detach True keeps the u2 server
        alive after its launch stream closes (the path where u2 finds it running).
        """
        if index is None:
            index = self._next_index
        if index in self._phones:
            raise ValueError(f"phone {index} is already in the fleet")
        self._next_index = max(self._next_index, index + 1)
        phone = self._new_phone(index, faults, preseed_u2, u2_survives_detach)
        phone.on_returned = self._on_returned
        await phone.listen()
        phone.spawn(phone.run_faults())
        self._phones[index] = phone
        if self.adb is not None:
            await self._adb_connect(phone.adb_serial)
        return self._info(phone)

    def _new_phone(
        self,
        index: int,
        faults: Faults | None,
        preseed_u2: bool | None,
        u2_survives_detach: bool | None,
    ) -> SimPhone:
        preseed = self.preseed_u2 if preseed_u2 is None else preseed_u2
        survives = self.u2_survives_detach if u2_survives_detach is None else u2_survives_detach
        return SimPhone(
            index,
            provision_phone(self.seed, index, preseed, self.clock),
            self._pool,
            faults=faults or self.faults,
            u2_survives_detach=survives,
            fault_seed=self.seed,
            reboot_seconds=self.reboot_seconds,
        )

    def add_phone(
        self,
        index: int | None = None,
        faults: Faults | str | None = None,
        preseed_u2: bool | None = None,
        u2_survives_detach: bool | None = None,
    ) -> PhoneInfo:
        """Add a phone from another thread; see add_phone_async."""
        parsed = parse_faults(faults) if isinstance(faults, str) else faults
        return self._call(self.add_phone_async(index, parsed, preseed_u2, u2_survives_detach))

    async def _remove(self, index: int) -> None:
        phone = self._phone(index)
        await phone.remove()
        del self._phones[index]
        if self.adb is not None:
            await asyncio.get_running_loop().run_in_executor(
                None, self.adb.disconnect, phone.adb_serial
            )

    def remove_phone(self, index: int) -> None:
        """Unplug a phone for good (adb disconnect too when connected to a server)."""
        self._call(self._remove(index))

    def phones(self) -> list[PhoneInfo]:
        """Every phone in the fleet, by index."""
        return [self._info(self._phones[i]) for i in sorted(self._phones)]

    def phone(self, index: int) -> PhoneInfo:
        """One phone's address and identity."""
        return self._info(self._phone(index))

    def _phone(self, index: int) -> SimPhone:
        try:
            return self._phones[index]
        except KeyError:
            raise UnknownPhone(f"no phone {index} in the fleet") from None

    @staticmethod
    def _info(phone: SimPhone) -> PhoneInfo:
        identity = phone.model.identity
        return PhoneInfo(phone.index, identity.serial, phone.adb_serial, phone.port, identity.model)

    # ------------------------------------------------------------------ adb server
    def connect_adb(self, adb: AdbServer | int) -> dict[str, str]:
        """adb connect every phone to this server (or port); later phones and returns too.

        Returns each phone's answer ('connected to 127.0.0.1:PORT', ...).
        """
        if isinstance(adb, int):
            adb = AdbServer(adb)
        self.adb = adb
        return {p.adb_serial: adb.connect(p.adb_serial) for p in self.phones()}

    async def _adb_connect(self, address: str) -> None:
        adb = self.adb
        if adb is not None:
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(None, adb.connect, address)
            log.debug("adb connect %s: %s", address, answer)

    def _on_returned(self, phone: SimPhone) -> None:
        # The adb server would retry by itself within ~12 s; connecting now makes a
        # return take well under a second.
        phone.spawn(self._adb_connect(phone.adb_serial))

    # ------------------------------------------------------------------ control
    async def _on_phone(self, index: int, action: Callable[[SimPhone], T]) -> T:
        return action(self._phone(index))

    async def _on_phone_async(self, index: int, action: Callable[[SimPhone], Awaitable[T]]) -> T:
        return await action(self._phone(index))

    def set_offline(self, index: int, seconds: float | None = None) -> None:
        """Drop a phone off the bus; it returns after seconds (None: on set_online)."""
        self._call(self._on_phone_async(index, lambda p: p.go_offline(seconds)))

    def set_online(self, index: int) -> None:
        """End an offline spell now (and adb connect it again)."""
        self._call(self._on_phone_async(index, lambda p: p.come_back()))

    def set_network(self, index: int, on: bool, seconds: float | None = None) -> None:
        """Turn a phone's data connection off or on; adb keeps reaching it either way."""
        self._call(self._on_phone(index, lambda p: p.set_network(on, seconds)))

    def set_unauthorized(self, index: int, unauthorized: bool = True) -> None:
        """Put a phone in (or out of) the unauthorized state and reconnect it."""

        async def apply(phone: SimPhone) -> None:
            phone.set_unauthorized(unauthorized)
            await asyncio.sleep(0.05)
            await self._adb_connect(phone.adb_serial)

        self._call(self._on_phone_async(index, apply))

    def crash_u2(self, index: int) -> bool:
        """Kill a phone's uiautomator2 server; False when it was not running."""
        return self._call(self._on_phone(index, lambda p: p.crash_u2()))

    def reboot(self, index: int, seconds: float | None = None) -> None:
        """Reboot a phone: down now, back (and reconnected) after seconds."""
        self._call(self._on_phone_async(index, lambda p: p.reboot(seconds)))

    def set_faults(self, index: int, faults: Faults | str) -> None:
        """Replace one phone's faults."""
        parsed = parse_faults(faults) if isinstance(faults, str) else faults
        self._call(self._on_phone(index, lambda p: setattr(p, "faults", parsed)))

    def set_fleet_faults(self, faults: Faults | str) -> None:
        """Replace the faults of every phone, and of phones added later."""
        self.faults = parse_faults(faults) if isinstance(faults, str) else faults
        for info in self.phones():
            self.set_faults(info.index, self.faults)

    def withhold(self, index: int, resource_ids: set[str], seconds: float | None = None) -> None:
        """Make elements never appear on a phone (for seconds, or until restore)."""
        self._call(self._on_phone(index, lambda p: p.withhold(set(resource_ids), seconds)))

    def restore(self, index: int, resource_ids: set[str] | None = None) -> None:
        """Let withheld elements appear again."""
        self._call(self._on_phone(index, lambda p: p.restore(resource_ids)))

    def set_health(
        self,
        index: int,
        battery_level: int | None = None,
        temperature_c: float | None = None,
        storage_free_mb: int | None = None,
    ) -> None:
        """Pin health readings (None leaves a reading drifting on its own)."""

        def apply(phone: SimPhone) -> None:
            health = phone.model.health
            health.battery_override = battery_level
            health.temperature_override = temperature_c
            health.storage_free_override = storage_free_mb
            phone.model.changed()

        self._call(self._on_phone(index, apply))

    @property
    def catalog(self) -> Catalog:
        """The SimVideo content of this fleet's seed."""
        return catalog_for(self.seed)

    def login(self, index: int, account_id: str) -> None:
        """Log a phone's SimVideo in as another account of the catalog (e.g. a restricted one)."""
        account = next((a for a in self.catalog.accounts if a.id == account_id), None)
        if account is None:
            raise ValueError(f"no account {account_id!r} in the catalog of seed {self.seed}")

        def apply(phone: SimPhone) -> None:
            phone.model.logins[SIMVIDEO_PACKAGE] = account
            phone.model.changed()

        self._call(self._on_phone(index, apply))

    def inspect(self, index: int, read: Callable[[PhoneModel], T]) -> T:
        """Run read(model) on the fleet's loop (safe access to a phone's model)."""
        return self._call(self._on_phone(index, lambda p: read(p.model)))

    def events(self, index: int, kind: str | None = None) -> list[Event]:
        """A phone's event log (optionally one kind: service, sync, http, tap, key, ...)."""
        return self.inspect(index, lambda m: [e for e in m.events if kind in (None, e.kind)])

    def clear_events(self, index: int) -> None:
        """Empty a phone's event log."""
        self.inspect(index, lambda m: m.events.clear())

    def status(self, index: int) -> PhoneStatus:
        """A snapshot of a phone's state and health."""
        return self._call(self._on_phone(index, _status_of))


def _status_of(phone: SimPhone) -> PhoneStatus:
    model = phone.model
    package, activity = model.current()
    account = model.logins.get(SIMVIDEO_PACKAGE, LOGGED_OUT)
    return PhoneStatus(
        index=phone.index,
        serial=model.identity.serial,
        adb_serial=phone.adb_serial,
        state=phone.state.value,
        battery_level=model.health.battery_level(),
        temperature_c=model.health.temperature_c(),
        charging=model.health.charging,
        storage_free_mb=model.health.storage_free_mb(model.fs.used_bytes()),
        screen_on=model.screen_on,
        package=package,
        activity=activity,
        u2_running=phone.u2.running,
        withheld=tuple(sorted(model.withheld_ids)),
        screen=model.front_app().describe_screen(),
        account_id=account.id,
        restricted=account.restricted,
    )
