"""``bench sim``: a simulated fleet under thumbnail and flow-call load, through the real adb.

The fleet runs in its own process (``main.py sim start``) so its CPU is measured apart
from the load generator; a dedicated adb server on a free port carries every call.
Each phone shows a SimVideo creator profile and gets THUMB_RATE thumbnails/s from the
on-device server's /screenshot/0 endpoint and FLOW_RATE flow calls/s, rotating through
shell calls and the deviceInfo, swipe and dumpWindowHierarchy RPCs (what flow steps
cost); the swipes scroll the list, so thumbnails are rendered afresh, not cached.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from app.settings import Settings
    from workers.sim.adb_host import AdbServer

ROOT = Path(__file__).resolve().parents[2]
THUMB_PATH = "/screenshot/0?scale=0.25&quality=60"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--phones, --seconds, --thumb-rate, --flow-rate."""
    parser.add_argument("--phones", type=int, default=50, help="fleet size (default 50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time (default 20)")
    parser.add_argument(
        "--thumb-rate", type=float, default=1.0, help="thumbnails per phone per second"
    )
    parser.add_argument(
        "--flow-rate", type=float, default=1.0, help="flow calls per phone per second"
    )
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of load before measuring (default 3)"
    )


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Start a fleet and an adb server, load them, and return the figures."""
    from app.errors import UserError
    from workers.sim.adb_host import AdbServer, free_port

    if not 1 <= args.phones <= 500 or not 1 <= args.seconds <= 3600:
        raise UserError("bench sim: --phones must be 1..500 and --seconds 1..3600")
    adb = AdbServer(free_port(), settings.adb_path)
    adb.start()
    fleet = _start_fleet(args.phones, adb.port)
    try:
        devices = _connect_all(adb, fleet.addresses)
        return _measure(args, adb, fleet.process.pid, devices)
    finally:
        fleet.stop()
        adb.kill()


class _FleetProcess:
    """``main.py sim start`` in a child process, with the adb addresses it printed."""

    def __init__(self, process: subprocess.Popen[str], addresses: list[str]) -> None:
        self.process = process
        self.addresses = addresses

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _start_fleet(count: int, adb_port: int) -> _FleetProcess:
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "sim",
        "start",
        "--count",
        str(count),
        "--seed",
        "1",
        "--adb-port",
        str(adb_port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    addresses: list[str] = []
    deadline = time.monotonic() + 60 + count
    while len(addresses) < count and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("SIM-"):
            addresses.append(line.split()[1])
    if len(addresses) < count:
        process.kill()
        raise RuntimeError(f"the fleet started {len(addresses)} of {count} phones")
    # Keep reading its output so a full pipe never blocks the fleet.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return _FleetProcess(process, addresses)


def _connect_all(adb: AdbServer, addresses: list[str]) -> list[tuple[Any, Any]]:
    """(adbutils device, uiautomator2 Device) per phone; u2.connect starts each server."""
    import uiautomator2

    client = adb.client()

    def connect(address: str) -> tuple[Any, Any]:
        device = client.device(address)
        u2 = uiautomator2.connect(device)
        _open_a_profile(u2, f"c{addresses.index(address) % 20 + 1:03d}")
        return device, u2

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(connect, addresses))


def _open_a_profile(u2: Any, creator_id: str) -> None:
    """Show a creator's video list, so the flow's swipes change the screen."""
    from workers.sim.simvideo import PACKAGE, rid

    u2.app_start(PACKAGE, stop=True)
    u2(resourceId=rid("search_box")).set_text(creator_id)
    u2(resourceId=rid("search_button")).click()
    u2(resourceId=rid("creator_item")).click()


def fetch_thumbnail(device: Any, port: int = 9008) -> bytes:
    """GET the on-device server's scaled JPEG over an adb tcp: stream."""
    import adbutils

    connection = http.client.HTTPConnection("localhost", port, timeout=10)
    connection.sock = device.create_connection(adbutils.Network.TCP, port)
    try:
        connection.request("GET", THUMB_PATH, headers={"Accept-Encoding": ""})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"thumbnail: HTTP {response.status}")
        return body
    finally:
        connection.close()


def _flow_calls(device: Any, u2: Any) -> list[tuple[str, Callable[[], object]]]:
    # The swipes move the video list up and back, so frames are re-rendered as they
    # would be while a flow scrolls.
    return [
        ("shell", lambda: device.shell("getprop ro.serialno")),
        ("rpc_info", lambda: u2.jsonrpc.deviceInfo()),
        ("rpc_swipe", lambda: u2.jsonrpc.swipe(360, 1150, 360, 850, 10)),
        ("rpc_dump", lambda: u2.jsonrpc.dumpWindowHierarchy(False, 50)),
        ("shell", lambda: device.shell("dumpsys battery")),
        ("rpc_swipe", lambda: u2.jsonrpc.swipe(360, 850, 360, 1150, 10)),
    ]


