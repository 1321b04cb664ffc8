"""Device error codes, their error classes, and the translation of library exceptions."""

from __future__ import annotations

import adbutils
import pytest
import uiautomator2.exceptions as u2_errors

from db.pool.states import ErrorClass
from workers.device.errors import ERROR_CLASSES, DeviceError, ErrorCode, classify


def test_every_code_has_an_error_class() -> None:
    assert set(ERROR_CLASSES) == set(ErrorCode)


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        ("device_lost", ErrorClass.RETRYABLE),
        ("ui_not_found", ErrorClass.RETRYABLE),
        ("app_not_installed", ErrorClass.DEVICE),
        ("unauthorized", ErrorClass.DEVICE),
        ("u2_unavailable", ErrorClass.RETRYABLE),
        ("timeout", ErrorClass.RETRYABLE),
        ("invalid_argument", ErrorClass.FATAL),
    ],
)
def test_error_carries_code_and_class(code: str, error_class: ErrorClass) -> None:
    error = DeviceError(code, "what happened", serial="127.0.0.1:4000")
    assert error.code == code
    assert error.error_class is error_class
    assert str(error) == f"127.0.0.1:4000: {code}: what happened"


def test_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="nope"):
        DeviceError("nope", "x")


@pytest.mark.parametrize(
    ("exc", "state", "code"),
    [
        (adbutils.AdbError("closed"), "offline", ErrorCode.DEVICE_LOST),
        (adbutils.AdbError("closed"), "gone", ErrorCode.DEVICE_LOST),
        (adbutils.AdbError("closed"), "unauthorized", ErrorCode.UNAUTHORIZED),
        (adbutils.AdbError("anything"), "adb_down", ErrorCode.ADB_UNAVAILABLE),
        (adbutils.AdbError("device unauthorized."), None, ErrorCode.UNAUTHORIZED),
        (adbutils.AdbTimeout("read"), "device", ErrorCode.TIMEOUT),
        (TimeoutError(), "device", ErrorCode.TIMEOUT),
        (u2_errors.HTTPError("refused"), "device", ErrorCode.U2_UNAVAILABLE),
        (u2_errors.LaunchUiAutomationError("quit"), "device", ErrorCode.U2_UNAVAILABLE),
        (u2_errors.UiObjectNotFoundError(-32001, "x", {}), "device", ErrorCode.UI_NOT_FOUND),
        (u2_errors.UiObjectNotFoundError(-32001, "x", {}), "offline", ErrorCode.UI_NOT_FOUND),
        (ConnectionResetError(), "device", ErrorCode.DEVICE_LOST),
    ],
)
def test_classify(exc: BaseException, state: str | None, code: ErrorCode) -> None:
    assert classify(exc, state) is code
