"""The built-in flows' words in the console's language: descriptions, labels, help, steps.

Flows declare their words in English (their pydantic ``title``/``description``, their YAML
``label``/``help``, the names they give ``ctx.step``); the CLI and JSON show them as
they are. The console looks each one up here by its English text in the "Flow" context
(steps in "FlowStep"), so a flow's words are translated in the same .ts catalog as the
rest of the console. A word without a translation (a user's own YAML flow) shows as
written. See README "For developers: languages".
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.i18n import QT_TRANSLATE_NOOP

# Every text of the built-in flows (workers/flows/builtin, resources/flows); the test
# tests/ui/i18n/test_flow_words.py fails when a built-in flow has a text missing here.
FLOW_TEXTS = (
    QT_TRANSLATE_NOOP("Flow", "Read the logged-in account and bind it to the phone."),
    QT_TRANSLATE_NOOP("Flow", "App"),
    QT_TRANSLATE_NOOP("Flow", "App profile name (e.g. simvideo) or package name."),
    QT_TRANSLATE_NOOP("Flow", "Install an APK from this PC on the phone."),
    QT_TRANSLATE_NOOP("Flow", "APK file"),
    QT_TRANSLATE_NOOP("Flow", "Path of the APK on this PC."),
    QT_TRANSLATE_NOOP("Flow", "Start an app, wait until it is in front, take a screenshot."),
    QT_TRANSLATE_NOOP("Flow", "Collect the comments of one of a creator's videos."),
    QT_TRANSLATE_NOOP("Flow", "The app profile to collect from."),
    QT_TRANSLATE_NOOP("Flow", "Creator"),
    QT_TRANSLATE_NOOP("Flow", "The creator's id in the app, as shown on their profile."),
    QT_TRANSLATE_NOOP("Flow", "Video title"),
    QT_TRANSLATE_NOOP("Flow", "The exact title of the video."),
    QT_TRANSLATE_NOOP("Flow", "Videos to scan"),
    QT_TRANSLATE_NOOP(
        "Flow",
        "How many of the creator's videos to look through for the title (beyond Position, "
        "when it is given).",
    ),
    QT_TRANSLATE_NOOP("Flow", "Position"),
    QT_TRANSLATE_NOOP(
        "Flow",
        "Where collect.titles found the video in the creator's list (0 = unknown): the "
        "search goes that deep plus the videos to scan, so newer videos pushing it down do "
        "not hide it.",
    ),
    QT_TRANSLATE_NOOP("Flow", "Comments"),
    QT_TRANSLATE_NOOP("Flow", "How many comments to collect at most."),
    QT_TRANSLATE_NOOP("Flow", "Collect a creator's video titles with their comment counts."),
    QT_TRANSLATE_NOOP("Flow", "Titles"),
    QT_TRANSLATE_NOOP("Flow", "How many qualifying titles to collect."),
    QT_TRANSLATE_NOOP("Flow", "Minimum comments"),
    QT_TRANSLATE_NOOP(
        "Flow",
        "Only videos with at least 10% more comments than this (the visible count includes "
        "replies); 0 = every video.",
    ),
    QT_TRANSLATE_NOOP("Flow", "Read battery, temperature, storage, network and screen."),
    QT_TRANSLATE_NOOP("Flow", "Find collected comments that contain any of the keywords."),
    QT_TRANSLATE_NOOP("Flow", "Comments batch"),
    QT_TRANSLATE_NOOP("Flow", "A collect.comments batch to scan."),
    QT_TRANSLATE_NOOP("Flow", "Keywords"),
    QT_TRANSLATE_NOOP(
        "Flow", "Words to look for (comma-separated on the command line); case-insensitive."
    ),
    QT_TRANSLATE_NOOP("Flow", "Open SimVideo and show a creator's profile."),
    QT_TRANSLATE_NOOP("Flow", "Collect the first titles of a creator's videos."),
    QT_TRANSLATE_NOOP("Flow", "The creator's id in the app."),
    QT_TRANSLATE_NOOP("Flow", "How many titles to collect."),
    # the watch flows (monitor.account, monitor.keyword, monitor.post) and collect options
    QT_TRANSLATE_NOOP("Flow", "Include replies"),
    QT_TRANSLATE_NOOP("Flow", "Also open each comment's replies (盖楼) and collect them after it."),
    QT_TRANSLATE_NOOP("Flow", "Skip collected"),
    QT_TRANSLATE_NOOP(
        "Flow",
        "Skip titles any earlier batch collected for this creator; the count fills with new ones.",
    ),
    QT_TRANSLATE_NOOP("Flow", "Watch creators: their new videos, and count changes of the newest."),
    QT_TRANSLATE_NOOP("Flow", "The app profile to watch."),
    QT_TRANSLATE_NOOP("Flow", "Creators"),
    QT_TRANSLATE_NOOP("Flow", "Creator ids to watch (comma-separated on the command line)."),
    QT_TRANSLATE_NOOP("Flow", "Read at most this many newest videos."),
    QT_TRANSLATE_NOOP("Flow", "Recent videos"),
    QT_TRANSLATE_NOOP("Flow", "Report comment and like count changes of this many newest videos."),
    QT_TRANSLATE_NOOP("Flow", "With comments"),
    QT_TRANSLATE_NOOP("Flow", "Also collect the new videos' comments."),
    QT_TRANSLATE_NOOP("Flow", "Watch the app's search for keywords: new matching videos."),
    QT_TRANSLATE_NOOP("Flow", "The app profile to search."),
    QT_TRANSLATE_NOOP("Flow", "Words to search for (comma-separated on the command line)."),
    QT_TRANSLATE_NOOP("Flow", "Results to scan"),
    QT_TRANSLATE_NOOP("Flow", "Read at most this many newest results."),
    QT_TRANSLATE_NOOP("Flow", "Also report the new videos' comments that contain the keyword."),
    QT_TRANSLATE_NOOP("Flow", "Watch one post: its counts each run, and new comments and replies."),
    QT_TRANSLATE_NOOP("Flow", "The post's creator id."),
    QT_TRANSLATE_NOOP("Flow", "Title"),
    QT_TRANSLATE_NOOP("Flow", "The post's exact title (or give key)."),
    QT_TRANSLATE_NOOP("Flow", "Key"),
    QT_TRANSLATE_NOOP("Flow", "The post's item key, e.g. c003v017."),
    QT_TRANSLATE_NOOP("Flow", "With replies"),
    QT_TRANSLATE_NOOP("Flow", "Also report new replies under its comments."),
)

# Step names as flows report them; a pattern's groups fill the translation's {0}, {1}.
STEP_TEXTS = (
    QT_TRANSLATE_NOOP("FlowStep", "read the video list"),
    QT_TRANSLATE_NOOP("FlowStep", "find the video"),
    QT_TRANSLATE_NOOP("FlowStep", "read the comments"),
    QT_TRANSLATE_NOOP("FlowStep", "read health"),
    QT_TRANSLATE_NOOP("FlowStep", "open the account page"),
    QT_TRANSLATE_NOOP("FlowStep", "take a screenshot"),
    QT_TRANSLATE_NOOP("FlowStep", "search for the creator"),
    QT_TRANSLATE_NOOP("FlowStep", "open the creator's profile"),
    QT_TRANSLATE_NOOP("FlowStep", "read the titles"),
    QT_TRANSLATE_NOOP("FlowStep", "start"),
    QT_TRANSLATE_NOOP("FlowStep", "find the post"),
)
STEP_PATTERNS = (
    (re.compile(r"start (\S+)"), QT_TRANSLATE_NOOP("FlowStep", "start {0}")),
    (re.compile(r"install (.+)"), QT_TRANSLATE_NOOP("FlowStep", "install {0}")),
    (re.compile(r"open (.+)"), QT_TRANSLATE_NOOP("FlowStep", "open {0}")),
    (re.compile(r"scan batch (\d+)"), QT_TRANSLATE_NOOP("FlowStep", "scan batch {0}")),
    (
        re.compile(r"read (.+)'s newest videos"),
        QT_TRANSLATE_NOOP("FlowStep", "read {0}'s newest videos"),
    ),
    (
        re.compile(r"read the comments of (.+)"),
        QT_TRANSLATE_NOOP("FlowStep", "read the comments of {0}"),
    ),
    (re.compile(r"search videos: (.+)"), QT_TRANSLATE_NOOP("FlowStep", "search videos: {0}")),
)


def flow_text(text: str) -> str:
    """A flow's description, parameter label or help text in the current language."""
    return QCoreApplication.translate("Flow", text) if text else text


def step_text(step: str) -> str:
    """A flow step's name in the current language."""
    if not step:
        return step
    translated = QCoreApplication.translate("FlowStep", step)
    if translated != step or step in STEP_TEXTS:
        return translated
    for pattern, template in STEP_PATTERNS:
        match = pattern.fullmatch(step)
        if match:
            return QCoreApplication.translate("FlowStep", template).format(*match.groups())
    return step
