"""Who a phone is: ro.serialno (its stable identity), model and Android version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Read in one shell round trip; each getprop prints its value and a newline.
_PROPS = (
    "ro.serialno",
    "ro.product.model",
    "ro.product.manufacturer",
    "ro.product.brand",
    "ro.build.version.release",
    "ro.build.version.sdk",
)


@dataclass(frozen=True)
class DeviceIdentity:
    """A phone's identity as the database keeps it.

    Attributes:
        serial: ``ro.serialno``; stays the same over USB, Wi-Fi and reboots (the adb
            serial of a network phone is its address instead).
        adb_serial: how this PC's adb server names it (e.g. ``127.0.0.1:40123``).
        model: ``ro.product.model``.
        manufacturer: ``ro.product.manufacturer`` (or the brand when empty).
        android_version: ``ro.build.version.release``, e.g. ``13``.
        sdk: ``ro.build.version.sdk`` as a number, or None when unreadable.
    """

    serial: str
    adb_serial: str
    model: str
    manufacturer: str
    android_version: str
    sdk: int | None


def identity_command() -> str:
    """The one shell command that prints every property identity needs, a line each."""
    return "; ".join(f"getprop {name}" for name in _PROPS)


def parse_identity(output: str, adb_serial: str) -> DeviceIdentity:
    """Build the identity from identity_command()'s output."""
    lines = [line.strip() for line in output.replace("\r\n", "\n").split("\n")]
    lines += [""] * (len(_PROPS) - len(lines))
    values = dict(zip(_PROPS, lines, strict=False))
    sdk_text = values["ro.build.version.sdk"]
    return DeviceIdentity(
        # A phone without ro.serialno (rare, some clones) keeps its adb serial as identity.
        serial=values["ro.serialno"] or adb_serial,
        adb_serial=adb_serial,
        model=values["ro.product.model"],
        manufacturer=values["ro.product.manufacturer"] or values["ro.product.brand"],
        android_version=values["ro.build.version.release"],
        sdk=int(sdk_text) if sdk_text.isdigit() else None,
    )


def read_identity(adb_device: Any, timeout: float = 5.0) -> DeviceIdentity:
    """Ask the phone (an adbutils AdbDevice) who it is. Raises adbutils errors."""
    output = adb_device.shell(identity_command(), timeout=timeout, rstrip=False)
    return parse_identity(str(output), str(adb_device.serial))
