"""What each error code means, in the operator's language (Qt translation, context
"ErrorCode"; ``pyside6-lupdate`` finds the texts through ``QT_TRANSLATE_NOOP``).

The codes are the machine words stored on every record beside the error class: the
device layer's (``workers/device/errors.py``) and those the built-in and YAML flows
raise. A code a flow invents and this table does not know is shown as itself.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ErrorCode"

_SOURCE_TEXT: dict[str, object] = {
    # the device layer
    "device_lost": QT_TRANSLATE_NOOP(
        "ErrorCode", "The phone dropped off adb: offline, unplugged or rebooting."
    ),
    "unauthorized": QT_TRANSLATE_NOOP("ErrorCode", "The phone has not accepted this PC's adb key."),
    "adb_unavailable": QT_TRANSLATE_NOOP(
        "ErrorCode", "This PC's adb server is down or unreachable."
    ),
    "u2_unavailable": QT_TRANSLATE_NOOP(
        "ErrorCode", "The uiautomator2 service on the phone would not start or answer."
    ),
    "ui_not_found": QT_TRANSLATE_NOOP(
        "ErrorCode", "An element of the app's screen did not appear in time."
    ),
    "app_not_installed": QT_TRANSLATE_NOOP("ErrorCode", "The app is not installed on this phone."),
    "app_not_foreground": QT_TRANSLATE_NOOP(
        "ErrorCode", "The app did not come to the front in time."
    ),
    "install_failed": QT_TRANSLATE_NOOP("ErrorCode", "The phone refused to install the APK."),
    "timeout": QT_TRANSLATE_NOOP(
        "ErrorCode", "A call to the phone, or the whole attempt, ran out of time."
    ),
    "invalid_argument": QT_TRANSLATE_NOOP(
        "ErrorCode", "The flow asked the phone for something impossible."
    ),
    # the flows
    "video_not_found": QT_TRANSLATE_NOOP(
        "ErrorCode", "The video was not found in the creator's list."
    ),
    "creator_not_found": QT_TRANSLATE_NOOP("ErrorCode", "No creator matched the search."),
    "account_restricted": QT_TRANSLATE_NOOP(
        "ErrorCode", "The phone's account is restricted by the app."
    ),
    "network_error": QT_TRANSLATE_NOOP("ErrorCode", "The app showed its network-error notice."),
    # notices the shipped app profiles name
    "not_logged_in": QT_TRANSLATE_NOOP("ErrorCode", "The app on this phone is not logged in."),
    "content_removed": QT_TRANSLATE_NOOP("ErrorCode", "The app says the content was removed."),
    "deep_link_failed": QT_TRANSLATE_NOOP(
        "ErrorCode", "The phone did not open the app's link to the creator."
    ),
    "apk_missing": QT_TRANSLATE_NOOP("ErrorCode", "The APK file to install was not found."),
    "assertion_failed": QT_TRANSLATE_NOOP("ErrorCode", "A check written in the flow did not hold."),
    "bad_params": QT_TRANSLATE_NOOP(
        "ErrorCode", "The task's parameters are not valid for the flow."
    ),
    "bad_step_value": QT_TRANSLATE_NOOP(
        "ErrorCode", "A step of the YAML flow got a value it cannot use."
    ),
    "flow_bug": QT_TRANSLATE_NOOP(
        "ErrorCode", "The flow itself did something wrong (a bug to report)."
    ),
    "flow_loop": QT_TRANSLATE_NOOP("ErrorCode", "Flows call each other in a loop."),
    "no_device": QT_TRANSLATE_NOOP("ErrorCode", "The flow needs a phone but ran without one."),
    "no_profile": QT_TRANSLATE_NOOP(
        "ErrorCode", "The flow names an app profile that does not exist."
    ),
    "no_profile_selector": QT_TRANSLATE_NOOP(
        "ErrorCode", "The app profile lacks a selector the flow uses."
    ),
    "profile_incomplete": QT_TRANSLATE_NOOP(
        "ErrorCode", "The app profile lacks a value the flow needs."
    ),
    "unexpected": QT_TRANSLATE_NOOP(
        "ErrorCode", "The flow raised an unexpected error (a bug to report)."
    ),
    "worker_crash": QT_TRANSLATE_NOOP("ErrorCode", "The worker running the attempt crashed."),
    # the pool and the worker
    "stopped": QT_TRANSLATE_NOOP("ErrorCode", "Stopped by an operator or by shutdown."),
    "lease_lost": QT_TRANSLATE_NOOP(
        "ErrorCode", "The pool gave the task to another phone (lease lost)."
    ),
}

# code -> English description (the translation source text).
ERROR_CODE_TEXT: dict[str, str] = {code: str(text) for code, text in _SOURCE_TEXT.items()}
KNOWN_CODES: tuple[str, ...] = tuple(sorted(ERROR_CODE_TEXT))


def describe_code(code: str) -> str:
    """The code's short description in the operator's language ("" for no code)."""
    if not code:
        return ""
    text = ERROR_CODE_TEXT.get(code)
    if text is None:
        return QCoreApplication.translate("ErrorCode", "A code set by the flow.")
    return QCoreApplication.translate(CONTEXT, text)
