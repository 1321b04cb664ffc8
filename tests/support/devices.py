"""Drivers for simulated phones, through the device layer's own adb client.

- ``device_server``: the device layer's ``AdbServer`` on the test adb server's port.
- ``device_client``: its adbutils client.
- ``make_driver``: ``make(info, **options) -> DeviceDriver``; closed after the test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from workers.device.adb import AdbServer
from workers.device.driver import DeviceDriver

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from workers.sim.adb_host import AdbServer as SimAdbServer
    from workers.sim.fleet import PhoneInfo


@pytest.fixture(scope="session")
def device_server(sim_adb_server: SimAdbServer) -> AdbServer:
    """The device layer's AdbServer bound to the test adb server's port."""
    return AdbServer(sim_adb_server.port)


@pytest.fixture(scope="session")
def device_client(device_server: AdbServer) -> Any:
    """The device layer's adbutils client of the test adb server."""
    return device_server.client()


@pytest.fixture
def make_driver(device_client: Any) -> Iterator[Callable[..., DeviceDriver]]:
    """make(info, **options) -> DeviceDriver; every driver made is closed after the test."""
    made: list[DeviceDriver] = []

    def make(info: PhoneInfo, **options: Any) -> DeviceDriver:
        driver = DeviceDriver(info.adb_serial, device_client, **options)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        driver.close()
