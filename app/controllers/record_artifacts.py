"""Read an attempt's saved evidence: its failure screenshot, hierarchy dump and log.

Runs off the GUI thread (a QImage may be built in any thread). Files live on the PC
that ran the attempt: a file this PC cannot read gives an empty field, never an error.
Everything is bounded, so a huge dump or log cannot stall the details pane.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from ui.records.record_details import SCREENSHOT_MAX_HEIGHT

log = logging.getLogger(__name__)

SCREENSHOT_MAX_BYTES = 32 * 1024 * 1024
HIERARCHY_MAX_CHARS = 200_000
LOG_MAX_BYTES = 1024 * 1024
LOG_MAX_LINES = 5000


@dataclass(frozen=True)
class Artifacts:
    """What could be read of an attempt's files (empty: no file, or unreadable)."""

    screenshot: QImage | None = None
    hierarchy: str = ""
    log_lines: tuple[str, ...] = ()


def read_artifacts(
    screenshot_path: str | None, hierarchy_path: str | None, log_path: str | None
) -> Artifacts:
    """Read the three files an attempt may have left."""
    return Artifacts(
        screenshot=read_screenshot(screenshot_path),
        hierarchy=read_hierarchy(hierarchy_path),
        log_lines=read_log_tail(log_path),
    )


def _readable(path: str | None, limit: int | None = None) -> Path | None:
    if not path:
        return None
    file = Path(path)
    try:
        if not file.is_file() or (limit is not None and file.stat().st_size > limit):
            log.info("artifact %s is missing or too large to show", path)
            return None
    except OSError as exc:
        log.info("artifact %s cannot be read: %s", path, exc)
        return None
    return file


def read_screenshot(path: str | None, max_height: int = SCREENSHOT_MAX_HEIGHT) -> QImage | None:
    """The decoded picture, scaled down to ``max_height`` (None: none or unreadable)."""
    file = _readable(path, SCREENSHOT_MAX_BYTES)
    if file is None:
        return None
    reader = QImageReader(str(file))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.height() > max_height:
        reader.setScaledSize(
            size.scaled(QSize(size.width(), max_height), Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        log.info("screenshot %s could not be decoded: %s", path, reader.errorString())
        return None
    return image


def read_hierarchy(path: str | None, max_chars: int = HIERARCHY_MAX_CHARS) -> str:
    """The dump's text, cut after ``max_chars`` characters with a note saying so."""
    file = _readable(path)
    if file is None:
        return ""
    try:
        with file.open(encoding="utf-8", errors="replace") as stream:
            text = stream.read(max_chars + 1)
            if len(text) <= max_chars:
                return text
            size_kb = file.stat().st_size // 1024
    except OSError as exc:
        log.info("hierarchy %s cannot be read: %s", path, exc)
        return ""
    return text[:max_chars] + f"\n… shortened: the first {max_chars:,} characters of {size_kb:,} KB"


def read_log_tail(
    path: str | None, max_bytes: int = LOG_MAX_BYTES, max_lines: int = LOG_MAX_LINES
) -> tuple[str, ...]:
    """The log's last lines (the end tells why it failed), with a first line if cut."""
    file = _readable(path)
    if file is None:
        return ()
    try:
        with file.open("rb") as stream:
            size = stream.seek(0, 2)
            stream.seek(max(size - max_bytes, 0))
            data = stream.read()
    except OSError as exc:
        log.info("log %s cannot be read: %s", path, exc)
        return ()
    lines = data.decode("utf-8", errors="replace").splitlines()
    cut = size > max_bytes
    if cut and lines:
        lines = lines[1:]  # the first line read is probably a partial one
    if len(lines) > max_lines:
        lines, cut = lines[-max_lines:], True
    if cut:
        return (f"… earlier lines not shown: the last {len(lines):,} lines follow",) + tuple(lines)
    return tuple(lines)
