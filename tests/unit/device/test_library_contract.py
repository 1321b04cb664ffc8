"""The library internals the device layer leans on: fail loudly when an upgrade moves them."""

from __future__ import annotations

import inspect
from importlib.metadata import version

import adbutils
import uiautomator2 as u2
from uiautomator2.core import BasicUiautomatorServer


def test_pinned_versions() -> None:
    assert version("adbutils").startswith("2.12."), "re-check workers/device/adb.py"
    assert version("uiautomator2").startswith("3.7."), "re-check workers/device/driver.py"


def test_adbutils_connection_hooks_the_device_layer_overrides() -> None:
    # workers.device.adb replaces _safe_connect (the auto-start) in its connections.
    init = inspect.getsource(adbutils.AdbConnection.__init__)
    assert "self._safe_connect()" in init
    make = inspect.signature(adbutils.AdbClient.make_connection)
    assert list(make.parameters) == ["self", "timeout"]


def test_uiautomator2_calls_the_driver_makes() -> None:
    # The driver passes an AdbDevice (never a serial string, which would use the
    # module-wide client on port 5037) and calls jsonrpc_call with its own timeout.
    assert list(inspect.signature(BasicUiautomatorServer.jsonrpc_call).parameters) == [
        "self",
        "method",
        "params",
        "timeout",
    ]
    assert "adbutils.AdbDevice" in inspect.getsource(u2.base._BaseClient.__init__)
    assert callable(u2.Selector)
