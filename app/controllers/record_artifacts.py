"""Read an attempt's evidence from the artifact store: its failure screenshot, hierarchy
dump, log and the frames before the failure.

Runs off the GUI thread (a QImage may be built in any thread). Artifacts are read by id
from whichever backend holds them, or from this PC's spool while they wait for upload;
one that cannot be read here gives an empty field and a note saying why, never an
error. Everything is bounded, so a huge dump or log cannot stall the details pane.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QLocale, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from db.artifacts.store import (
    ArtifactKind,
    ArtifactMissing,
    ArtifactState,
    ChecksumMismatch,
    StoreUnavailable,
)
from ui.i18n import QT_TRANSLATE_NOOP
from ui.records.record_data import ArtifactNote
from ui.records.record_details import SCREENSHOT_MAX_HEIGHT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from db.artifacts.reader import ArtifactReader
    from db.artifacts.store import ArtifactInfo

log = logging.getLogger(__name__)

SCREENSHOT_MAX_BYTES = 32 * 1024 * 1024
FRAMES_MAX_BYTES = 16 * 1024 * 1024
HIERARCHY_MAX_CHARS = 200_000
LOG_MAX_BYTES = 1024 * 1024
LOG_MAX_LINES = 5000
READ_MAX_BYTES = {
    ArtifactKind.SCREENSHOT: SCREENSHOT_MAX_BYTES,
    ArtifactKind.FRAMES: FRAMES_MAX_BYTES,
    ArtifactKind.HIERARCHY: 64 * 1024 * 1024,
    ArtifactKind.LOG: 64 * 1024 * 1024,
}


@dataclass(frozen=True)
class Artifacts:
    """What could be read of an attempt's artifacts (empty: none, or unreadable here)."""

    screenshot: QImage | None = None
    hierarchy: str = ""
    log_lines: tuple[str, ...] = ()
    frames: bytes = b""
    notes: tuple[ArtifactNote, ...] = ()


def read_artifacts(reader: ArtifactReader | None, infos: Sequence[ArtifactInfo]) -> Artifacts:
    """Read the newest artifact of each kind (a flow's own screenshots come before the
    failure's) and note every artifact's state and any reason it could not be read."""
    newest: dict[ArtifactKind, ArtifactInfo] = {}
    for info in infos:
        newest[info.kind] = info
    contents: dict[ArtifactKind, bytes] = {}
    notes: list[ArtifactNote] = []
    for info in infos:
        problem = ""
        if newest.get(info.kind) is info:
            data, problem = _read(reader, info)
            if data is not None:
                contents[info.kind] = data
        notes.append(ArtifactNote(info.kind.value, info.id, info.size, info.state.value, problem))
    return Artifacts(
        screenshot=decode_screenshot(contents.get(ArtifactKind.SCREENSHOT)),
        hierarchy=hierarchy_text(contents.get(ArtifactKind.HIERARCHY)),
        log_lines=log_tail(contents.get(ArtifactKind.LOG)),
        frames=contents.get(ArtifactKind.FRAMES, b""),
        notes=tuple(notes),
    )


def _read(reader: ArtifactReader | None, info: ArtifactInfo) -> tuple[bytes | None, str]:
    # The reasons are worded here, in the console's language; the store's English goes
    # to the log (the CLI's `artifacts get` prints it).
    if reader is None:
        return None, _said(QT_TRANSLATE_NOOP("RecordArtifacts", "no artifact store on this PC"))
    if info.size > READ_MAX_BYTES[info.kind]:
        return None, _said(
            QT_TRANSLATE_NOOP("RecordArtifacts", "too large to show ({size} bytes)")
        ).format(size=QLocale().toString(info.size))
    try:
        return reader.read_bytes(info), ""
    except ArtifactMissing as exc:
        log.info("artifact %s not shown: %s", info.id, exc)
        if info.state is ArtifactState.EXPIRED:
            return None, _said(QT_TRANSLATE_NOOP("RecordArtifacts", "deleted by retention"))
        if info.state is ArtifactState.WAITING:
            host = info.host_name or _said(QT_TRANSLATE_NOOP("RecordArtifacts", "another PC"))
            waiting = QT_TRANSLATE_NOOP("RecordArtifacts", "still waiting for upload on {host}")
            return None, _said(waiting).format(host=host)
        return None, _said(QT_TRANSLATE_NOOP("RecordArtifacts", "it is not in the artifact store"))
    except StoreUnavailable as exc:
        log.info("artifact %s not shown: %s", info.id, exc)
        return None, _said(
            QT_TRANSLATE_NOOP("RecordArtifacts", "the artifact store cannot be reached")
        )
    except ChecksumMismatch as exc:
        log.info("artifact %s not shown: %s", info.id, exc)
        return None, _said(
            QT_TRANSLATE_NOOP("RecordArtifacts", "it changed since it was saved (SHA-256 differs)")
        )


def _said(text: str) -> str:
    return QCoreApplication.translate("RecordArtifacts", text)


def decode_screenshot(data: bytes | None, max_height: int = SCREENSHOT_MAX_HEIGHT) -> QImage | None:
    """The decoded picture, scaled down to ``max_height`` (None: none or unreadable)."""
    if not data:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.height() > max_height:
        reader.setScaledSize(
            size.scaled(QSize(size.width(), max_height), Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        log.info("a screenshot could not be decoded: %s", reader.errorString())
        return None
    return image


def hierarchy_text(data: bytes | None, max_chars: int = HIERARCHY_MAX_CHARS) -> str:
    """The dump's text, cut after ``max_chars`` characters with a note saying so."""
    if not data:
        return ""
    text = data.decode("utf-8", errors="replace")
    if len(text) <= max_chars:
        return text
    size_kb = len(data) // 1024
    note = QCoreApplication.translate(
        "RecordArtifacts", "… shortened: the first {chars} characters of {size} KB"
    ).format(chars=QLocale().toString(max_chars), size=QLocale().toString(size_kb))
    return text[:max_chars] + "\n" + note


def log_tail(
    data: bytes | None, max_bytes: int = LOG_MAX_BYTES, max_lines: int = LOG_MAX_LINES
) -> tuple[str, ...]:
    """The log's last lines (the end tells why it failed), with a first line if cut."""
    if not data:
        return ()
    cut = len(data) > max_bytes
    lines = data[-max_bytes:].decode("utf-8", errors="replace").splitlines()
    if cut and lines:
        lines = lines[1:]  # the first line read is probably a partial one
    if len(lines) > max_lines:
        lines, cut = lines[-max_lines:], True
    if cut:
        note = QCoreApplication.translate(
            "RecordArtifacts", "… earlier lines not shown: the last {count} lines follow"
        ).format(count=QLocale().toString(len(lines)))
        return (note, *lines)
    return tuple(lines)
