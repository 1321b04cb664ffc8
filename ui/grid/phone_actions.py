"""What an operator can do to phones, and the one question asked before doing it to many."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class PhoneAction(enum.StrEnum):
    """An action on one or more phones (the value is the action's object name)."""

    STOP = "stop"
    DRAIN = "drain"
    RESUME = "resume"
    RUN_FLOW = "run_flow"
    INSTALL_APK = "install_apk"
    LIVE_VIEW = "live_view"
    SET_LABEL = "set_label"
    SET_ACCOUNT = "set_account"


@dataclass(frozen=True)
class ActionText:
    """How an action reads in menus, and what to ask before doing it to many phones."""

    label: str
    tip: str
    many_question: str = ""  # "{n}" is the number of phones; empty: never ask
    single_only: bool = False  # makes sense for one phone at a time


ACTION_TEXTS: dict[PhoneAction, ActionText] = {
    PhoneAction.STOP: ActionText(
        "Stop",
        "Stop the running flow at its next step; the phone takes no work until resumed",
        "Stop {n} phones? Their running flows end at the next step.",
    ),
    PhoneAction.DRAIN: ActionText(
        "Drain",
        "Let the current task finish, then take no more work",
        "Drain {n} phones? They finish their current task and take no more.",
    ),
    PhoneAction.RESUME: ActionText(
        "Resume", "Take work from the pool again", "Resume {n} phones? They take work again."
    ),
    PhoneAction.RUN_FLOW: ActionText("Run flow…", "Start a flow on these phones now"),
    PhoneAction.INSTALL_APK: ActionText(
        "Install APK…",
        "Install an app package on these phones",
        "Install {apk} on {n} phones?",
    ),
    PhoneAction.LIVE_VIEW: ActionText(
        "Live view", "Open a larger, live picture of the phone", single_only=True
    ),
    PhoneAction.SET_LABEL: ActionText(
        "Set label…", "Name the phone (e.g. its place on the rack)", single_only=True
    ),
    PhoneAction.SET_ACCOUNT: ActionText(
        "Set account…", "Say which app account is logged in on the phone", single_only=True
    ),
}

STOP_SHORTCUT = QKeySequence("Ctrl+Shift+S")


def build_actions(parent: QWidget) -> dict[PhoneAction, QAction]:
    """Create one QAction per phone action (the grid connects and enables them)."""
    actions = {}
    for action, text in ACTION_TEXTS.items():
        qaction = QAction(text.label, parent)
        qaction.setObjectName(f"phoneAction_{action.value}")
        qaction.setToolTip(text.tip)
        qaction.setStatusTip(text.tip)
        actions[action] = qaction
    actions[PhoneAction.STOP].setShortcut(STOP_SHORTCUT)
    return actions


def many_question(action: PhoneAction, count: int, **words: str) -> str | None:
    """Return the question to ask before ``action`` on ``count`` phones, or None."""
    question = ACTION_TEXTS[action].many_question
    if count < 2 or not question:
        return None
    return question.format(n=count, **words)
