"""What an operator can do to phones, and the one question asked before doing it to many."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence

from ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class PhoneAction(enum.StrEnum):
    """An action on one or more phones (the value is the action's object name)."""

    STOP = "stop"
    DRAIN = "drain"
    RESUME = "resume"
    RUN_ANYWAY = "run_anyway"  # despite being too hot or low on battery
    RUN_FLOW = "run_flow"
    INSTALL_APK = "install_apk"
    LIVE_VIEW = "live_view"
    SET_LABEL = "set_label"
    SET_ACCOUNT = "set_account"
    REMOVE = "remove"  # only offline phones


@dataclass(frozen=True)
class ActionText:
    """How an action reads in menus, and what to ask before doing it to many phones."""

    label: str
    tip: str
    many_question: str = ""  # "{n}" is the number of phones; empty: never ask
    single_only: bool = False  # makes sense for one phone at a time
    offline_only: bool = False  # only for phones that are offline; asked even for one


ACTION_TEXTS: dict[PhoneAction, ActionText] = {
    PhoneAction.STOP: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Stop"),
        QT_TRANSLATE_NOOP(
            "PhoneAction",
            "Stop the running flow at its next step; the phone takes no work until resumed",
        ),
        QT_TRANSLATE_NOOP(
            "PhoneAction", "Stop {n} phones? Their running flows end at the next step."
        ),
    ),
    PhoneAction.DRAIN: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Drain"),
        QT_TRANSLATE_NOOP("PhoneAction", "Let the current task finish, then take no more work"),
        QT_TRANSLATE_NOOP(
            "PhoneAction", "Drain {n} phones? They finish their current task and take no more."
        ),
    ),
    PhoneAction.RESUME: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Resume"),
        QT_TRANSLATE_NOOP("PhoneAction", "Take work from the pool again"),
        QT_TRANSLATE_NOOP("PhoneAction", "Resume {n} phones? They take work again."),
    ),
    PhoneAction.RUN_ANYWAY: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Run anyway"),
        QT_TRANSLATE_NOOP(
            "PhoneAction",
            "Let a phone paused as too hot or low on battery take work until it recovers",
        ),
        QT_TRANSLATE_NOOP(
            "PhoneAction", "Let {n} phones take work although too hot or low on battery?"
        ),
    ),
    PhoneAction.RUN_FLOW: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Run flow…"),
        QT_TRANSLATE_NOOP("PhoneAction", "Start a flow on these phones now"),
    ),
    PhoneAction.INSTALL_APK: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Install APK…"),
        QT_TRANSLATE_NOOP("PhoneAction", "Install an app package on these phones"),
        QT_TRANSLATE_NOOP("PhoneAction", "Install {apk} on {n} phones?"),
    ),
    PhoneAction.LIVE_VIEW: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Live view"),
        QT_TRANSLATE_NOOP("PhoneAction", "Open a larger, live picture of the phone"),
        single_only=True,
    ),
    PhoneAction.SET_LABEL: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Set label…"),
        QT_TRANSLATE_NOOP("PhoneAction", "Name the phone (e.g. its place on the rack)"),
        single_only=True,
    ),
    PhoneAction.SET_ACCOUNT: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Set account…"),
        QT_TRANSLATE_NOOP("PhoneAction", "Say which app account is logged in on the phone"),
        single_only=True,
    ),
    PhoneAction.REMOVE: ActionText(
        QT_TRANSLATE_NOOP("PhoneAction", "Remove offline phone"),
        QT_TRANSLATE_NOOP(
            "PhoneAction",
            "Take offline phones out of the fleet (they come back if they connect again)",
        ),
        QT_TRANSLATE_NOOP(
            "PhoneAction",
            "Remove {n} offline phone(s) from the fleet? Their each-device tasks are "
            "cancelled; a phone that connects again comes back.",
        ),
        offline_only=True,
    ),
}

STOP_SHORTCUT = QKeySequence("Ctrl+Shift+S")


def build_actions(parent: QWidget) -> dict[PhoneAction, QAction]:
    """Create one QAction per phone action (the grid connects and enables them)."""
    actions = {}
    for action in ACTION_TEXTS:
        qaction = QAction(parent)
        qaction.setObjectName(f"phoneAction_{action.value}")
        actions[action] = qaction
    actions[PhoneAction.STOP].setShortcut(STOP_SHORTCUT)
    retranslate_actions(actions)
    return actions


def retranslate_actions(actions: dict[PhoneAction, QAction]) -> None:
    """Set each action's label and tip in the current language."""
    for action, qaction in actions.items():
        qaction.setText(action_label(action))
        tip = _tr(ACTION_TEXTS[action].tip)
        qaction.setToolTip(tip)
        qaction.setStatusTip(tip)


def action_label(action: PhoneAction) -> str:
    """The action's label in the current language."""
    return _tr(ACTION_TEXTS[action].label)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PhoneAction", text)


def many_question(action: PhoneAction, count: int, **words: str) -> str | None:
    """Return the question to ask before ``action`` on ``count`` phones, or None."""
    text = ACTION_TEXTS[action]
    question = text.many_question
    if not question or (count < 2 and not text.offline_only):
        return None
    return _tr(question).format(n=count, **words)
