"""The inspector's words for codes from below the UI: why a phone could not be read."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

DEVICE_ERRORS = {
    "device_lost": QT_TRANSLATE_NOOP("DeviceError", "the phone is offline or unplugged"),
    "unauthorized": QT_TRANSLATE_NOOP("DeviceError", "the phone has not allowed this PC (adb)"),
    "adb_unavailable": QT_TRANSLATE_NOOP("DeviceError", "this PC's adb server does not answer"),
    "u2_unavailable": QT_TRANSLATE_NOOP("DeviceError", "uiautomator2 does not answer on the phone"),
    "ui_not_found": QT_TRANSLATE_NOOP("DeviceError", "the element did not appear"),
    "app_not_installed": QT_TRANSLATE_NOOP("DeviceError", "the app is not installed"),
    "app_not_foreground": QT_TRANSLATE_NOOP("DeviceError", "the app did not come to the front"),
    "install_failed": QT_TRANSLATE_NOOP("DeviceError", "the APK was refused"),
    "timeout": QT_TRANSLATE_NOOP("DeviceError", "the phone took too long to answer"),
    "invalid_argument": QT_TRANSLATE_NOOP("DeviceError", "the request was not valid"),
}


def device_error(code: str) -> str:
    """A device error code in the operator's words (the code itself when unknown)."""
    source = DEVICE_ERRORS.get(code)
    return QCoreApplication.translate("DeviceError", source) if source else code
