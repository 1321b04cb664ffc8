"""The phone's state at a failure: network, foreground app, battery; and the trail of
the last driver calls (breadcrumbs) that led there.

One shell round trip reads ``dumpsys connectivity``, ``wifi``, ``window`` and
``battery``; the parsers accept what Android 10-14 print and say None where a source
is silent, so a phone that answers oddly still gives a report.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_SECTION = "@@fleetdeck-snapshot@@"
_PARTS = ("dumpsys connectivity", "dumpsys wifi", "dumpsys window windows", "dumpsys battery")
_DEFAULT_NETWORK = re.compile(r"Active default network:\s*(\S+)")
_TRANSPORTS = re.compile(r"Transports:\s*([A-Z_|]+)")
_WIFI_INFO = re.compile(
    r'mWifiInfo SSID: ("(?P<ssid>[^"]*)"|<unknown ssid>).*?RSSI: (?P<rssi>-?\d+)'
)
_WIFI_STATE = re.compile(r"Supplicant state: (\w+)")
_FOCUS = re.compile(r"mCurrentFocus=Window\{\S+ \S+ (?P<pkg>[\w.]+)/(?P<act>[\w.$]+)\}")
_LEVEL = re.compile(r"^\s*level:\s*(\d+)", re.M)
_TEMPERATURE = re.compile(r"^\s*temperature:\s*(-?\d+)", re.M)


@dataclass(frozen=True)
class PhoneSnapshot:
    """What the phone said about itself when the attempt failed (None: it did not say).

    Attributes:
        network_connected: the phone has a default (internet) network.
        network_transport: ``wifi`` or ``mobile`` for that network.
        wifi_ssid, wifi_rssi: the Wi-Fi it is associated with, and the signal in dBm.
        foreground_package, foreground_activity: what is in front.
        battery_level: percent; battery_temp_c: °C.
    """

    network_connected: bool | None = None
    network_transport: str | None = None
    wifi_ssid: str | None = None
    wifi_rssi: int | None = None
    foreground_package: str | None = None
    foreground_activity: str | None = None
    battery_level: int | None = None
    battery_temp_c: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Breadcrumb:
    """One driver call: when it started (this PC's clock), what, how long, how it ended."""

    at: float  # time.time()
    call: str
    duration_ms: int
    outcome: str  # "ok", an error code, or "stopped"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def snapshot_command() -> str:
    """The shell command that prints every source, separated by markers."""
    return f"; echo {_SECTION}; ".join(_PARTS)


def parse_snapshot(output: str) -> PhoneSnapshot:
    """Build the snapshot from ``snapshot_command()``'s output."""
    parts = output.replace("\r\n", "\n").split(_SECTION)
    parts += [""] * (len(_PARTS) - len(parts))
    connectivity, wifi, window, battery = parts[: len(_PARTS)]
    connected, transport = _network(connectivity)
    ssid, rssi = _wifi(wifi)
    focus = _FOCUS.search(window)
    level = _LEVEL.search(battery)
    temperature = _TEMPERATURE.search(battery)
    return PhoneSnapshot(
        network_connected=connected,
        network_transport=transport,
        wifi_ssid=ssid,
        wifi_rssi=rssi,
        foreground_package=focus.group("pkg") if focus else None,
        foreground_activity=focus.group("act") if focus else None,
        battery_level=int(level.group(1)) if level else None,
        battery_temp_c=int(temperature.group(1)) / 10 if temperature else None,
    )


def _network(text: str) -> tuple[bool | None, str | None]:
    found = _DEFAULT_NETWORK.search(text)
    if found is None:
        return None, None
    if found.group(1).lower() in {"none", "null"}:
        return False, None
    transports = _TRANSPORTS.search(text)
    words = transports.group(1) if transports else ""
    transport = "wifi" if "WIFI" in words else "mobile" if "CELLULAR" in words else None
    return True, transport


def _wifi(text: str) -> tuple[str | None, int | None]:
    state = _WIFI_STATE.search(text)
    info = _WIFI_INFO.search(text)
    if info is None or (state is not None and state.group(1) != "COMPLETED"):
        return None, None
    return info.group("ssid"), int(info.group("rssi"))
