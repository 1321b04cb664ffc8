"""Device errors: one exception with a machine code, and the code's error class."""

from __future__ import annotations

import enum
import http.client
import socket

import adbutils
import uiautomator2.exceptions as u2_errors

from db.pool.states import ErrorClass


class ErrorCode(enum.StrEnum):
    """Why a device call failed. These strings are stored with attempts: a contract."""

    DEVICE_LOST = "device_lost"  # adb connection gone, phone offline or unplugged
    UNAUTHORIZED = "unauthorized"  # the phone has not accepted this PC's adb key
    ADB_UNAVAILABLE = "adb_unavailable"  # this PC's adb server is down or unreachable
    U2_UNAVAILABLE = "u2_unavailable"  # the uiautomator2 server would not start or answer
    UI_NOT_FOUND = "ui_not_found"  # an element did not appear (or go away) in time
    APP_NOT_INSTALLED = "app_not_installed"  # the package is missing on this phone
    APP_NOT_FOREGROUND = "app_not_foreground"  # the app did not come to the front in time
    INSTALL_FAILED = "install_failed"  # the package manager refused the APK
    TIMEOUT = "timeout"  # one call did not return within its timeout
    INVALID_ARGUMENT = "invalid_argument"  # the flow asked for something impossible


#: What the pool does with each code: the one table of it.
ERROR_CLASSES: dict[ErrorCode, ErrorClass] = {
    ErrorCode.DEVICE_LOST: ErrorClass.RETRYABLE,
    ErrorCode.UNAUTHORIZED: ErrorClass.DEVICE,
    ErrorCode.ADB_UNAVAILABLE: ErrorClass.RETRYABLE,
    ErrorCode.U2_UNAVAILABLE: ErrorClass.RETRYABLE,
    ErrorCode.UI_NOT_FOUND: ErrorClass.RETRYABLE,
    ErrorCode.APP_NOT_INSTALLED: ErrorClass.DEVICE,
    ErrorCode.APP_NOT_FOREGROUND: ErrorClass.RETRYABLE,
    ErrorCode.INSTALL_FAILED: ErrorClass.DEVICE,
    ErrorCode.TIMEOUT: ErrorClass.RETRYABLE,
    ErrorCode.INVALID_ARGUMENT: ErrorClass.FATAL,
}


class DeviceError(Exception):
    """A device call failed; ``code`` says why and ``error_class`` what the pool does.

    Attributes:
        code: the ErrorCode.
        error_class: the pool's ErrorClass for the code (as on flow failures).
        serial: the adb serial of the phone, when known.
    """

    def __init__(self, code: ErrorCode | str, message: str, *, serial: str = "") -> None:
        self.code = ErrorCode(code)
        self.serial = serial
        prefix = f"{serial}: " if serial else ""
        super().__init__(f"{prefix}{self.code}: {message}")
        self.message = message

    @property
    def error_class(self) -> ErrorClass:
        """The pool's error class for this code."""
        return ERROR_CLASSES[self.code]


# Exceptions that mean "the conversation with the phone broke"; what broke is found by
# asking the adb server for the phone's state (see classify_state).
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    adbutils.AdbError,
    u2_errors.HTTPError,
    u2_errors.ConnectError,
    u2_errors.AdbShellError,
    http.client.HTTPException,
    ConnectionError,
    EOFError,
    OSError,
)
TIMEOUT_ERRORS: tuple[type[BaseException], ...] = (
    adbutils.AdbTimeout,
    u2_errors.HTTPTimeoutError,
    socket.timeout,
    TimeoutError,
)
U2_ERRORS: tuple[type[BaseException], ...] = (
    u2_errors.LaunchUiAutomationError,
    u2_errors.AccessibilityServiceAlreadyRegisteredError,
    u2_errors.UiAutomationNotConnectedError,
    u2_errors.RPCUnknownError,
    u2_errors.RPCInvalidError,
    u2_errors.RPCStackOverflowError,
)


def code_for_state(state: str) -> ErrorCode | None:
    """The error code a phone's adb state implies, or None when it is usable."""
    if state == "device":
        return None
    if state == "adb_down":
        return ErrorCode.ADB_UNAVAILABLE
    if state == "unauthorized":
        return ErrorCode.UNAUTHORIZED
    return ErrorCode.DEVICE_LOST


def code_for_adb_message(message: str) -> ErrorCode | None:
    """The code an adb server's FAIL message names, if it names one."""
    text = message.lower()
    if "unauthorized" in text:
        return ErrorCode.UNAUTHORIZED
    if "offline" in text or "not found" in text or "no devices" in text:
        return ErrorCode.DEVICE_LOST
    if "connect to adb server" in text:
        return ErrorCode.ADB_UNAVAILABLE
    return None


def is_device_exception(exc: BaseException) -> bool:
    """True for the exceptions a device call may raise that translate() understands."""
    known = (*CONNECTION_ERRORS, *TIMEOUT_ERRORS, *U2_ERRORS, u2_errors.UiObjectNotFoundError)
    return isinstance(exc, known)


def classify(exc: BaseException, state: str | None) -> ErrorCode:
    """The code for a device call's exception, given the phone's adb state after it.

    ``state`` is what the adb server says now ("device", "offline", "unauthorized",
    "gone" when it does not list the phone, "adb_down" when the server is unreachable),
    or None when it was not asked.
    """
    if isinstance(exc, u2_errors.UiObjectNotFoundError):
        return ErrorCode.UI_NOT_FOUND
    if state == "adb_down":
        return ErrorCode.ADB_UNAVAILABLE
    if state is not None and (code := code_for_state(state)) is not None:
        return code
    if isinstance(exc, adbutils.AdbError) and (code := code_for_adb_message(str(exc))):
        return code
    if isinstance(exc, TIMEOUT_ERRORS):
        return ErrorCode.TIMEOUT
    if isinstance(exc, U2_ERRORS + (u2_errors.HTTPError,)):
        return ErrorCode.U2_UNAVAILABLE
    return ErrorCode.DEVICE_LOST
