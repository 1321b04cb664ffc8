"""A phone's health: battery, temperature, charging, screen, storage and network."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

_SECTION = "@@fleetdeck-section@@"
# One shell round trip for everything; each part is separated by an echoed marker.
_PARTS = ("dumpsys battery", "dumpsys power", "df /data", "ifconfig wlan0")
_BATTERY_CHARGING = 2  # BatteryManager.BATTERY_STATUS_CHARGING
_UNITS = {"": 1 / 1024, "K": 1 / 1024, "M": 1.0, "G": 1024.0, "T": 1024.0 * 1024}


@dataclass(frozen=True)
class DeviceHealth:
    """What a phone reported about itself; None where it did not say.

    Attributes:
        battery_level: percent, 0-100.
        battery_temp_c: battery temperature in °C (dumpsys reports tenths).
        charging: battery status is "charging".
        plugged: on AC, USB or wireless power (a full battery on a charger is plugged,
            not charging).
        screen_on: the display is on.
        storage_free_mb: free space on /data in MiB.
        wlan_ip: the Wi-Fi address, or "" when Wi-Fi is down.
        checked_at: when it was read (time.time() on this PC).
    """

    battery_level: int | None
    battery_temp_c: float | None
    charging: bool | None
    plugged: bool | None
    screen_on: bool | None
    storage_free_mb: int | None
    wlan_ip: str
    checked_at: float

    @property
    def network_up(self) -> bool:
        """True when Wi-Fi has an address."""
        return bool(self.wlan_ip)


def health_command() -> str:
    """The shell command that prints every health source, separated by markers."""
    return f"; echo {_SECTION}; ".join(_PARTS)


def parse_health(output: str, checked_at: float | None = None) -> DeviceHealth:
    """Build the health record from health_command()'s output."""
    parts = output.replace("\r\n", "\n").split(_SECTION)
    parts += [""] * (len(_PARTS) - len(parts))
    battery, power, df, wlan = parts[: len(_PARTS)]
    fields = _battery_fields(battery)
    status = _to_int(fields.get("status"))
    powered = [fields.get(f"{kind} powered") for kind in ("AC", "USB", "Wireless", "Dock")]
    known_power = [value == "true" for value in powered if value is not None]
    temperature = _to_int(fields.get("temperature"))
    return DeviceHealth(
        battery_level=_to_int(fields.get("level")),
        battery_temp_c=temperature / 10 if temperature is not None else None,
        charging=status == _BATTERY_CHARGING if status is not None else None,
        plugged=any(known_power) if known_power else None,
        screen_on=parse_screen_on(power),
        storage_free_mb=parse_free_mb(df),
        wlan_ip=parse_wlan_ip(wlan),
        checked_at=time.time() if checked_at is None else checked_at,
    )


def _battery_fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep and key and key not in fields:  # the first block is the current state
            fields[key.strip()] = value.strip()
    return fields


def _to_int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def parse_screen_on(text: str) -> bool | None:
    """Screen state from ``dumpsys power`` (None when the output says neither)."""
    if "mHoldingDisplaySuspendBlocker=true" in text or "Display Power: state=ON" in text:
        return True
    if "mHoldingDisplaySuspendBlocker=false" in text or "Display Power: state=OFF" in text:
        return False
    match = re.search(r"mWakefulness=(\w+)", text)
    return match.group(1) == "Awake" if match else None


def parse_free_mb(text: str) -> int | None:
    """Free MiB of /data from ``df /data`` (toybox 1K-blocks, or older size-suffixed)."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    header = [word.lower() for word in lines[0]]
    column = next((i for i, w in enumerate(header) if w in ("available", "avail", "free")), None)
    row = next((r for r in lines[1:] if r and r[-1] in ("/data", "/data/")), lines[-1])
    if column is None or column >= len(row):
        return None
    value = row[column]
    if header[1] in ("1k-blocks", "1024-blocks") and value.isdigit():
        return int(value) // 1024
    return _human_mb(value)


def _human_mb(value: str) -> int | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)i?B?", value, re.IGNORECASE)
    if match is None:
        return None
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit.upper()])


def parse_wlan_ip(text: str) -> str:
    """The IPv4 address in ``ifconfig wlan0`` output, or ""."""
    match = re.search(r"inet (?:addr:)?(\d+\.\d+\.\d+\.\d+)", text)
    return match.group(1) if match else ""


def read_health(adb_device: Any, timeout: float = 10.0) -> DeviceHealth:
    """Ask the phone (an adbutils AdbDevice) for its health. Raises adbutils errors."""
    output = adb_device.shell(health_command(), timeout=timeout, rstrip=False)
    return parse_health(str(output))


# Why a phone takes no new work: its codes, worded in ui/words.py.
TOO_HOT = "too_hot"
BATTERY_LOW = "battery_low"


@dataclass(frozen=True)
class HealthLimits:
    """When a phone stops taking new work, and how far it must recover to take it again.

    A phone pauses above ``pause_temp_c`` or below ``pause_battery``; a paused phone
    resumes only once ``resume_cooler_c`` cooler or ``resume_battery_points`` fuller,
    so a phone at the edge does not flap between taking work and refusing it.
    ``pause_battery`` 0 never pauses for the battery.
    """

    pause_temp_c: float = 45.0
    pause_battery: int = 10
    resume_cooler_c: float = 3.0
    resume_battery_points: int = 5


def health_pause(health: DeviceHealth, limits: HealthLimits, paused: str | None) -> str | None:
    """Why the phone should take no new work now (TOO_HOT, BATTERY_LOW), or None.

    ``paused`` is the reason it was paused for until now: that reason keeps holding
    until the phone is past the resume level, not merely back under the pause level.
    Readings the phone did not give (None) never pause it.
    """
    temp, battery = health.battery_temp_c, health.battery_level
    if temp is not None:
        limit = limits.pause_temp_c - (limits.resume_cooler_c if paused == TOO_HOT else 0.0)
        if temp > limit:
            return TOO_HOT
    if battery is not None and limits.pause_battery > 0:
        floor = limits.pause_battery + (
            limits.resume_battery_points if paused == BATTERY_LOW else 0
        )
        if battery < floor:
            return BATTERY_LOW
    return None
