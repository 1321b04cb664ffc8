"""Simulated-phone fixtures: a dedicated adb server on a free port and a fleet connected to it.

Session-scoped:
- ``sim_adb_server``: an ``AdbServer`` (workers.sim.adb_host) on a free port, started with
  ADB_EMU=0 from the adb binary bundled with adbutils, killed at the end of the run.
  The process environment points ANDROID_ADB_SERVER_PORT at it, so adbutils'
  default client (and ``u2.connect("127.0.0.1:PORT")``) talk to it, never to 5037.
- ``sim_fleet``: a running ``SimFleet`` (seed ``SIM_SEED``) with ``SIM_FLEET_SIZE`` phones,
  all ``adb connect``ed to ``sim_adb_server``. Tests may drive these phones but must not
  break them (no offline, reboot, unauthorized, crash, faults): use ``sim_phone`` for that.
  Phone 4 of seed 7 is logged in as a restricted account (u0005), as the catalog says.
- ``sim_catalog``: the SimVideo ``Catalog`` of ``SIM_SEED`` (the ground truth for flows; phone
  index i of ``sim_fleet`` is logged in as ``sim_catalog.account(i)``).

Function-scoped:
- ``sim_phone``: a fresh phone added to ``sim_fleet`` for this test (removed after it);
  a ``PhoneInfo`` (index, serial, adb_serial, port, model).
- ``sim_phone_factory``: ``add(faults=None, index=None, preseed_u2=None,
  u2_survives_detach=None) -> PhoneInfo`` for several fresh phones (faults: a ``Faults`` or
  a spec string like "latency_ms=40"; preseed_u2=False: without u2.jar;
  u2_survives_detach=True: the u2 server outlives its launch stream); every phone it
  added is removed after the test.
- ``sim_adb``: an adbutils ``AdbClient`` of ``sim_adb_server``.
- ``sim_u2``: ``connect(info) -> uiautomator2.Device`` for a phone of the fleet.
"""

from __future__ import annotations

import contextlib
import os
import socket

# Before adbutils is imported anywhere: its module-level default client reads the port
# once. A free port of our own keeps a developer's adb server (5037) out of every test.


def _free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if not 5554 <= port <= 5585:
            return port


os.environ["ANDROID_ADB_SERVER_PORT"] = str(_free_port())
os.environ["ADB_EMU"] = "0"

from typing import TYPE_CHECKING, Any  # noqa: E402

import pytest  # noqa: E402

from workers.device.adb import bundled_adb_path  # noqa: E402
from workers.sim.adb_host import AdbServer  # noqa: E402
from workers.sim.fleet import PhoneInfo, SimFleet  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from workers.sim.simvideo.catalog import Catalog

os.environ["ADBUTILS_ADB_PATH"] = str(bundled_adb_path())

SIM_SEED = 7
SIM_FLEET_SIZE = 8


@pytest.fixture(scope="session")
def sim_adb_server() -> Iterator[AdbServer]:
    """A dedicated adb server on a free port (the one ANDROID_ADB_SERVER_PORT names)."""
    server = AdbServer(int(os.environ["ANDROID_ADB_SERVER_PORT"]))
    server.start()
    yield server
    server.kill()


@pytest.fixture(scope="session")
def sim_fleet(sim_adb_server: AdbServer) -> Iterator[SimFleet]:
    """SIM_FLEET_SIZE simulated phones of seed SIM_SEED, adb-connected to sim_adb_server."""
    fleet = SimFleet(seed=SIM_SEED).start(count=SIM_FLEET_SIZE)
    try:
        answers = fleet.connect_adb(sim_adb_server)
        failed = {k: v for k, v in answers.items() if "connected to" not in v}
        assert not failed, f"adb connect failed: {failed}"
        yield fleet
    finally:
        fleet.close()


@pytest.fixture
def sim_phone_factory(sim_fleet: SimFleet) -> Iterator[Callable[..., PhoneInfo]]:
    """add(faults, index, preseed_u2, u2_survives_detach) -> PhoneInfo; removed after the test."""
    added: list[int] = []

    def add(
        faults: Any = None,
        index: int | None = None,
        preseed_u2: bool | None = None,
        u2_survives_detach: bool | None = None,
    ) -> PhoneInfo:
        info = sim_fleet.add_phone(index, faults, preseed_u2, u2_survives_detach)
        added.append(info.index)
        return info

    yield add
    for index in added:
        with contextlib.suppress(KeyError):  # the test removed it itself
            sim_fleet.remove_phone(index)


@pytest.fixture
def sim_phone(sim_phone_factory: Callable[..., PhoneInfo], sim_fleet: SimFleet) -> PhoneInfo:
    """One fresh phone, adb-connected, for a test that may break it.

    Logged in to an account that is not restricted: a phone's account follows its index,
    and which index a test gets depends on the tests run before it on the same worker.
    """
    phone = sim_phone_factory()
    login_usable(sim_fleet, phone)
    return phone


def login_usable(fleet: SimFleet, phone: PhoneInfo) -> None:
    """Log the phone's SimVideo in to the catalog's first account that is not restricted."""
    usable = next(a for a in fleet.catalog.accounts if not a.restricted)
    fleet.login(phone.index, usable.id)


@pytest.fixture(scope="session")
def sim_catalog(sim_fleet: SimFleet) -> Catalog:
    """The SimVideo catalog of the session fleet (seed SIM_SEED): the flows' ground truth."""
    return sim_fleet.catalog


@pytest.fixture
def sim_adb(sim_adb_server: AdbServer) -> Any:
    """An adbutils client of the test adb server."""
    return sim_adb_server.client()


@pytest.fixture
def sim_u2(sim_adb: Any) -> Callable[[PhoneInfo], Any]:
    """connect(info) -> uiautomator2.Device, through the test adb server."""
    import uiautomator2

    def connect(info: PhoneInfo) -> Any:
        return uiautomator2.connect(sim_adb.device(info.adb_serial))

    return connect
