"""An attempt's evidence as the details pane gets it: decoded, bounded, never fatal."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from app.controllers.record_artifacts import (
    decode_screenshot,
    hierarchy_text,
    log_tail,
    read_artifacts,
)
from db.artifacts.reader import ArtifactReader
from db.artifacts.store import (
    ArtifactInfo,
    ArtifactKind,
    ArtifactMissing,
    ArtifactState,
    sha256_of,
)


def png(width: int, height: int, colour: str = "#27ae60") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


class MemoryStore:
    name = "db"

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, artifact_id: str, data: bytes, kind: ArtifactKind) -> None:
        self.blobs[artifact_id] = data

    def get(self, artifact_id: str) -> bytes:
        if artifact_id not in self.blobs:
            raise ArtifactMissing(artifact_id)
        return self.blobs[artifact_id]

    def delete(self, artifact_id: str) -> None:
        self.blobs.pop(artifact_id, None)


def info(n: int, kind: ArtifactKind, data: bytes, state: str = "stored") -> ArtifactInfo:
    return ArtifactInfo(
        f"{n:032x}", kind, len(data), sha256_of(data), ArtifactState(state), "db", "pc-1", 1,
        datetime(2026, 3, 1, tzinfo=UTC),
    )  # fmt: skip


def test_a_tall_screenshot_is_decoded_scaled_to_the_pane() -> None:
    image = decode_screenshot(png(1080, 2400), max_height=640)
    assert image is not None
    assert (image.width(), image.height()) == (288, 640)  # the phone's proportions kept
    assert image.pixelColor(100, 300) == QColor("#27ae60")


def test_a_small_screenshot_keeps_its_size() -> None:
    image = decode_screenshot(png(90, 200), max_height=640)
    assert image is not None
    assert (image.width(), image.height()) == (90, 200)


def test_unreadable_screenshots_give_none() -> None:
    assert decode_screenshot(b"\x89PNG not really") is None
    assert decode_screenshot(b"") is None
    assert decode_screenshot(None) is None


def test_the_log_keeps_its_last_lines_and_says_when_it_was_cut() -> None:
    data = "".join(f"步骤 {i}\n" for i in range(10)).encode()
    assert log_tail(data) == tuple(f"步骤 {i}" for i in range(10))
    cut = log_tail(data, max_lines=3)
    assert cut[1:] == ("步骤 7", "步骤 8", "步骤 9")
    assert cut[0].startswith("… earlier lines not shown")


def test_a_huge_log_is_read_from_its_end_only() -> None:
    data = "".join(f"line {i:06d}\n" for i in range(100_000)).encode()
    lines = log_tail(data, max_bytes=1200)
    assert lines[-1] == "line 099999"
    assert all(line.startswith("line ") for line in lines[1:])  # no partial first line
    assert len(lines) < 120


def test_a_log_that_is_not_utf8_is_still_shown() -> None:
    assert log_tail(b"ok\n\xff\xfe broken bytes\n") == ("ok", "\ufffd\ufffd broken bytes")


def test_a_long_hierarchy_is_shortened_with_a_note() -> None:
    dump = ("<node/>" * 1000).encode()
    assert hierarchy_text(dump) == "<node/>" * 1000
    text = hierarchy_text(dump, max_chars=70)
    assert text.startswith("<node/>" * 10)
    assert text.endswith("… shortened: the first 70 characters of 6 KB")


def test_the_newest_of_each_kind_is_read_and_every_artifact_is_noted() -> None:
    store = MemoryStore()
    flows_own = info(1, ArtifactKind.SCREENSHOT, png(10, 10, "#000000"))
    failure = info(2, ArtifactKind.SCREENSHOT, png(10, 20, "#c0392b"))
    log = info(3, ArtifactKind.LOG, b"a\nb\n")
    store.blobs = {flows_own.id: png(10, 10, "#000000"), failure.id: png(10, 20, "#c0392b")}
    store.blobs[log.id] = b"a\nb\n"
    found = read_artifacts(ArtifactReader(None, {"db": store}), [flows_own, failure, log])  # type: ignore[arg-type]
    assert found.screenshot is not None
    assert found.screenshot.height() == 20  # the failure's, not the flow's own
    assert found.log_lines == ("a", "b")
    assert [(n.artifact_id, n.problem) for n in found.notes] == [
        (flows_own.id, ""),
        (failure.id, ""),
        (log.id, ""),
    ]


def test_missing_or_damaged_artifacts_give_empty_fields_and_a_reason() -> None:
    store = MemoryStore()
    gone = info(1, ArtifactKind.SCREENSHOT, b"picture")
    damaged = info(2, ArtifactKind.LOG, b"the log")
    store.blobs[damaged.id] = b"the log, changed"
    found = read_artifacts(ArtifactReader(None, {"db": store}), [gone, damaged])  # type: ignore[arg-type]
    assert (found.screenshot, found.hierarchy, found.log_lines) == (None, "", ())
    problems = [note.problem for note in found.notes]
    assert problems == [
        "it is not in the artifact store",
        "it changed since it was saved (SHA-256 differs)",
    ]
    assert read_artifacts(None, [gone]).notes[0].problem == "no artifact store on this PC"
