"""Discovery from the adb server's device tracking: hotplug and state changes within 3 s."""

from __future__ import annotations

import queue
import time
from typing import TYPE_CHECKING

import pytest

from workers.device.adb import AdbServer
from workers.device.discovery import GONE, DeviceChange, DeviceTracker
from workers.sim.adb_host import free_port

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from workers.sim.fleet import PhoneInfo, SimFleet

HOTPLUG_BOUND = 3.0  # seconds: the promise to operators


class Changes:
    """Collects a tracker's changes; next_for() waits for one phone's next state."""

    def __init__(self) -> None:
        self.queue: queue.Queue[DeviceChange] = queue.Queue()

    def next_for(self, adb_serial: str, state: str, timeout: float = 10.0) -> DeviceChange:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{adb_serial} did not become {state} in {timeout} s"
            change = self.queue.get(timeout=remaining)
            if change.adb_serial == adb_serial and change.state == state:
                return change


@pytest.fixture
def changes() -> Changes:
    return Changes()


@pytest.fixture
def tracker(device_server: AdbServer, changes: Changes) -> Iterator[DeviceTracker]:
    tracker = DeviceTracker(device_server, changes.queue.put)
    tracker.start()
    yield tracker
    tracker.stop()


def _latency(change: DeviceChange, started: float, what: str) -> float:
    latency = change.at - started
    print(f"{what}: reported {latency:.3f} s after the change")
    return latency


def test_tracker_lists_the_fleet(
    sim_fleet: SimFleet, tracker: DeviceTracker, changes: Changes
) -> None:
    for info in sim_fleet.phones()[:8]:
        assert tracker.wait_for(info.adb_serial, "device", timeout=5)
    assert tracker.server_up


def test_hotplug_appear_offline_back_unauthorized_leave(
    sim_fleet: SimFleet,
    sim_phone_factory: Callable[..., PhoneInfo],
    tracker: DeviceTracker,
    changes: Changes,
) -> None:
    started = time.time()
    phone = sim_phone_factory()
    appeared = changes.next_for(phone.adb_serial, "device")
    assert appeared.previous == GONE
    assert _latency(appeared, started, "appear") < HOTPLUG_BOUND

    started = time.time()
    sim_fleet.set_offline(phone.index)
    offline = changes.next_for(phone.adb_serial, "offline")
    assert offline.previous == "device"
    assert _latency(offline, started, "offline") < HOTPLUG_BOUND

    started = time.time()
    sim_fleet.set_online(phone.index)
    assert _latency(changes.next_for(phone.adb_serial, "device"), started, "back") < HOTPLUG_BOUND

    started = time.time()
    sim_fleet.set_unauthorized(phone.index)
    unauthorized = changes.next_for(phone.adb_serial, "unauthorized")
    assert _latency(unauthorized, started, "unauthorized") < HOTPLUG_BOUND
    assert tracker.states()[phone.adb_serial] == "unauthorized"

    started = time.time()
    sim_fleet.remove_phone(phone.index)
    gone = changes.next_for(phone.adb_serial, GONE)
    assert _latency(gone, started, "leave") < HOTPLUG_BOUND
    assert phone.adb_serial not in tracker.states()


def test_tracking_survives_an_adb_server_restart(
    sim_fleet: SimFleet, sim_phone_factory: Callable[..., PhoneInfo], changes: Changes
) -> None:
    # A server of this test's own, so the shared one keeps serving the other tests.
    server = AdbServer(free_port())
    server.ensure_running()
    ups: queue.Queue[bool] = queue.Queue()
    tracker = DeviceTracker(server, changes.queue.put, on_server=ups.put)
    try:
        phone = sim_phone_factory()
        assert "connected to" in server.connect(phone.adb_serial)
        tracker.start()
        changes.next_for(phone.adb_serial, "device")
        assert ups.get(timeout=5) is True

        started = time.time()
        server.kill()
        assert ups.get(timeout=5) is False
        assert ups.get(timeout=10) is True  # the tracker started the server again
        deadline = time.monotonic() + 10
        while server.devices().get(phone.adb_serial) != "device":  # and reconnected it
            assert time.monotonic() < deadline, "the restarted server never listed the phone"
            time.sleep(0.05)
        print(f"restart: phone listed again {time.time() - started:.2f} s after the kill")
        assert tracker.wait_for(phone.adb_serial, "device", timeout=5)

        started = time.time()  # and changes are reported as before
        sim_fleet.set_offline(phone.index)
        offline = changes.next_for(phone.adb_serial, "offline")
        assert _latency(offline, started, "offline after the restart") < HOTPLUG_BOUND
    finally:
        tracker.stop()
        server.kill()
