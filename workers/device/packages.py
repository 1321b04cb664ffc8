"""Apps on a phone over adb: which is in front, installed, started, stopped, installed anew."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from workers.device.errors import DeviceError, ErrorCode

if TYPE_CHECKING:
    from pathlib import Path

_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*")
_FOCUS = re.compile(r"mCurrentFocus=Window\{[^}]*\s([\w.]+)/[^\s}]+\}")
_RESUMED = re.compile(r"mResumedActivity: ActivityRecord\{[^}]*\s([\w.]+)/[^\s}]+")
_FAILURE = re.compile(r"Failure \[([^\]]+)\]")
_MONKEY_NO_ACTIVITY = "No activities found"


def check_package(package: str) -> str:
    """Return the package name, or raise DeviceError(invalid_argument) for a malformed one."""
    if not isinstance(package, str) or not _PACKAGE.fullmatch(package):
        raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"package {package!r} is not a package name")
    return package


def current_package(adb_device: Any, timeout: float) -> str:
    """The package whose window has the focus, or "" when none does."""
    output = str(adb_device.shell(["dumpsys", "window", "windows"], timeout=timeout))
    if match := _FOCUS.search(output):
        return match.group(1)
    output = str(adb_device.shell(["dumpsys", "activity", "activities"], timeout=timeout))
    match = _RESUMED.search(output)
    return match.group(1) if match else ""


def is_installed(adb_device: Any, package: str, timeout: float) -> bool:
    """True when the package manager knows the package."""
    result = adb_device.shell2(["pm", "path", check_package(package)], timeout=timeout)
    return result.returncode == 0 and "package:" in result.output


def launch(adb_device: Any, package: str, timeout: float) -> None:
    """Start the package's launcher activity (as tapping its icon does)."""
    launcher = "android.intent.category.LAUNCHER"
    command = ["monkey", "-p", check_package(package), "-c", launcher, "1"]
    result = adb_device.shell2(command, timeout=timeout)
    if result.returncode == 0 and _MONKEY_NO_ACTIVITY not in result.output:
        return
    if not is_installed(adb_device, package, timeout):
        raise DeviceError(ErrorCode.APP_NOT_INSTALLED, f"{package} is not installed")
    raise DeviceError(
        ErrorCode.APP_NOT_FOREGROUND, f"{package} did not start: {result.output.strip()[:200]}"
    )


def force_stop(adb_device: Any, package: str, timeout: float) -> None:
    """Stop the package's processes."""
    adb_device.shell(["am", "force-stop", check_package(package)], timeout=timeout)


def install_apk(adb_device: Any, apk: Path, timeout: float) -> None:
    """Push the APK and install it (replacing an older version); DeviceError on refusal."""
    if not apk.is_file():
        raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"apk {str(apk)!r} is not a file")
    remote = f"/data/local/tmp/fleetdeck-{uuid.uuid4().hex[:12]}.apk"
    size = adb_device.sync.push(apk, remote, mode=0o644, check=True)
    try:
        result = adb_device.shell2(["pm", "install", "-r", "-t", remote], timeout=timeout)
    finally:
        adb_device.shell(["rm", "-f", remote], timeout=timeout)
    if "Success" not in result.output:
        match = _FAILURE.search(result.output)
        reason = match.group(1) if match else result.output.strip()[:200] or "no answer"
        raise DeviceError(ErrorCode.INSTALL_FAILED, f"{apk.name} ({size} bytes): {reason}")