class _Recorder:
    """Latencies per call kind, and errors, from many threads."""

    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()

    def snapshot(self) -> _Recorder:
        """A copy of what was recorded so far."""
        copy = _Recorder()
        with self._lock:
            copy.latencies.update({k: list(v) for k, v in self.latencies.items()})
            copy.errors.update(self.errors)
        return copy

    def reset(self) -> None:
        """Forget everything recorded so far (the warm-up)."""
        with self._lock:
            self.latencies.clear()
            self.errors.clear()

    def timed(self, kind: str, call: Callable[[], object]) -> None:
        started = time.perf_counter()
        try:
            call()
        except Exception:  # noqa: BLE001  (a failed call is a figure, not a crash)
            with self._lock:
                self.errors[kind] += 1
            return
        elapsed = (time.perf_counter() - started) * 1000
        with self._lock:
            self.latencies[kind].append(elapsed)


def _thumbnail_step(recorder: _Recorder, device: Any) -> Callable[[int], None]:
    def step(_n: int) -> None:
        recorder.timed("thumbnail", lambda: fetch_thumbnail(device))

    return step


def _flow_step(
    recorder: _Recorder, calls: list[tuple[str, Callable[[], object]]]
) -> Callable[[int], None]:
    def step(n: int) -> None:
        recorder.timed(*calls[n % len(calls)])

    return step


def _paced(rate: float, stop: threading.Event, step: Callable[[int], None]) -> None:
    """Call step(n) rate times per second (random phase) until stop is set."""
    period = 1.0 / rate
    due = time.monotonic() + random.uniform(0, period)
    n = 0
    while not stop.is_set():
        wait = due - time.monotonic()
        if wait > 0 and stop.wait(wait):
            return
        step(n)
        n += 1
        due = max(due + period, time.monotonic() - period)  # late calls are not bunched


def _measure(
    args: argparse.Namespace, adb: AdbServer, fleet_pid: int, devices: list[tuple[Any, Any]]
) -> dict[str, Any]:
    recorder = _Recorder()
    stop = threading.Event()
    threads = []
    for device, u2 in devices:
        if args.thumb_rate > 0:
            step = _thumbnail_step(recorder, device)
            threads.append(threading.Thread(target=_paced, args=(args.thumb_rate, stop, step)))
        if args.flow_rate > 0:
            step = _flow_step(recorder, _flow_calls(device, u2))
            threads.append(threading.Thread(target=_paced, args=(args.flow_rate, stop, step)))
    adb_pid = _adb_server_pid(adb.port)
    for thread in threads:
        thread.start()
    time.sleep(args.warmup)  # first frames fill the glyph cache; not what a farm sees all day
    recorder.reset()
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds(fleet_pid), _cpu_seconds(adb_pid), time.process_time()
    started = time.monotonic()
    time.sleep(args.seconds)
    wall = time.monotonic() - started
    cpu_after = _cpu_seconds(fleet_pid), _cpu_seconds(adb_pid), time.process_time()
    measured = recorder.snapshot()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    figures = _figures(args, measured, wall, cpu_before, cpu_after)
    figures["fleet_rss_mb"] = _rss_mb(fleet_pid)
    # Other work on the machine skews latency: say how busy it was.
    figures["load_average_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return figures


def _figures(
    args: argparse.Namespace,
    recorder: _Recorder,
    wall: float,
    cpu_before: tuple[float, float, float],
    cpu_after: tuple[float, float, float],
) -> dict[str, Any]:
    fleet_cpu, adb_cpu, client_cpu = (
        round(100 * (after - before) / wall, 1)
        for before, after in zip(cpu_before, cpu_after, strict=True)
    )
    figures: dict[str, Any] = {"phones": args.phones, "seconds": round(wall, 1)}
    for kind in ("thumbnail", "shell", "rpc_info", "rpc_swipe", "rpc_dump"):
        values = recorder.latencies.get(kind, [])
        figures[f"{kind}_calls"] = len(values)
        figures[f"{kind}_p50_ms"] = _percentile(values, 50)
        figures[f"{kind}_p99_ms"] = _percentile(values, 99)
    figures["thumbnails_per_s"] = round(len(recorder.latencies["thumbnail"]) / wall, 1)
    flow_kinds = ("shell", "rpc_info", "rpc_swipe", "rpc_dump")
    flow = [v for k in flow_kinds for v in recorder.latencies.get(k, [])]
    figures["flow_call_p99_ms"] = _percentile(flow, 99)
    figures["errors"] = dict(recorder.errors)
    figures["fleet_cpu_percent_of_one_core"] = fleet_cpu
    figures["fleet_cpu_ms_per_phone_s"] = round(10 * fleet_cpu / args.phones, 2)
    figures["adb_server_cpu_percent"] = adb_cpu
    figures["load_generator_cpu_percent"] = client_cpu
    figures["cpu_cores"] = os.cpu_count()
    figures["goal_met"] = (
        figures["thumbnails_per_s"] >= 0.95 * args.phones * args.thumb_rate
        and figures["flow_call_p99_ms"] is not None
        and figures["flow_call_p99_ms"] < 100
    )
    return figures


def _percentile(values: list[float], percent: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[percent - 1], 1)


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (0 when it is unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((ln for ln in status.splitlines() if ln.startswith("VmRSS:")), None)
    return round(int(line.split()[1]) / 1024, 1) if line else None


def _adb_server_pid(port: int) -> int | None:
    """The pid of the adb server listening on port (from /proc cmdlines)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"fork-server" in cmdline and f"tcp:{port}".encode() in cmdline:
            return int(entry.name)
    return None
